"""The host borough signs a week off, or queries it with a reason; the worker corrects
and resubmits; a signed-off week is locked.

The worker's home borough's managers see the weeks but cannot decide on them
(403); another borough's manager finds nothing there (404).
"""

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from money.models import Timesheet, TimesheetStatus
from money.timesheets import services
from notifications.models import Notification
from tests.clock import at
from tests.timesheet_scenes import HALF, SECOND_WEEK, TODAY, haringey_placement, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield


@pytest.fixture
def timesheet(camden_worker, haringey, haringey_manager) -> Timesheet:
    return submitted(haringey_placement(camden_worker, haringey), SECOND_WEEK)


def _url(name: str, timesheet: Timesheet) -> str:
    return reverse(name, args=[timesheet.pk])


def _week_page(client, timesheet: Timesheet) -> str:
    return client.get(
        reverse("timesheet_week", args=[timesheet.placement_id, SECOND_WEEK.isoformat()])
    ).content.decode()


def test_the_host_manager_signs_the_week_off_and_the_worker_is_told(
    client, timesheet, haringey_manager, camden_worker
):
    client.force_login(haringey_manager)
    assert "Sign off week" in _week_page(client, timesheet)

    response = client.post(_url("timesheet_sign_off", timesheet), follow=True)

    assert "Week starting 5 October 2026 signed off. Wendy Worker has been told." in (
        response.content.decode()
    )
    timesheet.refresh_from_db()
    assert (timesheet.status, timesheet.signed_off_by) == (
        TimesheetStatus.SIGNED_OFF,
        haringey_manager,
    )
    event = AuditEvent.objects.get(action="timesheet_signed_off")
    assert (event.actor, event.from_state, event.to_state) == (
        haringey_manager,
        TimesheetStatus.SUBMITTED,
        TimesheetStatus.SIGNED_OFF,
    )
    notice = Notification.objects.get(event="timesheet_signed_off")
    assert (notice.recipient, notice.title) == (
        camden_worker,
        "Timesheet signed off: week starting 5 October 2026",
    )
    page = _week_page(client, timesheet)
    assert "Signed off by Harry Manager on 14 October 2026; this week is locked." in page
    assert "Sign off week" not in page


def test_a_coordinator_may_sign_off_too(timesheet, coordinator):
    services.timesheet_sign_off(timesheet=timesheet, by=coordinator)

    assert Timesheet.objects.get().status == TimesheetStatus.SIGNED_OFF


def test_the_home_manager_sees_the_week_but_cannot_sign_it_off_or_query_it(
    client, timesheet, camden_manager
):
    client.force_login(camden_manager)

    page = _week_page(client, timesheet)
    assert "Waiting for sign-off" in page
    assert "Sign off week" not in page
    assert client.post(_url("timesheet_sign_off", timesheet)).status_code == 403
    assert client.post(_url("timesheet_query", timesheet), {"reason": "No"}).status_code == 403
    assert Timesheet.objects.get().status == TimesheetStatus.SUBMITTED
    assert not AuditEvent.objects.filter(action__in=["timesheet_signed_off", "timesheet_queried"])


def test_the_worker_cannot_sign_off_their_own_week(client, timesheet, camden_worker):
    client.force_login(camden_worker)

    assert client.post(_url("timesheet_sign_off", timesheet)).status_code == 403
    assert Timesheet.objects.get().status == TimesheetStatus.SUBMITTED


def test_another_boroughs_manager_finds_nothing(client, timesheet, hackney_manager):
    client.force_login(hackney_manager)

    assert client.post(_url("timesheet_sign_off", timesheet)).status_code == 404
    assert client.post(_url("timesheet_query", timesheet), {"reason": "No"}).status_code == 404
    assert client.get(_url("timesheet_detail", timesheet)).status_code == 404
    assert Timesheet.objects.get().status == TimesheetStatus.SUBMITTED


def test_a_query_needs_a_reason(client, timesheet, haringey_manager):
    client.force_login(haringey_manager)

    response = client.post(_url("timesheet_query", timesheet), {"reason": "  "})

    assert response.status_code == 400
    assert "Enter why you are querying this week" in response.content.decode()
    overlong = client.post(_url("timesheet_query", timesheet), {"reason": "x" * 1001})
    assert "Reason must be 1,000 characters or fewer" in overlong.content.decode()
    assert Timesheet.objects.get().status == TimesheetStatus.SUBMITTED


def test_the_host_queries_the_worker_corrects_and_resubmits_and_the_host_signs_off(
    client, timesheet, haringey_manager, camden_worker
):
    client.force_login(haringey_manager)
    client.post(
        _url("timesheet_query", timesheet),
        {"reason": "You were on leave on Wednesday afternoon"},
    )

    timesheet.refresh_from_db()
    assert timesheet.status == TimesheetStatus.QUERIED
    notice = Notification.objects.get(event="timesheet_queried")
    assert notice.recipient == camden_worker
    assert "You were on leave on Wednesday afternoon" in notice.body
    event = AuditEvent.objects.get(action="timesheet_queried")
    assert event.reason == "You were on leave on Wednesday afternoon"
    with pytest.raises(services.TimesheetConflict, match="has been queried"):
        services.timesheet_sign_off(timesheet=timesheet, by=haringey_manager)

    client.force_login(camden_worker)
    page = _week_page(client, timesheet)
    assert "Haringey queried this week: You were on leave on Wednesday afternoon" in page
    assert "Submit timesheet" in page
    week = reverse("timesheet_week", args=[timesheet.placement_id, SECOND_WEEK.isoformat()])
    client.post(week, {"day_2026-10-05": "1", "day_2026-10-06": "1", "day_2026-10-07": "0.5"})

    timesheet.refresh_from_db()
    assert (timesheet.status, timesheet.days_worked, timesheet.times_submitted) == (
        TimesheetStatus.SUBMITTED,
        2.5,
        2,
    )
    assert timesheet.days.get(day=SECOND_WEEK.replace(day=7)).amount == HALF
    assert AuditEvent.objects.filter(action="timesheet_resubmitted").count() == 1
    # The host hears about the corrected week as well as the first one.
    assert (
        Notification.objects.filter(event="timesheet_submitted", recipient=haringey_manager).count()
        == 2
    )

    services.timesheet_sign_off(timesheet=timesheet, by=haringey_manager)
    assert Timesheet.objects.get().status == TimesheetStatus.SIGNED_OFF


def test_a_signed_off_week_is_locked_against_a_query_or_a_second_sign_off(
    client, timesheet, haringey_manager, camden_worker
):
    services.timesheet_sign_off(timesheet=timesheet, by=haringey_manager)
    client.force_login(haringey_manager)

    again = client.post(_url("timesheet_sign_off", timesheet))
    query = client.post(_url("timesheet_query", timesheet), {"reason": "Too late"})

    assert again.status_code == 409
    assert "This week is already signed off" in again.content.decode()
    assert query.status_code == 409
    client.force_login(camden_worker)
    resubmit = client.post(
        reverse("timesheet_week", args=[timesheet.placement_id, SECOND_WEEK.isoformat()]),
        {"day_2026-10-05": "1"},
    )
    assert resubmit.status_code == 409
    assert "signed off and locked" in resubmit.content.decode()
    timesheet.refresh_from_db()
    assert (timesheet.status, timesheet.days_worked, timesheet.query_reason) == (
        TimesheetStatus.SIGNED_OFF,
        3,
        "",
    )
    assert AuditEvent.objects.filter(action="timesheet_signed_off").count() == 1


def test_a_sign_off_by_get_goes_back_to_the_week(client, timesheet, haringey_manager):
    client.force_login(haringey_manager)

    response = client.get(_url("timesheet_sign_off", timesheet))

    assert response.status_code == 302
    assert response["Location"] == services.week_url(timesheet)
    assert Timesheet.objects.get().status == TimesheetStatus.SUBMITTED
