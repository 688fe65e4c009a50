"""The worker rates their completed placement, once; the host borough sees only
averages, and only from the third rating, so that each social worker can be honest."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEvent
from learning.models import PlacementRating
from secondments.models import PlacementStatus
from tests.factories import PlacementFactory, WorkerFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "induction": "4",
    "supervision": "5",
    "workload": "3",
    "support": "4",
    "would_recommend": "yes",
    "comments": "Supervision every week, a manageable caseload.",
}
WAITING = "Shown once at least 3 social workers have rated placements here"


def _completed(worker, host):
    return PlacementFactory(
        worker=worker, help_request__borough=host, status=PlacementStatus.COMPLETED
    )


def _rate(client, worker, placement, **changes):
    client.force_login(worker)
    return client.post(reverse("placement_rating", args=[placement.pk]), GOOD | changes)


def _ratings_page(client, viewer, borough) -> str:
    client.force_login(viewer)
    response = client.get(reverse("borough_ratings", args=[borough.gss_code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_worker_rates_the_placement(client, camden_worker, haringey):
    placement = _completed(camden_worker, haringey)

    response = _rate(client, camden_worker, placement)

    assert response.status_code == 302
    rating = PlacementRating.objects.get()
    assert (rating.induction, rating.supervision, rating.would_recommend) == (4, 5, True)
    assert AuditEvent.objects.filter(action="placement_rated", actor=camden_worker).count() == 1
    page = client.get(reverse("placement_rating", args=[placement.pk])).content.decode()
    assert "Supervision every week, a manageable caseload." in page


def test_the_host_sees_averages_only_from_the_third_rating(
    client, camden, haringey, haringey_manager, coordinator
):
    workers = [WorkerFactory(borough=camden) for _ in range(3)]
    scores = [("5", "yes"), ("4", "yes"), ("3", "no")]

    for worker, (score, recommend) in zip(workers[:2], scores, strict=False):
        _rate(
            client, worker, _completed(worker, haringey), induction=score, would_recommend=recommend
        )
        page = _ratings_page(client, haringey_manager, haringey)
        assert WAITING in page
        assert "out of 5" not in page

    _rate(client, workers[2], _completed(workers[2], haringey), induction="3", would_recommend="no")

    for viewer in (haringey_manager, coordinator):
        page = _ratings_page(client, viewer, haringey)
        assert WAITING not in page
        assert "Averages of 3 ratings" in page
        assert "4.0 out of 5" in page  # induction: (5 + 4 + 3) / 3
        assert "67% would recommend" in page
        # Never one person's answers: no comments, no names.
        assert GOOD["comments"] not in page
        assert not any(str(worker) in page for worker in workers)


def test_the_host_never_sees_an_individual_rating(
    client, camden_worker, haringey, haringey_manager, camden_manager, coordinator
):
    placement = _completed(camden_worker, haringey)
    _rate(client, camden_worker, placement)
    for viewer in (haringey_manager, camden_manager, coordinator):
        client.force_login(viewer)
        assert client.get(reverse("placement_rating", args=[placement.pk])).status_code == 404


def test_another_borough_cannot_see_a_boroughs_averages(
    client, haringey, hackney_manager, camden_worker
):
    for viewer in (hackney_manager, camden_worker):
        client.force_login(viewer)
        response = client.get(reverse("borough_ratings", args=[haringey.gss_code]))
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("induction", "7", "Select a rating for induction, from 1 to 5"),
        ("workload", "-1", "Select a rating for workload, from 1 to 5"),
        ("support", "", "Select a rating for support from the team, from 1 to 5"),
        ("would_recommend", "", "Select yes if you would recommend this placement"),
        ("comments", "x" * 2001, "Comments must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_is_refused(client, camden_worker, haringey, field, value, message):
    placement = _completed(camden_worker, haringey)

    response = _rate(client, camden_worker, placement, **{field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlacementRating.objects.exists()


def test_not_before_the_placement_completes(client, camden_worker, haringey):
    active = PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.ACTIVE
    )

    response = _rate(client, camden_worker, active)

    assert response.status_code == 409
    assert "once the placement has completed" in response.content.decode()
    assert not PlacementRating.objects.exists()


def test_rated_once_correctable_for_14_days_then_locked(client, camden_worker, haringey):
    placement = _completed(camden_worker, haringey)
    _rate(client, camden_worker, placement)
    rating = PlacementRating.objects.get()

    with time_machine.travel(rating.created_at + datetime.timedelta(days=2), tick=False):
        assert _rate(client, camden_worker, placement, workload="2").status_code == 302
    rating.refresh_from_db()
    assert rating.workload == 2
    assert AuditEvent.objects.get(action="placement_rating_corrected").changed_fields == [
        "workload"
    ]
    assert PlacementRating.objects.count() == 1

    with time_machine.travel(rating.created_at + datetime.timedelta(days=15), tick=False):
        response = _rate(client, camden_worker, placement, workload="1")
    assert response.status_code == 409
    assert "is now locked" in response.content.decode()
    rating.refresh_from_db()
    assert rating.workload == 2


def test_scores_out_of_range_are_refused_by_the_database(camden_worker, haringey):
    placement = _completed(camden_worker, haringey)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementRating.objects.create(
            placement=placement,
            induction=6,
            supervision=1,
            workload=1,
            support=1,
            would_recommend=True,
        )
