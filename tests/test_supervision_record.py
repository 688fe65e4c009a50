"""The host records a newly qualified worker's supervision sessions; the worker,
their home managers and coordinators see the record, no other borough does."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from learning.models import SupervisionSession
from learning.supervision.services import supervision_record
from secondments.models import PlacementStatus
from tests.factories import PlacementFactory
from tests.supervision_setup import date_fields, days_ago, newly_qualified_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(camden_worker, haringey):
    return newly_qualified_placement(camden_worker, haringey)


def _post(client, placement, held_on, note="Caseload of 9 reviewed; reflective discussion."):
    return client.post(
        reverse("placement_supervision", args=[placement.pk]),
        {**date_fields("held_on", held_on), "note": note},
    )


def test_host_manager_records_a_session_and_the_home_manager_sees_it(
    client, placement, haringey_manager, camden_manager
):
    client.force_login(haringey_manager)
    page = client.get(reverse("placement_supervision", args=[placement.pk])).content.decode()
    assert "No supervision sessions recorded yet" in page and "Record a session" in page
    response = _post(client, placement, days_ago(2))
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert session.recorded_by == haringey_manager
    assert AuditEvent.objects.filter(action="supervision_recorded").count() == 1

    client.force_login(camden_manager)
    page = client.get(reverse("placement_supervision", args=[placement.pk])).content.decode()
    assert "Caseload of 9 reviewed" in page
    assert "Record a session" not in page  # the home borough reads, the host records


def test_the_worker_sees_their_record_but_cannot_record(client, placement, camden_worker):
    client.force_login(camden_worker)
    page = client.get(reverse("placement_supervision", args=[placement.pk])).content.decode()
    assert "Supervision record" in page and "Record a session" not in page
    assert _post(client, placement, days_ago(2)).status_code == 403
    assert not SupervisionSession.objects.exists()


def test_another_boroughs_manager_gets_404_and_nothing_is_saved(
    client, placement, hackney_manager, haringey_manager
):
    supervision_record(placement=placement, held_on=days_ago(3), note="First", by=haringey_manager)
    client.force_login(hackney_manager)
    url = reverse("placement_supervision", args=[placement.pk])
    assert client.get(url).status_code == 404
    assert _post(client, placement, days_ago(2)).status_code == 404
    assert SupervisionSession.objects.count() == 1


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (days_ago(-1), "The date of the session must be today or in the past"),
        (days_ago(200), "The date of the session must be during the placement"),
    ],
    ids=["future", "before-the-placement"],
)
def test_a_date_in_the_future_or_outside_the_placement_is_refused(
    client, placement, haringey_manager, held_on, message
):
    client.force_login(haringey_manager)
    response = _post(client, placement, held_on)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_an_empty_or_long_note_is_refused(client, placement, haringey_manager):
    client.force_login(haringey_manager)
    assert "Enter a short note" in _post(client, placement, days_ago(2), note="").content.decode()
    long = _post(client, placement, days_ago(2), note="x" * 1001).content.decode()
    assert "Note must be 1,000 characters or fewer" in long
    assert not SupervisionSession.objects.exists()


def test_a_confirmed_placement_not_yet_started_takes_no_sessions(
    client, camden_worker, haringey, haringey_manager
):
    placement = newly_qualified_placement(camden_worker, haringey, status=PlacementStatus.CONFIRMED)
    client.force_login(haringey_manager)
    page = client.get(reverse("placement_supervision", args=[placement.pk])).content.decode()
    assert "Record a session" not in page
    assert _post(client, placement, days_ago(0)).status_code == 403


def test_a_placement_not_for_a_newly_qualified_worker_has_no_record(
    client, camden_worker, haringey, haringey_manager
):
    placement = PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.ACTIVE
    )
    client.force_login(haringey_manager)
    assert client.get(reverse("placement_supervision", args=[placement.pk])).status_code == 404
    page = client.get(placement.get_absolute_url()).content.decode()
    assert "Supervision arrangement" not in page


def test_the_placement_page_shows_the_supervision_arrangement(client, placement, camden_worker):
    client.force_login(camden_worker)
    page = client.get(placement.get_absolute_url()).content.decode()
    assert "Supervision arrangement" in page
    assert "Sam Patel" in page
    assert "No more than 12 cases" in page
    assert "Fortnightly" in page
    assert reverse("placement_supervision", args=[placement.pk]) in page
