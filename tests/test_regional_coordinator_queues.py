"""A coordinator's dashboard, registration checks, people list and erasure
queue count and list only the people and placements of their regions
(issue 13); the dashboard says which regions they cover."""

import re

import pytest
from django.urls import reverse

from accounts.models import ErasureRequest
from home.privacy import erasure
from secondments.models import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    HelpRequestFactory,
    UserFactory,
    WorkerProfileFactory,
)

pytestmark = pytest.mark.django_db


def _heading_count(page: str, heading: str) -> int:
    return int(re.search(rf"{heading} \((\d+)\)", page).group(1))


@pytest.fixture
def waiting(camden, norfolk):
    """One of everything waiting, in Camden and in Norfolk."""
    for borough, name in ((camden, "Lola London"), (norfolk, "Nico Norfolk")):
        WorkerProfileFactory(
            user=UserFactory(borough=borough, full_name=name), registration_verified=False
        )
        ApplicationFactory(
            help_request=HelpRequestFactory(borough=borough),
            worker__borough=borough,
            status=ApplicationStatus.RELEASED,
        )
        erasure.erasure_request(person=UserFactory(borough=borough))


def test_the_dashboard_counts_only_the_coordinators_regions(
    client, waiting, london_coordinator, coordinator
):
    client.force_login(london_coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You coordinate London" in page
    assert _heading_count(page, "Placements waiting for approval") == 1
    assert _heading_count(page, "Registrations to check") == 1
    assert _heading_count(page, "Requests to remove personal data") == 1

    client.force_login(coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You coordinate all of England" in page
    assert _heading_count(page, "Placements waiting for approval") == 2
    assert _heading_count(page, "Registrations to check") == 2
    assert _heading_count(page, "Requests to remove personal data") == 2


def test_the_coordinator_of_another_region_has_nothing_waiting(
    client, waiting, north_east_coordinator
):
    client.force_login(north_east_coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You coordinate North East" in page
    assert "Nothing is waiting for you." in page


def test_registration_checks_and_people_lists_are_the_coordinators_regions(
    client, waiting, london_coordinator, coordinator
):
    client.force_login(london_coordinator)
    for show in ("awaiting", "everyone"):
        page = client.get(reverse("people"), {"show": show}).content.decode()
        assert "Lola London" in page
        assert "Nico Norfolk" not in page
    client.force_login(coordinator)
    page = client.get(reverse("people"), {"show": "awaiting"}).content.decode()
    assert "Lola London" in page and "Nico Norfolk" in page


def test_erasure_requests_are_decided_in_the_persons_region(
    client, waiting, london_coordinator, east_coordinator
):
    london = ErasureRequest.objects.get(person__borough__region="London")
    client.force_login(london_coordinator)
    assert (
        client.get(reverse("erasure_request_list"))
        .content.decode()
        .count(reverse("erasure_request_detail", args=[london.pk]))
    )
    client.force_login(east_coordinator)
    assert client.get(reverse("erasure_request_detail", args=[london.pk])).status_code == 404
    response = client.post(reverse("erasure_request_confirm", args=[london.pk]))
    assert response.status_code == 404
    assert ErasureRequest.objects.get(pk=london.pk).is_pending


def test_a_person_with_no_borough_asks_the_national_coordinators_only(
    london_coordinator, coordinator
):
    from accounts.models import Role
    from notifications.models import Notification

    other = UserFactory(role=Role.COORDINATOR, borough=None)
    erasure.erasure_request(person=other)
    told = set(
        Notification.objects.filter(event="erasure_requested").values_list(
            "recipient__email", flat=True
        )
    )
    assert coordinator.email in told
    assert london_coordinator.email not in told


def test_an_erasure_request_is_sent_to_the_persons_regions_coordinators(
    camden_worker, london_coordinator, north_east_coordinator, coordinator
):
    from notifications.models import Notification

    erasure.erasure_request(person=camden_worker)
    told = set(
        Notification.objects.filter(event="erasure_requested").values_list(
            "recipient__email", flat=True
        )
    )
    assert {london_coordinator.email, coordinator.email} <= told
    assert north_east_coordinator.email not in told
