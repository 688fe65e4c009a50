"""Either borough ends an agreement in force, with notice and a reason;
coordinators may end one from today."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Agreement, FundingModel
from money.agreements.services import NOTICE_DAYS, agreement_propose, agreement_record
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def in_force(camden, hackney, coordinator):
    return agreement_record(
        borough_a=camden,
        borough_b=hackney,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY - datetime.timedelta(days=60),
        by=coordinator,
    )


def _end(client, agreement, days_ahead: int, reason: str = "Budgets are changing"):
    ends_on = TODAY + datetime.timedelta(days=days_ahead)
    return client.post(
        reverse("agreement_end", args=[agreement.pk]),
        {"ends_on": ends_on.isoformat(), "reason": reason},
    )


@pytest.mark.parametrize("manager", ["camden_manager", "hackney_manager"])
def test_either_boroughs_manager_ends_with_notice(
    client, request, in_force, camden_manager, hackney_manager, manager
):
    person = request.getfixturevalue(manager)
    other = hackney_manager if person == camden_manager else camden_manager
    client.force_login(person)
    page = html.unescape(client.get(in_force.get_absolute_url()).content.decode())
    assert f"at least {NOTICE_DAYS} days' notice" in page
    assert "End agreement" in page

    response = _end(client, in_force, NOTICE_DAYS)

    in_force.refresh_from_db()
    assert response.status_code == 302
    assert in_force.ends_on == TODAY + datetime.timedelta(days=NOTICE_DAYS)
    assert in_force.end_reason == "Budgets are changing"
    assert Notification.objects.get(recipient=other).event == "agreement_ended"
    assert not Notification.objects.filter(recipient=person).exists()


def test_a_manager_cannot_end_with_less_than_the_notice(client, in_force, camden_manager):
    client.force_login(camden_manager)

    response = _end(client, in_force, NOTICE_DAYS - 1)

    in_force.refresh_from_db()
    assert response.status_code == 400
    assert f"({NOTICE_DAYS} days' notice)" in html.unescape(response.content.decode())
    assert in_force.ends_on is None
    assert not Notification.objects.exists()


def test_ending_needs_a_reason(client, in_force, camden_manager):
    client.force_login(camden_manager)

    response = _end(client, in_force, NOTICE_DAYS + 5, reason="")

    in_force.refresh_from_db()
    assert response.status_code == 400
    assert "Enter why the agreement is ending" in response.content.decode()
    assert in_force.ends_on is None


def test_a_coordinator_ends_an_agreement_from_today(client, in_force, coordinator):
    client.force_login(coordinator)

    response = _end(client, in_force, 0, reason="The partnership has closed")

    in_force.refresh_from_db()
    assert response.status_code == 302
    assert in_force.ends_on == TODAY


def test_an_end_date_after_the_agreed_end_is_refused(
    client, camden, haringey, coordinator, camden_manager
):
    agreement = agreement_record(
        borough_a=camden,
        borough_b=haringey,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=60),
        by=coordinator,
    )
    client.force_login(camden_manager)

    response = _end(client, agreement, 90)

    agreement.refresh_from_db()
    assert response.status_code == 400
    assert "when the agreement already ends" in response.content.decode()
    assert agreement.ends_on == TODAY + datetime.timedelta(days=60)


def test_an_agreement_already_ended_cannot_be_ended_again(client, camden, hackney, coordinator):
    ended = agreement_record(
        borough_a=camden,
        borough_b=hackney,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY - datetime.timedelta(days=60),
        ends_on=TODAY - datetime.timedelta(days=1),
        by=coordinator,
    )
    client.force_login(coordinator)

    response = _end(client, ended, 0)

    assert response.status_code == 409
    assert Agreement.objects.get().ends_on == TODAY - datetime.timedelta(days=1)


def test_a_proposal_cannot_be_ended(client, camden, hackney, camden_manager, hackney_manager):
    proposal = agreement_propose(
        from_borough=camden,
        to_borough=hackney,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY,
        by=camden_manager,
    )
    client.force_login(hackney_manager)

    response = _end(client, proposal, NOTICE_DAYS)

    assert response.status_code == 409
    assert Agreement.objects.get().ends_on is None
