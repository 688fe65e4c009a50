"""A person asks for their personal data to be removed; a coordinator confirms
or refuses. Confirming anonymises them while placements, timesheets, recharge
statements and the audit trail stay as they were (UK GDPR Art 17)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth.hashers import is_password_usable
from django.test import Client
from django.urls import reverse

from accounts.models import CalendarFeed, ErasureRequest, ErasureStatus, User
from audit.models import AuditEvent
from home.privacy import erasure
from home.privacy.anonymise import REDACTED_MESSAGE
from learning.models import BookingStatus
from matching.models import Match
from money.models import RechargeStatement, StatementLine, Timesheet, TimesheetDay
from notifications.models import Notification
from secondments.models import ApplicationStatus, Message, Placement, PlacementStatus
from tests.factories import ApplicationFactory, PlacementFactory, WorkerFactory
from tests.personas import TwoFactorClient
from tests.privacy_scenes import everything_about

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
# Session, user, MFA checks and the two lists: the same for 1 request or 100.
QUEUE_QUERIES = 6


@pytest.fixture
def everything(camden_worker, haringey, haringey_manager, camden_manager):
    camden_worker.set_password(PASSWORD)
    camden_worker.save()
    return everything_about(
        camden_worker, host=haringey, host_manager=haringey_manager, home_manager=camden_manager
    )


def _history() -> dict:
    """Every row of the records erasure must leave alone, field by field."""
    state = {}
    for model in (Placement, Timesheet, TimesheetDay, RechargeStatement, StatementLine, AuditEvent):
        fields = [f.attname for f in model._meta.concrete_fields]
        state[model.__name__] = sorted(map(repr, model.objects.values_list(*fields)))
    return state


def test_a_worker_asks_and_coordinators_are_told(client, camden_worker, coordinator):
    client.force_login(camden_worker)

    page = client.get(reverse("erasure_request_new")).content.decode()
    response = client.post(reverse("erasure_request_new"), {"reason": "I have left social work"})

    assert "What we keep, and why" in page
    assert response.status_code == 302
    request = ErasureRequest.objects.get(person=camden_worker)
    assert request.status == ErasureStatus.PENDING
    assert request.reason == "I have left social work"
    assert Notification.objects.filter(recipient=coordinator, event="erasure_requested").exists()
    assert "You asked on" in client.get(reverse("my_data")).content.decode()
    assert AuditEvent.objects.filter(action="erasure_requested", actor=camden_worker).exists()


def test_a_reason_longer_than_1000_characters_is_refused_with_an_error(client, camden_worker):
    client.force_login(camden_worker)

    response = client.post(reverse("erasure_request_new"), {"reason": "x" * 1001})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_the_coordinator_sees_the_request_from_the_dashboard(client, coordinator, everything):
    client.force_login(coordinator)

    dashboard = client.get(reverse("dashboard")).content.decode()
    queue = client.get(reverse("erasure_request_list")).content.decode()
    detail = client.get(reverse("erasure_request_detail", args=[everything["erasure_request"].pk]))

    assert "Requests to remove personal data (1)" in dashboard
    assert reverse("erasure_request_list") in dashboard
    assert "Wendy Worker" in queue
    assert "Confirm and remove their personal data" in detail.content.decode()


def test_confirming_anonymises_the_person_and_keeps_the_history(
    client, coordinator, camden_worker, everything
):
    signed_in = TwoFactorClient()
    signed_in.force_login(camden_worker)
    offer = ApplicationFactory(worker=camden_worker, status=ApplicationStatus.SELECTED)
    before = _history()
    client.force_login(coordinator)

    response = client.post(
        reverse("erasure_request_confirm", args=[everything["erasure_request"].pk])
    )

    assert response.status_code == 302
    person = User.objects.get(pk=camden_worker.pk)
    assert person.full_name == f"Former social worker {person.pk}"
    assert person.email.endswith("@erased.invalid") and "camden" not in person.email
    assert person.phone_number == ""
    assert person.anonymised_at is not None
    profile = person.worker_profile
    assert profile.registration_number is None and profile.languages == ""
    assert not profile.specialisms.exists() and not profile.willing_boroughs.exists()
    assert not profile.availability.exists()
    assert Message.objects.get(pk=everything["message"].pk).body == REDACTED_MESSAGE
    assert Message.objects.get(pk=everything["reply"].pk).body == "Ask for Priya"
    assert not Notification.objects.filter(recipient=person).exists()
    assert not Match.objects.filter(worker=person).exists()
    assert not CalendarFeed.objects.filter(user=person).exists()
    # Nobody can select or book someone who can no longer sign in.
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.WITHDRAWN
    everything["booking"].refresh_from_db()
    assert everything["booking"].status == BookingStatus.CANCELLED
    # The placements, timesheets, statements and audit trail are as they were
    # (the audit trail has only gained the decision).
    after = _history()
    for name in ("Placement", "Timesheet", "TimesheetDay", "RechargeStatement", "StatementLine"):
        assert after[name] == before[name], name
    assert set(before["AuditEvent"]) <= set(after["AuditEvent"])
    assert RechargeStatement.objects.get(pk=everything["statement"].pk).total == 300
    assert Placement.objects.get(pk=everything["placement"].pk).worker_id == person.pk
    assert AuditEvent.objects.filter(action="person_anonymised", object_id=person.pk).exists()
    assert ErasureRequest.objects.get().status == ErasureStatus.CONFIRMED
    # The placement page shows the placeholder name, not the person's.
    client.force_login(coordinator)
    placement_page = client.get(reverse("placement_detail", args=[everything["placement"].pk]))
    assert "Wendy Worker" not in placement_page.content.decode()
    assert f"Former social worker {person.pk}" in placement_page.content.decode()


def test_after_confirming_the_person_cannot_sign_in(client, coordinator, camden_worker, everything):
    signed_in = TwoFactorClient()
    signed_in.force_login(camden_worker)
    assert signed_in.get(reverse("dashboard")).status_code == 200

    erasure.erasure_confirm(request=everything["erasure_request"], by=coordinator)

    person = User.objects.get(pk=camden_worker.pk)
    assert not person.is_active and not is_password_usable(person.password)
    assert signed_in.get(reverse("dashboard")).status_code == 302  # signed out
    assert not Client().login(email="worker@camden.gov.uk", password=PASSWORD)
    sign_in = Client().post(
        reverse("account_login"), {"login": "worker@camden.gov.uk", "password": PASSWORD}
    )
    assert sign_in.status_code == 200  # the form again, with its error
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    if "api_token" in everything:
        everything["api_token"].refresh_from_db()
        assert everything["api_token"].revoked_at is not None
        assert apps.get_model("api", "ApiToken").objects.filter(user=person).count() == 1


def test_erasure_is_refused_while_a_placement_is_confirmed(
    client, coordinator, camden_worker, haringey
):
    PlacementFactory(worker=camden_worker, help_request__borough=haringey)
    request = erasure.erasure_request(person=camden_worker)
    client.force_login(coordinator)

    page = client.get(reverse("erasure_request_detail", args=[request.pk])).content.decode()
    response = client.post(reverse("erasure_request_confirm", args=[request.pk]))

    assert "You cannot confirm until it has ended or been cancelled" in page
    assert response.status_code == 409
    assert "has a placement that is confirmed or under way" in response.content.decode()
    camden_worker.refresh_from_db()
    assert camden_worker.full_name == "Wendy Worker" and camden_worker.anonymised_at is None
    assert ErasureRequest.objects.get().status == ErasureStatus.PENDING


def test_a_completed_placement_does_not_stand_in_the_way(coordinator, camden_worker, haringey):
    PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.COMPLETED
    )
    request = erasure.erasure_request(person=camden_worker)

    erasure.erasure_confirm(request=request, by=coordinator)

    camden_worker.refresh_from_db()
    assert camden_worker.anonymised_at is not None


def test_refusing_tells_the_person_why(client, coordinator, camden_worker):
    request = erasure.erasure_request(person=camden_worker, reason="Leaving")
    client.force_login(coordinator)

    empty = client.post(reverse("erasure_request_refuse", args=[request.pk]), {"reason": ""})
    response = client.post(
        reverse("erasure_request_refuse", args=[request.pk]),
        {"reason": "Your placement's timesheets are still being queried"},
    )

    assert empty.status_code == 400
    assert "Enter why you are refusing the request" in empty.content.decode()
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureStatus.REFUSED
    told = Notification.objects.get(recipient=camden_worker, event="erasure_decided")
    assert "still being queried" in told.body
    camden_worker.refresh_from_db()
    assert camden_worker.anonymised_at is None
    # They may ask again.
    assert erasure.erasure_request(person=camden_worker).is_pending


def test_a_coordinator_cannot_decide_their_own_request(client, coordinator):
    request = erasure.erasure_request(person=coordinator)
    client.force_login(coordinator)

    response = client.post(reverse("erasure_request_confirm", args=[request.pk]))

    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.anonymised_at is None


@pytest.mark.parametrize("who", ["camden_manager", "hackney_manager", "hackney_worker"])
def test_only_coordinators_see_or_decide_requests(client, camden_worker, who, request):
    person = request.getfixturevalue(who)
    erasure_request = erasure.erasure_request(person=camden_worker)
    client.force_login(person)

    for url in (
        reverse("erasure_request_list"),
        reverse("erasure_request_detail", args=[erasure_request.pk]),
    ):
        assert client.get(url).status_code == 404
    for name in ("erasure_request_confirm", "erasure_request_refuse"):
        response = client.post(reverse(name, args=[erasure_request.pk]), {"reason": "No"})
        assert response.status_code == 404

    erasure_request.refresh_from_db()
    assert erasure_request.status == ErasureStatus.PENDING
    camden_worker.refresh_from_db()
    assert camden_worker.anonymised_at is None


@pytest.mark.parametrize("size", [1, 6])
def test_the_queue_costs_the_same_queries_however_long(
    client, coordinator, camden, size, django_assert_num_queries
):
    for n in range(size):
        person = WorkerFactory(borough=camden)
        pending = erasure.erasure_request(person=person)
        if n % 2:
            erasure.erasure_refuse(request=pending, by=coordinator, reason="Not yet")
    client.force_login(coordinator)

    with django_assert_num_queries(QUEUE_QUERIES):
        page = client.get(reverse("erasure_request_list"))

    assert page.status_code == 200
    assert f"Waiting for a decision ({(size + 1) // 2})" in page.content.decode()
