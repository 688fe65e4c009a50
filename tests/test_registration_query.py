"""A coordinator who cannot confirm a registration tells the worker why; the
people pages flag expired and soon-expiring registrations and link each number
to the public Social Work England register."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import WorkerProfile
from audit.models import AuditEvent
from home.demo.people import seed_demo
from notifications.models import Notification
from people import services
from tests.factories import UserFactory, WorkerProfileFactory

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


def _worker_expiring_in(camden, days: int, number: str):
    worker = UserFactory(borough=camden)
    WorkerProfileFactory(
        user=worker,
        registration_number=number,
        registration_expires_on=TODAY + datetime.timedelta(days=days),
        registration_verified=False,
    )
    return worker


def test_expired_and_expiring_registrations_are_flagged(client, coordinator, camden):
    expired = _worker_expiring_in(camden, -1, "SW111111")
    expiring = _worker_expiring_in(camden, 60, "SW222222")
    in_date = _worker_expiring_in(camden, 61, "SW333333")
    client.force_login(coordinator)

    people = client.get(reverse("people")).content.decode()
    for worker, tag in ((expired, "Expired"), (expiring, "Expires soon"), (in_date, None)):
        page = client.get(reverse("person_detail", args=[worker.pk])).content.decode()
        row = people.split(worker.full_name, 1)[1].split("</tr>", 1)[0]
        for html in (page, row):
            assert ('govuk-tag--red">Expired</strong>' in html) == (tag == "Expired")
            assert ('govuk-tag--yellow">Expires soon</strong>' in html) == (tag == "Expires soon")


def test_each_registration_number_links_to_the_public_register(client, coordinator, camden_worker):
    client.force_login(coordinator)
    link = (
        '<a class="govuk-link" href="https://www.socialworkengland.org.uk/umbraco/surface/'
        f'searchregister/socialworker/{camden_worker.worker_profile.registration_number}">'
        f"{camden_worker.worker_profile.registration_number} "
        "(opens the Social Work England register)</a>"
    )

    assert link in client.get(reverse("people")).content.decode()
    assert link in client.get(reverse("person_detail", args=[camden_worker.pk])).content.decode()


# The session, the user and their two-factor check, the unread count in the header;
# the list's own: the count, then one page of people with borough and profile.
@pytest.mark.parametrize("size", [1, 5])
def test_people_list_query_count_does_not_grow(
    client, coordinator, camden, django_assert_num_queries, size
):
    for n in range(size):
        _worker_expiring_in(camden, -1, f"SW4{n:05d}")
        _worker_expiring_in(camden, 30, f"SW5{n:05d}")
    client.force_login(coordinator)

    with django_assert_num_queries(6):
        page = client.get(reverse("people")).content.decode()

    assert page.count('govuk-tag--red">Expired</strong>') == size
    assert page.count('govuk-tag--yellow">Expires soon</strong>') == size


def test_the_demo_has_one_queried_registration_whose_worker_can_sign_in():
    result = seed_demo()

    [profile] = WorkerProfile.objects.exclude(registration_queried_at=None)
    assert not profile.registration_verified
    assert profile.user.email in {login.email for login in result.logins}
    assert AuditEvent.objects.filter(action="registration_queried").count() == 1
    assert not seed_demo().created_anything
