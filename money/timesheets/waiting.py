"""The timesheet weeks waiting for someone: for the dashboards (home/dashboards.py)."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import User
from money.models import Timesheet, TimesheetStatus
from money.timesheets.weeks import RECORDED_STATES, placement_weeks, week_has_ended
from secondments.models import Placement


@dataclass(frozen=True)
class WeeksToSubmit:
    placement: Placement
    weeks: int


def weeks_to_submit(worker: User, today: datetime.date) -> list[WeeksToSubmit]:
    """Each of the worker's placements with weeks to record: ended weeks with no
    timesheet, and weeks the host queried. Two queries however many weeks."""
    placements = list(
        Placement.objects.filter(
            worker=worker, status__in=RECORDED_STATES, starts_on__lte=today
        ).select_related("host")
    )
    statuses = {
        (placement_id, monday): status
        for placement_id, monday, status in Timesheet.objects.filter(
            placement__worker=worker, placement__status__in=RECORDED_STATES
        ).values_list("placement_id", "week_starting", "status")
    }
    waiting = []
    for placement in placements:
        weeks = 0
        for monday in placement_weeks(placement, today):
            status = statuses.get((placement.pk, monday))
            weeks += status == TimesheetStatus.QUERIED or (
                status is None and week_has_ended(monday, today)
            )
        if weeks:
            waiting.append(WeeksToSubmit(placement, weeks))
    return waiting


def awaiting_sign_off_in(borough) -> QuerySet:
    """Weeks submitted to the borough as host, longest waiting first."""
    return Timesheet.objects.filter(
        status=TimesheetStatus.SUBMITTED, placement__host=borough
    ).order_by("submitted_at", "pk")
