"""A social worker records the days they worked in a week of their placement and submits it.

Half days are allowed, only dates inside the placement and the week count, and
more days than agreed need the host's reason. Every bad input gets its own
message and saves nothing; a week is submitted once, unless the host queried it.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from money.models import Timesheet, TimesheetDay, TimesheetStatus
from money.timesheets import services
from notifications.models import Notification
from secondments.models import PlacementStatus
from tests.clock import at
from tests.timesheet_scenes import (
    FIRST_WEEK,
    FULL,
    HALF,
    SECOND_WEEK,
    THIS_WEEK,
    TODAY,
    haringey_placement,
    submitted,
    three_days,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield


@pytest.fixture
def placement(camden_worker, haringey):
    return haringey_placement(camden_worker, haringey)


def _form(monday: datetime.date, amounts: dict[int, str], reason: str = "") -> dict:
    """The week form: `amounts` maps 0 (Monday) to 6 (Sunday) to "0", "0.5" or "1"."""
    data = {
        f"day_{monday + n * DAY}": amounts.get(n, "0")
        for n in range(7)
        if monday + n * DAY <= TODAY
    }
    return data | {"extra_days_reason": reason}


def _refused(placement, monday, days, reason="") -> list[str]:
    with pytest.raises(ValidationError) as refused:
        services.timesheet_submit(
            placement=placement,
            week_starting=monday,
            days=days,
            extra_days_reason=reason,
            by=placement.worker,
        )
    return refused.value.messages


def test_the_worker_submits_a_week_with_a_half_day_and_the_host_is_asked_to_sign_it_off(
    client, placement, camden_worker, haringey_manager
):
    client.force_login(camden_worker)
    url = reverse("timesheet_week", args=[placement.pk, SECOND_WEEK.isoformat()])

    response = client.post(url, _form(SECOND_WEEK, {0: "1", 1: "1", 3: "0.5"}), follow=True)

    page = response.content.decode()
    assert "Timesheet for the week starting 5 October 2026 submitted" in page
    timesheet = Timesheet.objects.get()
    assert (timesheet.status, timesheet.days_worked, timesheet.times_submitted) == (
        TimesheetStatus.SUBMITTED,
        Decimal("2.5"),
        1,
    )
    assert list(timesheet.days.values_list("day", "amount")) == [
        (SECOND_WEEK, FULL),
        (SECOND_WEEK + DAY, FULL),
        (SECOND_WEEK + 3 * DAY, HALF),
    ]
    event = AuditEvent.objects.get(action="timesheet_submitted")
    assert (event.actor, event.object_id, event.to_state) == (
        camden_worker,
        timesheet.pk,
        TimesheetStatus.SUBMITTED,
    )
    told = Notification.objects.filter(event="timesheet_submitted")
    assert {n.recipient.borough for n in told} == {placement.host}
    notice = told.get(recipient=haringey_manager)
    assert notice.title == (
        "Timesheet waiting for sign-off: Wendy Worker, week starting 5 October 2026"
    )


def test_a_week_with_no_days_worked_is_recorded_too(placement):
    timesheet = submitted(placement, SECOND_WEEK, days={})

    assert timesheet.days_worked == 0
    assert not TimesheetDay.objects.exists()


def test_the_current_week_can_be_submitted_for_the_days_so_far(placement):
    timesheet = submitted(placement, THIS_WEEK)

    assert timesheet.days_worked == 3


def test_the_first_week_counts_only_the_days_from_the_start(client, placement, camden_worker):
    client.force_login(camden_worker)

    page = client.get(
        reverse("timesheet_week", args=[placement.pk, FIRST_WEEK.isoformat()])
    ).content.decode()

    assert "Tuesday 29 September 2026" not in page
    assert "Wednesday 30 September 2026" in page
    assert "Sunday 4 October 2026" in page
    assert (
        _refused(placement, FIRST_WEEK, {FIRST_WEEK: FULL})[0]
        == "Monday 28 September 2026 is outside the placement's dates "
        "(30 September 2026 to 27 November 2026)"
    )


def test_more_days_than_agreed_need_the_hosts_reason(client, placement, camden_worker):
    four = three_days(SECOND_WEEK) | {SECOND_WEEK + 3 * DAY: FULL}

    assert _refused(placement, SECOND_WEEK, four) == [
        "You recorded 4 days but the placement is 3 days a week: say why the host agreed "
        "extra days, or correct the days"
    ]
    assert not Timesheet.objects.exists()

    client.force_login(camden_worker)
    url = reverse("timesheet_week", args=[placement.pk, SECOND_WEEK.isoformat()])
    response = client.post(url, _form(SECOND_WEEK, {0: "1", 1: "1", 2: "1", 3: "1"}))
    assert response.status_code == 400
    assert "say why the host agreed extra days" in response.content.decode()
    assert not Timesheet.objects.exists()

    client.post(
        url, _form(SECOND_WEEK, {0: "1", 1: "1", 2: "1", 3: "1"}, "Court deadline on Thursday")
    )
    timesheet = Timesheet.objects.get()
    assert (timesheet.days_worked, timesheet.extra_days_reason) == (
        4,
        "Court deadline on Thursday",
    )


def test_an_overlong_reason_is_refused(placement):
    four = three_days(SECOND_WEEK) | {SECOND_WEEK + 3 * DAY: FULL}

    assert _refused(placement, SECOND_WEEK, four, "x" * 1001) == [
        "Reason must be 1,000 characters or fewer"
    ]
    assert not Timesheet.objects.exists()


def test_a_day_outside_the_week_or_the_placement_is_refused(placement):
    assert _refused(placement, SECOND_WEEK, {SECOND_WEEK - DAY: FULL}) == [
        "Sunday 4 October 2026 is not in the week starting 5 October 2026"
    ]
    late = haringey_placement(
        placement.worker,
        placement.host,
        starts_on=datetime.date(2027, 1, 4),
        ends_on=datetime.date(2027, 2, 26),
    )
    assert _refused(late, SECOND_WEEK, {SECOND_WEEK: FULL}) == [
        "The week starting 5 October 2026 is not part of this placement "
        "(4 January 2027 to 26 February 2027)"
    ]
    assert not Timesheet.objects.exists()


def test_an_amount_other_than_a_half_or_full_day_is_refused(placement):
    assert _refused(placement, SECOND_WEEK, {SECOND_WEEK: Decimal("0.7")}) == [
        "Monday 5 October 2026: record a half day or a full day"
    ]


def test_a_day_still_to_come_is_refused(placement):
    assert _refused(placement, THIS_WEEK, {TODAY + DAY: FULL}) == [
        "Thursday 15 October 2026 has not happened yet"
    ]


def test_a_week_not_yet_started_or_not_starting_on_a_monday_is_refused(client, placement):
    next_week = THIS_WEEK + 7 * DAY
    assert _refused(placement, next_week, {}) == [
        "The week starting 19 October 2026 has not started yet: record it once it has"
    ]
    assert _refused(placement, SECOND_WEEK + DAY, {}) == [
        "A timesheet week starts on a Monday; Tuesday 6 October 2026 is not"
    ]
    client.force_login(placement.worker)
    for week in (next_week.isoformat(), (SECOND_WEEK + DAY).isoformat(), "2026-13-01", "soon"):
        assert client.get(reverse("timesheet_week", args=[placement.pk, week])).status_code == 404
    assert not Timesheet.objects.exists()


def test_a_second_timesheet_for_the_same_week_is_refused(client, placement, camden_worker):
    submitted(placement, SECOND_WEEK)

    with pytest.raises(services.TimesheetConflict) as refused:
        submitted(placement, SECOND_WEEK, days={SECOND_WEEK: HALF})
    assert refused.value.messages == [
        "You have already submitted a timesheet for the week starting 5 October 2026"
    ]
    client.force_login(camden_worker)
    response = client.post(
        reverse("timesheet_week", args=[placement.pk, SECOND_WEEK.isoformat()]),
        _form(SECOND_WEEK, {0: "0.5"}),
    )
    assert response.status_code == 409
    assert Timesheet.objects.get().days_worked == 3
    assert AuditEvent.objects.filter(action="timesheet_submitted").count() == 1


def test_a_signed_off_week_is_locked(placement, haringey_manager):
    timesheet = submitted(placement, SECOND_WEEK)
    services.timesheet_sign_off(timesheet=timesheet, by=haringey_manager)

    with pytest.raises(services.TimesheetConflict, match="signed off and locked"):
        submitted(placement, SECOND_WEEK, days={})
    assert Timesheet.objects.get().days_worked == 3


def test_only_the_placements_worker_submits(placement, haringey_manager, camden_manager):
    for person in (haringey_manager, camden_manager):
        with pytest.raises(PermissionDenied):
            services.timesheet_submit(
                placement=placement, week_starting=SECOND_WEEK, days={}, by=person
            )
    assert not Timesheet.objects.exists()


def test_a_placement_not_yet_started_or_cancelled_takes_no_timesheets(camden_worker, haringey):
    for status in (PlacementStatus.CONFIRMED, PlacementStatus.CANCELLED):
        placement = haringey_placement(camden_worker, haringey, status=status)
        assert _refused(placement, SECOND_WEEK, {})[0].startswith(
            f"This placement is {placement.get_status_display().lower()}"
        )
        placement.delete()
    assert not Timesheet.objects.exists()


def test_another_persons_placement_is_not_found(client, placement, hackney_worker, camden):
    client.force_login(hackney_worker)
    url = reverse("timesheet_week", args=[placement.pk, SECOND_WEEK.isoformat()])

    assert client.get(url).status_code == 404
    assert client.post(url, _form(SECOND_WEEK, {0: "1"})).status_code == 404
    assert client.get(reverse("placement_timesheets", args=[placement.pk])).status_code == 404
    assert not Timesheet.objects.exists()


def test_the_host_manager_cannot_submit_through_the_page(client, placement, haringey_manager):
    client.force_login(haringey_manager)

    response = client.post(
        reverse("timesheet_week", args=[placement.pk, SECOND_WEEK.isoformat()]),
        _form(SECOND_WEEK, {0: "1"}),
    )

    assert response.status_code == 403
    assert not Timesheet.objects.exists()
