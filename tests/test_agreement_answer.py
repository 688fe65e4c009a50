"""The other borough answers a proposal: accepts it, amends the terms (a
counter-proposal the first borough then answers) or declines with a reason;
the proposer may withdraw it. Only the borough that did not make the current
proposal answers it; coordinators may answer for either."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import Agreement, AgreementStatus, FundingModel
from money.agreements.services import agreement_propose
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def proposal(camden, hackney, camden_manager):
    return agreement_propose(
        from_borough=camden,
        to_borough=hackney,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY + datetime.timedelta(days=7),
        by=camden_manager,
    )


def _terms(**overrides) -> dict:
    data = {
        "funding_model": FundingModel.DAY_RATE,
        "day_rate": "400",
        "recharge_terms": "",
        "starts_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=400)).isoformat(),
        "notes": "",
    }
    return data | overrides


def test_the_other_boroughs_manager_accepts(client, proposal, hackney_manager, camden_manager):
    Notification.objects.all().delete()
    client.force_login(hackney_manager)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Accept agreement" in page and "Decline agreement" in page and "Amend terms" in page

    response = client.post(reverse("agreement_accept", args=[proposal.pk]))

    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.status == AgreementStatus.ACCEPTED
    assert proposal.decided_at is not None
    assert Notification.objects.get(recipient=camden_manager).event == "agreement_answered"
    # It starts in a week: accepted, not yet in force.
    assert "Accepted, starts" in client.get(proposal.get_absolute_url()).content.decode()


def test_the_proposer_cannot_accept_their_own_terms(client, proposal, camden_manager):
    client.force_login(camden_manager)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Accept agreement" not in page
    assert "Withdraw proposal" in page

    response = client.post(reverse("agreement_accept", args=[proposal.pk]))

    proposal.refresh_from_db()
    assert response.status_code == 403
    assert proposal.status == AgreementStatus.PROPOSED


def test_accepting_an_agreement_already_decided_is_a_conflict(client, proposal, hackney_manager):
    client.force_login(hackney_manager)
    client.post(reverse("agreement_accept", args=[proposal.pk]))

    response = client.post(reverse("agreement_accept", args=[proposal.pk]))

    assert response.status_code == 409
    assert "This agreement is already accepted" in response.content.decode()
    assert AuditEvent.objects.filter(action="agreement_accepted").count() == 1


def test_amending_makes_a_counter_proposal_for_the_first_borough(
    client, proposal, camden, hackney, camden_manager, hackney_manager
):
    Notification.objects.all().delete()
    client.force_login(hackney_manager)
    form = client.get(reverse("agreement_amend", args=[proposal.pk])).content.decode()
    assert "Send amended terms" in form

    response = client.post(reverse("agreement_amend", args=[proposal.pk]), _terms())

    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.status == AgreementStatus.PROPOSED
    assert proposal.proposed_by == hackney
    assert proposal.day_rate == 400
    assert Notification.objects.get(recipient=camden_manager).event == "agreement_proposed"
    # Now Hackney waits, and Camden answers.
    assert client.post(reverse("agreement_accept", args=[proposal.pk])).status_code == 403
    client.force_login(camden_manager)
    assert client.post(reverse("agreement_accept", args=[proposal.pk])).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == AgreementStatus.ACCEPTED


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day_rate": ""}, "Enter the agreed day rate"),
        ({"day_rate": "-1"}, "Day rate must be more than £0"),
        ({"day_rate": "2500"}, "Day rate must be £2,000 or less"),
        (
            {"ends_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "End date must be the same as or after the start date",
        ),
    ],
)
def test_bad_amended_terms_get_an_error_and_change_nothing(
    client, proposal, camden, hackney_manager, overrides, message
):
    client.force_login(hackney_manager)

    response = client.post(reverse("agreement_amend", args=[proposal.pk]), _terms(**overrides))

    proposal.refresh_from_db()
    assert response.status_code == 400
    assert message in response.content.decode()
    assert proposal.proposed_by == camden
    assert proposal.funding_model == FundingModel.HOME_FUNDED


def test_the_proposer_cannot_amend_their_own_terms(client, proposal, camden, camden_manager):
    client.force_login(camden_manager)

    response = client.post(reverse("agreement_amend", args=[proposal.pk]), _terms())

    proposal.refresh_from_db()
    assert response.status_code == 403
    assert proposal.funding_model == FundingModel.HOME_FUNDED


def test_declining_needs_a_reason_and_tells_the_proposer(
    client, proposal, hackney_manager, camden_manager
):
    Notification.objects.all().delete()
    client.force_login(hackney_manager)

    empty = client.post(reverse("agreement_decline", args=[proposal.pk]), {"reason": " "})
    proposal.refresh_from_db()
    assert empty.status_code == 400
    assert "Enter why you are declining this agreement" in empty.content.decode()
    assert proposal.status == AgreementStatus.PROPOSED

    response = client.post(
        reverse("agreement_decline", args=[proposal.pk]), {"reason": "We fund our own staff"}
    )

    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.status == AgreementStatus.DECLINED
    assert proposal.decline_reason == "We fund our own staff"
    assert Notification.objects.get(recipient=camden_manager).event == "agreement_answered"
    client.force_login(camden_manager)
    assert (
        "Declined: We fund our own staff"
        in client.get(proposal.get_absolute_url()).content.decode()
    )


def test_the_proposer_withdraws_and_the_other_borough_cannot(
    client, proposal, camden_manager, hackney_manager
):
    client.force_login(hackney_manager)
    assert client.post(reverse("agreement_withdraw", args=[proposal.pk])).status_code == 403

    client.force_login(camden_manager)
    response = client.post(reverse("agreement_withdraw", args=[proposal.pk]))

    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.status == AgreementStatus.WITHDRAWN
    again = client.post(reverse("agreement_withdraw", args=[proposal.pk]))
    assert again.status_code == 409


@pytest.mark.parametrize("step", ["accept", "decline"])
def test_a_coordinator_answers_for_either_borough(client, proposal, coordinator, step):
    client.force_login(coordinator)

    response = client.post(
        reverse(f"agreement_{step}", args=[proposal.pk]), {"reason": "Agreed by phone"}
    )

    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.status == (
        AgreementStatus.ACCEPTED if step == "accept" else AgreementStatus.DECLINED
    )


def test_a_worker_of_either_borough_sees_nothing(client, proposal, camden_worker):
    client.force_login(camden_worker)

    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.post(reverse("agreement_accept", args=[proposal.pk])).status_code == 404
    assert Agreement.objects.get().status == AgreementStatus.PROPOSED
