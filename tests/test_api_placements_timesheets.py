"""Placements and timesheet weeks through the API: scoped as the pages, the
worker submits, the host signs off or queries, through the same services."""

import pytest
import time_machine

from audit.models import AuditEvent
from money.models import Timesheet, TimesheetStatus
from notifications.models import Notification
from secondments.models import PlacementStatus
from tests.api_clients import api_client_for
from tests.clock import at
from tests.factories import PlacementFactory, TimesheetFactory
from tests.timesheet_scenes import FIRST_WEEK, SECOND_WEEK, TODAY, haringey_placement

pytestmark = pytest.mark.django_db


def _submit(api, placement, monday, days=("1", "1", "1"), **extra):
    return api.post(
        "/api/v1/timesheets/submit/",
        {
            "placement": placement.pk,
            "week_starting": monday.isoformat(),
            "days": [
                {"day": (monday.replace(day=monday.day + offset)).isoformat(), "amount": amount}
                for offset, amount in enumerate(days)
            ],
            **extra,
        },
    )


def test_placements_are_scoped_as_the_pages(
    camden_worker, camden_manager, hackney_manager, haringey
):
    placement = PlacementFactory(worker=camden_worker, help_request__borough=haringey)
    PlacementFactory()  # someone else's
    assert [
        p["id"] for p in api_client_for(camden_worker).get("/api/v1/placements/").json()["results"]
    ] == [placement.pk]
    assert (
        api_client_for(camden_manager).get(f"/api/v1/placements/{placement.pk}/").status_code == 200
    )
    hackney = api_client_for(hackney_manager)
    assert hackney.get(f"/api/v1/placements/{placement.pk}/").status_code == 404
    assert (
        hackney.post(f"/api/v1/placements/{placement.pk}/cancel/", {"reason": "x"}).status_code
        == 404
    )
    assert hackney.get("/api/v1/placements/").json()["count"] == 0


def test_cancelling_needs_a_reason_and_a_worker_cannot(camden_worker, camden_manager, haringey):
    placement = PlacementFactory(worker=camden_worker, help_request__borough=haringey)
    url = f"/api/v1/placements/{placement.pk}/cancel/"
    assert api_client_for(camden_worker).post(url, {"reason": "x"}).status_code == 403
    home = api_client_for(camden_manager)
    assert home.post(url, {}).json() == {"reason": ["Enter why you are cancelling this placement"]}
    cancelled = home.post(url, {"reason": "Needed at home"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert home.post(url, {"reason": "Again"}).status_code == 409


def test_the_worker_submits_and_the_host_signs_off(camden_worker, haringey_manager, haringey):
    with time_machine.travel(at(TODAY, 10), tick=False):
        placement = haringey_placement(camden_worker, haringey)
        worker, host = api_client_for(camden_worker), api_client_for(haringey_manager)

        submitted = _submit(worker, placement, SECOND_WEEK)
        assert submitted.status_code == 201, submitted.json()
        week = submitted.json()
        assert week["status"] == "submitted" and week["days_worked"] == "3.0"
        assert len(week["days"]) == 3
        assert _submit(worker, placement, SECOND_WEEK).status_code == 409
        assert host.post("/api/v1/timesheets/submit/", {}).status_code == 400
        refused = _submit(host, placement, FIRST_WEEK)
        assert refused.status_code == 403

        signed = host.post(f"/api/v1/timesheets/{week['id']}/sign-off/")
        assert signed.status_code == 200 and signed.json()["status"] == "signed_off"
        assert host.post(f"/api/v1/timesheets/{week['id']}/sign-off/").status_code == 409
        assert worker.post(f"/api/v1/timesheets/{week['id']}/sign-off/").status_code == 403

    assert Notification.objects.filter(
        event="timesheet_signed_off", recipient=camden_worker
    ).exists()
    assert AuditEvent.objects.filter(action="timesheet_signed_off").count() == 1


def test_bad_weeks_are_400s_with_messages(camden_worker, haringey):
    with time_machine.travel(at(TODAY, 10), tick=False):
        placement = haringey_placement(camden_worker, haringey)
        api = api_client_for(camden_worker)
        tuesday = SECOND_WEEK.replace(day=SECOND_WEEK.day + 1)
        not_monday = _submit(api, placement, tuesday)
        assert not_monday.status_code == 400 and "non_field_errors" in not_monday.json()
        too_many = _submit(api, placement, SECOND_WEEK, days=("1", "1", "1", "1"))
        assert too_many.status_code == 400 and "extra_days_reason" in too_many.json()
        half_and_a_bit = _submit(api, placement, SECOND_WEEK, days=("0.7",))
        assert half_and_a_bit.status_code == 400 and "days" in half_and_a_bit.json()
    assert not Timesheet.objects.exists()


def test_a_query_needs_a_reason(camden_worker, haringey_manager, haringey):
    timesheet = TimesheetFactory(
        placement=PlacementFactory(
            worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.ACTIVE
        ),
        status=TimesheetStatus.SUBMITTED,
    )
    host = api_client_for(haringey_manager)
    url = f"/api/v1/timesheets/{timesheet.pk}/query/"
    assert host.post(url, {}).status_code == 400
    queried = host.post(url, {"reason": "Friday was a bank holiday"})
    assert (
        queried.status_code == 200 and queried.json()["query_reason"] == "Friday was a bank holiday"
    )


def test_another_boroughs_timesheet_is_not_found(hackney_manager, hackney_worker):
    timesheet = TimesheetFactory(status=TimesheetStatus.SUBMITTED)
    for person in (hackney_manager, hackney_worker):
        api = api_client_for(person)
        assert api.get(f"/api/v1/timesheets/{timesheet.pk}/").status_code == 404
        assert api.post(f"/api/v1/timesheets/{timesheet.pk}/sign-off/").status_code == 404
        assert api.get("/api/v1/timesheets/").json()["count"] == 0
    timesheet.refresh_from_db()
    assert timesheet.status == TimesheetStatus.SUBMITTED


@pytest.mark.parametrize("size", [2, 25])
def test_list_query_counts_do_not_grow(coordinator, django_assert_num_queries, size):
    for _ in range(size):
        TimesheetFactory()
    api = api_client_for(coordinator)
    api.get("/api/v1/timesheets/")
    # Token, count, page, the weeks' days.
    with django_assert_num_queries(4):
        assert api.get("/api/v1/timesheets/").status_code == 200
    # Token, count, page.
    with django_assert_num_queries(3):
        assert api.get("/api/v1/placements/").status_code == 200
