"""A placement keeps the funding in force when it was approved (issue 9).

On approval the placement copies who pays and the day rate: from the host
and home boroughs' agreement when one is in force on the first day, else from
the help request. A later change to either leaves the placement as agreed,
and its page says where the terms came from.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import Agreement, FundingModel
from money.agreements.services import (
    agreement_accept,
    agreement_decline,
    agreement_propose,
    agreement_record,
    agreement_withdraw,
)
from secondments import services
from secondments.models import FundingSource, HelpRequest, Placement
from tests.factories import PlacementFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def approve(haringey_manager, camden_manager, camden_worker, coordinator):
    """Approve Camden's worker for a new Haringey request with these terms."""

    def _approve(**terms) -> Placement:
        draft = services.help_request_create(
            by=haringey_manager, data=request_data(places=1, **terms)
        )
        help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
        application = services.application_volunteer(help_request=help_request, by=camden_worker)
        services.application_select(application=application, by=haringey_manager)
        services.application_release(application=application, by=camden_manager)
        return services.application_approve(application=application, by=coordinator)

    return _approve


@pytest.fixture
def day_rate_agreement(haringey, camden, coordinator) -> Agreement:
    return agreement_record(
        borough_a=haringey,
        borough_b=camden,
        funding_model=FundingModel.DAY_RATE,
        day_rate=Decimal("275.50"),
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        by=coordinator,
    )


def test_approval_copies_the_help_requests_terms(approve):
    placement = approve(funding_model=FundingModel.DAY_RATE, day_rate=Decimal("350.00"))

    placement.refresh_from_db()
    assert placement.funding_model == FundingModel.DAY_RATE
    assert placement.day_rate == Decimal("350.00")
    assert placement.funding_source == FundingSource.REQUEST
    event = AuditEvent.objects.get(action="placement_confirmed", object_id=placement.pk)
    assert {"funding_model", "day_rate", "funding_source"} <= set(event.changed_fields)


def test_approval_under_an_agreement_in_force_copies_the_agreements_terms(
    approve, day_rate_agreement
):
    placement = approve(funding_model=FundingModel.HOME_FUNDED)

    placement.refresh_from_db()
    assert placement.funding_model == FundingModel.DAY_RATE
    assert placement.day_rate == Decimal("275.50")
    assert placement.funding_source == FundingSource.AGREEMENT


def test_an_agreement_ended_before_the_first_day_does_not_count(approve, day_rate_agreement):
    Agreement.objects.filter(pk=day_rate_agreement.pk).update(
        ends_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    placement = approve(funding_model=FundingModel.HOST_RECHARGE)

    assert placement.funding_model == FundingModel.HOST_RECHARGE
    assert placement.day_rate is None
    assert placement.funding_source == FundingSource.REQUEST


@pytest.mark.parametrize("status", ["proposed", "declined", "withdrawn"])
def test_an_agreement_not_accepted_does_not_set_the_funding(
    approve, haringey, camden, haringey_manager, camden_manager, status
):
    proposal = agreement_propose(
        from_borough=haringey,
        to_borough=camden,
        funding_model=FundingModel.DAY_RATE,
        day_rate=Decimal("410.00"),
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        by=haringey_manager,
    )
    if status == "declined":
        agreement_decline(agreement=proposal, reason="Not this year", by=camden_manager)
    elif status == "withdrawn":
        agreement_withdraw(agreement=proposal, by=haringey_manager)

    placement = approve(funding_model=FundingModel.HOME_FUNDED)

    assert placement.funding_model == FundingModel.HOME_FUNDED
    assert placement.day_rate is None
    assert placement.funding_source == FundingSource.REQUEST


def test_an_accepted_proposal_sets_the_funding(
    approve, haringey, camden, haringey_manager, camden_manager
):
    proposal = agreement_propose(
        from_borough=haringey,
        to_borough=camden,
        funding_model=FundingModel.DAY_RATE,
        day_rate=Decimal("410.00"),
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        by=haringey_manager,
    )
    agreement_accept(agreement=proposal, by=camden_manager)

    placement = approve(funding_model=FundingModel.HOME_FUNDED)

    assert placement.funding_model == FundingModel.DAY_RATE
    assert placement.day_rate == Decimal("410.00")
    assert placement.funding_source == FundingSource.AGREEMENT


def test_changing_the_requests_rate_after_approval_leaves_the_placement_as_agreed(approve):
    placement = approve(funding_model=FundingModel.DAY_RATE, day_rate=Decimal("350.00"))

    HelpRequest.objects.filter(pk=placement.help_request_id).update(day_rate=Decimal("500.00"))

    placement.refresh_from_db()
    assert placement.day_rate == Decimal("350.00")


def test_changing_the_agreements_terms_after_approval_leaves_the_placement_as_agreed(
    approve, day_rate_agreement
):
    placement = approve()

    Agreement.objects.filter(pk=day_rate_agreement.pk).update(
        funding_model=FundingModel.HOME_FUNDED, day_rate=None
    )

    placement.refresh_from_db()
    assert placement.funding_model == FundingModel.DAY_RATE
    assert placement.day_rate == Decimal("275.50")


def test_the_page_shows_the_agreements_terms_and_when_they_were_in_force(
    client, approve, day_rate_agreement, camden_worker
):
    placement = approve()
    client.force_login(camden_worker)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert "Funding" in page
    assert "Agreed day rate" in page
    assert "£275.50 a day" in page
    assert (
        "Terms from the agreement between Haringey and Camden, "
        f"in force on {timezone.localdate():%-d %B %Y}"
    ) in page


def test_the_page_shows_the_requests_terms_in_pounds_and_pence(client, approve, camden_manager):
    placement = approve(funding_model=FundingModel.DAY_RATE, day_rate=Decimal("1350"))
    client.force_login(camden_manager)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert "£1,350.00 a day" in page
    assert "Terms from the help request" in page


def test_the_page_shows_no_rate_when_the_home_borough_pays(client, approve, coordinator):
    placement = approve(funding_model=FundingModel.HOME_FUNDED)
    client.force_login(coordinator)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert "Home borough pays" in page
    assert "a day" not in page


def test_an_absurd_rate_is_refused_on_the_request_and_again_at_approval(
    haringey_manager, camden_manager, camden_worker, coordinator
):
    terms = {"funding_model": FundingModel.DAY_RATE}
    with pytest.raises(ValidationError, match="£2,000 or less"):
        services.help_request_create(
            by=haringey_manager, data=request_data(places=1, day_rate=Decimal("20000"), **terms)
        )
    # A request saved before the ceiling existed still cannot make a placement.
    draft = services.help_request_create(
        by=haringey_manager, data=request_data(places=1, day_rate=Decimal("350"), **terms)
    )
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)
    HelpRequest.objects.filter(pk=help_request.pk).update(day_rate=Decimal("20000"))
    application.refresh_from_db()

    with pytest.raises(ValidationError, match="more than £2,000"):
        services.application_approve(application=application, by=coordinator)
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("day_rate", "constraint"),
    [
        (None, "placement_day_rate_needs_amount"),
        (Decimal("-1.00"), "placement_day_rate_0_to_2000"),
        (Decimal("2000.01"), "placement_day_rate_0_to_2000"),
    ],
)
def test_the_database_refuses_a_day_rate_placement_without_a_sensible_rate(
    haringey, camden_worker, day_rate, constraint
):
    placement = PlacementFactory(help_request__borough=haringey, worker=camden_worker)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(
            funding_model=FundingModel.DAY_RATE, day_rate=day_rate
        )
