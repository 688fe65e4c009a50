"""A borough's manager proposes an agreement to another borough: the terms are
saved as a proposal, the other borough's managers are told, and bad terms get a
specific message and save nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import Agreement, AgreementStatus, FundingModel
from money.agreements.services import agreement_propose, agreement_record
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _form(other, **overrides) -> dict:
    data = {
        "other_borough": str(other.pk),
        "funding_model": FundingModel.DAY_RATE,
        "day_rate": "350",
        "recharge_terms": "",
        "starts_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
        "ends_on": "",
        "notes": "As discussed at the partnership board",
    }
    return data | overrides


def _propose(client, manager, other, **overrides):
    client.force_login(manager)
    return client.post(reverse("agreement_propose"), _form(other, **overrides))


def test_manager_proposes_an_agreement_and_the_other_borough_is_told(
    client, camden, hackney, camden_manager, hackney_manager
):
    response = _propose(client, camden_manager, hackney)

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.status == AgreementStatus.PROPOSED
    assert agreement.proposed_by == camden
    assert agreement.day_rate == 350
    assert {agreement.borough_a, agreement.borough_b} == {camden, hackney}
    notice = Notification.objects.get(recipient=hackney_manager)
    assert notice.event == "agreement_proposed"
    assert "Camden proposes an agreement with Hackney" in notice.title
    assert not Notification.objects.filter(recipient=camden_manager).exists()
    assert AuditEvent.objects.filter(action="agreement_proposed").count() == 1

    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Waiting for Hackney" in page
    assert "£350.00 a day" in page


def test_propose_page_offers_every_borough_but_ones_own(client, camden, hackney, camden_manager):
    client.force_login(camden_manager)

    page = client.get(reverse("agreement_propose")).content.decode()

    assert ">Hackney</option>" in page
    assert ">Camden</option>" not in page
    assert "Propose agreement" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day_rate": ""}, "Enter the agreed day rate"),
        ({"day_rate": "-20"}, "Day rate must be more than £0"),
        ({"day_rate": "2000.01"}, "Day rate must be £2,000 or less"),
        ({"day_rate": "99999999"}, "Day rate must be £2,000 or less"),
        ({"day_rate": "lots"}, "Day rate must be an amount of money"),
        (
            {"funding_model": FundingModel.HOME_FUNDED, "day_rate": "300"},
            "Leave the day rate empty unless the funding is an agreed day rate",
        ),
        ({"funding_model": ""}, "Select how secondments between the boroughs are funded"),
        (
            {
                "starts_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
                "ends_on": (TODAY + datetime.timedelta(days=10)).isoformat(),
            },
            "End date must be the same as or after the start date",
        ),
        (
            {"starts_on": (TODAY + datetime.timedelta(days=2 * 366 + 1)).isoformat()},
            "Start date must be on or before",
        ),
        ({"starts_on": ""}, "Enter the start date"),
        ({"notes": "x" * 2001}, "Note must be 2,000 characters or fewer"),
    ],
)
def test_bad_terms_get_a_specific_error_and_save_nothing(
    client, camden, hackney, camden_manager, overrides, message
):
    response = _propose(client, camden_manager, hackney, **overrides)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Agreement.objects.exists()
    assert not Notification.objects.exists()


def test_an_agreement_with_ones_own_borough_is_refused(client, camden, camden_manager):
    response = _propose(client, camden_manager, camden)

    assert response.status_code == 400
    assert "Select the borough the agreement is with" in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_service_refuses_an_agreement_with_ones_own_borough(camden, camden_manager):
    with pytest.raises(ValidationError, match="Select a borough other than your own"):
        agreement_propose(
            from_borough=camden,
            to_borough=camden,
            funding_model=FundingModel.HOME_FUNDED,
            starts_on=TODAY,
            by=camden_manager,
        )
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("status", ["proposed", "accepted"])
def test_dates_overlapping_a_proposed_or_accepted_agreement_are_refused(
    client, camden, hackney, camden_manager, hackney_manager, coordinator, status
):
    if status == "proposed":
        agreement_propose(
            from_borough=hackney,
            to_borough=camden,
            funding_model=FundingModel.HOME_FUNDED,
            starts_on=TODAY,
            by=hackney_manager,
        )
    else:
        agreement_record(
            borough_a=camden,
            borough_b=hackney,
            funding_model=FundingModel.HOME_FUNDED,
            starts_on=TODAY,
            ends_on=TODAY + datetime.timedelta(days=100),
            by=coordinator,
        )

    response = _propose(client, camden_manager, hackney)

    assert response.status_code == 400
    assert "Camden and Hackney already have an agreement" in response.content.decode()
    assert Agreement.objects.count() == 1


def test_dates_after_an_agreement_ends_are_free_for_a_new_one(
    client, camden, hackney, camden_manager, coordinator
):
    agreement_record(
        borough_a=camden,
        borough_b=hackney,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY - datetime.timedelta(days=100),
        ends_on=TODAY + datetime.timedelta(days=13),
        by=coordinator,
    )

    response = _propose(client, camden_manager, hackney)

    assert response.status_code == 302
    assert Agreement.objects.count() == 2


def test_a_declined_proposal_does_not_hold_the_dates(
    client, camden, hackney, camden_manager, hackney_manager
):
    Agreement.objects.create(
        borough_a=camden,
        borough_b=hackney,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY,
        status=AgreementStatus.DECLINED,
        proposed_by=hackney,
    )

    assert _propose(client, camden_manager, hackney).status_code == 302


@pytest.mark.parametrize("person", ["camden_worker", "coordinator"])
def test_only_a_manager_proposes(client, request, camden, hackney, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(reverse("agreement_propose")).status_code == 404
    assert client.post(reverse("agreement_propose"), _form(hackney)).status_code == 404
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("funding_model", "day_rate", "message"),
    [
        (FundingModel.DAY_RATE, None, "Enter the agreed day rate"),
        (FundingModel.HOST_RECHARGE, "300", "Leave the day rate empty"),
        (FundingModel.DAY_RATE, "0", "Day rate must be more than £0"),
        (FundingModel.DAY_RATE, "2001", "Day rate must be £2,000 or less"),
        (FundingModel.DAY_RATE, "three hundred", "Day rate must be an amount of money"),
    ],
)
def test_the_service_itself_refuses_bad_day_rates(
    camden, hackney, camden_manager, funding_model, day_rate, message
):
    with pytest.raises(ValidationError, match=message):
        agreement_propose(
            from_borough=camden,
            to_borough=hackney,
            funding_model=funding_model,
            day_rate=day_rate,
            starts_on=TODAY,
            by=camden_manager,
        )
    assert not Agreement.objects.exists()


def _record_form(first, second, **overrides) -> dict:
    data = _form(second, **overrides) | {"borough_a": str(first.pk), "borough_b": str(second.pk)}
    del data["other_borough"]
    return data


def test_a_coordinator_records_an_agreement_in_force_at_once(
    client, camden, hackney, coordinator, camden_manager, hackney_manager
):
    client.force_login(coordinator)
    assert "Record agreement" in client.get(reverse("agreement_record")).content.decode()

    response = client.post(reverse("agreement_record"), _record_form(hackney, camden))

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert agreement.status == AgreementStatus.ACCEPTED
    assert agreement.proposed_by is None
    assert AuditEvent.objects.filter(action="agreement_created").count() == 1
    # Both boroughs hear of it: neither proposed it.
    told = Notification.objects.filter(event="agreement_recorded")
    assert {n.recipient.borough.name for n in told} == {"Camden", "Hackney"}


@pytest.mark.parametrize(
    ("same", "overrides", "message"),
    [
        (True, {}, "Select a borough other than the first"),
        (False, {"day_rate": "5000"}, "Day rate must be £2,000 or less"),
    ],
)
def test_a_coordinators_bad_record_is_refused(
    client, camden, hackney, coordinator, same, overrides, message
):
    client.force_login(coordinator)

    response = client.post(
        reverse("agreement_record"), _record_form(camden, camden if same else hackney, **overrides)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_only_a_coordinator_records(client, camden, hackney, camden_manager):
    client.force_login(camden_manager)

    assert client.get(reverse("agreement_record")).status_code == 404
    assert (
        client.post(reverse("agreement_record"), _record_form(camden, hackney)).status_code == 404
    )
    assert not Agreement.objects.exists()
