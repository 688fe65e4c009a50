"""A coordinator who cannot confirm a registration tells the worker why."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import WorkerProfile
from audit.models import AuditEvent
from notifications.models import Notification
from people import services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
REASON = "The register shows a different expiry date from the one on your profile."


@pytest.fixture
def camden_worker(camden_worker):
    """The Camden worker, with a registration no coordinator has checked yet."""
    WorkerProfile.objects.filter(user=camden_worker).update(
        registration_verified=False, registration_verified_at=None
    )
    camden_worker.worker_profile.refresh_from_db()
    return camden_worker


def _query(client, worker, reason=REASON):
    return client.post(reverse("person_query_registration", args=[worker.pk]), {"reason": reason})


def _audit_rows():
    return AuditEvent.objects.exclude(action="signed_in")


def test_coordinator_queries_and_the_worker_is_told_why(
    client, coordinator, camden_worker, django_capture_on_commit_callbacks
):
    number = camden_worker.worker_profile.registration_number
    client.force_login(coordinator)
    person_page = client.get(reverse("person_detail", args=[camden_worker.pk])).content.decode()
    assert "Cannot verify: tell the worker why" in person_page

    with django_capture_on_commit_callbacks(execute=True):
        response = _query(client, camden_worker, f"{number} is not on the register. {REASON}")

    assert response["Location"] == reverse("person_detail", args=[camden_worker.pk])
    profile = WorkerProfile.objects.get(user=camden_worker)
    assert not profile.registration_verified
    assert REASON in profile.registration_query_reason
    page = client.get(response["Location"]).content.decode()
    assert "has been told why you cannot verify it" in page
    assert "Queried on" in page and REASON in page

    [event] = _audit_rows()
    assert event.action == "registration_queried"
    assert event.actor == coordinator
    assert REASON in event.reason
    assert number not in event.reason

    [notice] = Notification.objects.filter(recipient=camden_worker)
    assert notice.event == "registration_queried"
    assert notice.title == "A coordinator cannot confirm your Social Work England registration"
    assert REASON in notice.body
    assert notice.link == reverse("profile_edit")

    client.force_login(camden_worker)
    profile_page = client.get(reverse("profile")).content.decode()
    assert "A coordinator could not confirm your Social Work England registration" in profile_page
    assert REASON in profile_page


def test_changing_the_registration_details_clears_the_query(client, coordinator, camden_worker):
    client.force_login(coordinator)
    _query(client, camden_worker)
    client.force_login(camden_worker)

    services.worker_profile_update(
        profile=camden_worker.worker_profile,
        data={"registration_number": "SW765432"},
        by=camden_worker,
    )

    profile = WorkerProfile.objects.get(user=camden_worker)
    assert profile.registration_number == "SW765432"
    assert profile.registration_query_reason == "" and profile.registration_queried_at is None
    assert REASON not in client.get(reverse("profile")).content.decode()


def test_verifying_clears_the_query(client, coordinator, camden_worker):
    client.force_login(coordinator)
    _query(client, camden_worker)

    client.post(reverse("person_verify", args=[camden_worker.pk]))

    profile = WorkerProfile.objects.get(user=camden_worker)
    assert profile.registration_verified
    assert profile.registration_query_reason == "" and profile.registration_queried_at is None


@pytest.mark.parametrize(("viewer", "status"), [("camden_manager", 403), ("hackney_manager", 404)])
def test_managers_cannot_query_and_nothing_changes(client, request, camden_worker, viewer, status):
    client.force_login(request.getfixturevalue(viewer))

    response = _query(client, camden_worker)

    assert response.status_code == status
    assert WorkerProfile.objects.get(user=camden_worker).registration_queried_at is None
    assert not _audit_rows().exists()
    assert not Notification.objects.exists()


def test_workers_cannot_query_anyone_and_nothing_changes(client, camden_worker, hackney_worker):
    for worker, status in ((camden_worker, 403), (hackney_worker, 404)):
        client.force_login(worker)
        response = _query(client, camden_worker)
        assert response.status_code == status
    assert WorkerProfile.objects.get(user=camden_worker).registration_queried_at is None
    assert not _audit_rows().exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why you cannot verify this registration"),
        ("   ", "Enter why you cannot verify this registration"),
        ("x" * 5001, "The reason must be 5,000 characters or fewer"),
    ],
    ids=["empty", "blank", "over-long"],
)
def test_a_missing_or_over_long_reason_is_refused_with_its_message(
    client, coordinator, camden_worker, reason, message
):
    client.force_login(coordinator)

    response = _query(client, camden_worker, reason)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'<a href="#id_reason">{message}</a>' in page
    assert "<title>Error: " in page
    assert WorkerProfile.objects.get(user=camden_worker).registration_queried_at is None
    assert not _audit_rows().exists()


def test_a_verified_registration_cannot_be_queried(client, coordinator, hackney_worker):
    client.force_login(coordinator)

    response = _query(client, hackney_worker)

    assert response.status_code == 302
    assert "already been verified" in client.get(response["Location"]).content.decode()
    assert not _audit_rows().exists()


def test_a_get_on_the_query_address_goes_back_to_the_person(client, coordinator, camden_worker):
    client.force_login(coordinator)

    response = client.get(reverse("person_query_registration", args=[camden_worker.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("person_detail", args=[camden_worker.pk])
