"""A coordinator acts only within their regions: a London coordinator is told
that a placement, application, draft request, person or staff page involving
only Norfolk does not exist (issue 13). A national coordinator sees them all."""

import pytest
from django.urls import reverse

from secondments.models import ApplicationStatus, RequestStatus
from tests.factories import ApplicationFactory, HelpRequestFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def norfolk_only(norfolk, suffolk, norfolk_worker):
    """A Suffolk worker placed in Norfolk, a Norfolk draft, a released application."""
    placement = PlacementFactory(help_request__borough=suffolk, worker=norfolk_worker)
    draft = HelpRequestFactory(borough=norfolk, status=RequestStatus.DRAFT)
    application = ApplicationFactory(
        help_request=HelpRequestFactory(borough=suffolk),
        worker=norfolk_worker,
        status=ApplicationStatus.RELEASED,
    )
    return {
        "placement": reverse("placement_detail", args=[placement.pk]),
        "draft": reverse("request_detail", args=[draft.pk]),
        "application": reverse("application_detail", args=[application.pk]),
        "candidates": reverse("request_candidates", args=[draft.pk]),
        "worker": reverse("person_detail", args=[norfolk_worker.pk]),
        "staff": reverse("staff_list", args=[norfolk.gss_code]),
    }


@pytest.mark.parametrize(
    "page", ["placement", "draft", "application", "candidates", "worker", "staff"]
)
def test_a_london_coordinator_is_told_norfolk_only_pages_do_not_exist(
    client, london_coordinator, norfolk_only, page
):
    client.force_login(london_coordinator)
    assert client.get(norfolk_only[page]).status_code == 404


@pytest.mark.parametrize(
    "page", ["placement", "draft", "application", "candidates", "worker", "staff"]
)
def test_the_regions_own_and_national_coordinators_see_them(
    client, east_coordinator, coordinator, norfolk_only, page
):
    for person in (east_coordinator, coordinator):
        client.force_login(person)
        assert client.get(norfolk_only[page]).status_code == 200, person


def test_a_london_coordinator_cannot_act_on_a_norfolk_placement(
    client, london_coordinator, suffolk, norfolk_worker
):
    placement = PlacementFactory(help_request__borough=suffolk, worker=norfolk_worker)
    client.force_login(london_coordinator)
    response = client.post(
        reverse("placement_cancel", args=[placement.pk]), {"reason": "Not needed"}
    )
    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.is_booked


def test_a_placement_between_regions_is_seen_by_both_regions_coordinators(
    client, london_coordinator, east_coordinator, north_east_coordinator, camden, norfolk_worker
):
    placement = PlacementFactory(help_request__borough=camden, worker=norfolk_worker)
    url = reverse("placement_detail", args=[placement.pk])
    for person, status in (
        (london_coordinator, 200),
        (east_coordinator, 200),
        (north_east_coordinator, 404),
    ):
        client.force_login(person)
        assert client.get(url).status_code == status, person


def test_the_placement_list_shows_only_the_coordinators_regions(
    client, london_coordinator, camden, norfolk, suffolk
):
    PlacementFactory(
        help_request__borough=norfolk, worker__borough=suffolk, worker__full_name="Nico Norfolk"
    )
    PlacementFactory(help_request__borough=camden, worker__full_name="Lola London")
    client.force_login(london_coordinator)
    page = client.get(reverse("placement_list")).content.decode()
    assert "Lola London" in page
    assert "Nico Norfolk" not in page
