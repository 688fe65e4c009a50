"""The scene every timesheet test starts from: a Camden social worker placed in
Haringey, three days a week, from Wednesday 30 September to Friday 27 November
2026, looked at on Wednesday 14 October 2026 (its third week)."""

import datetime
from decimal import Decimal

from money.timesheets import services
from secondments.models import Placement, PlacementStatus
from tests.factories import PlacementFactory

D = datetime.date
FULL, HALF = Decimal("1"), Decimal("0.5")
STARTS_ON = D(2026, 9, 30)
ENDS_ON = D(2026, 11, 27)
TODAY = D(2026, 10, 14)
FIRST_WEEK = D(2026, 9, 28)  # the placement starts on its Wednesday
SECOND_WEEK = D(2026, 10, 5)
THIS_WEEK = D(2026, 10, 12)


def haringey_placement(worker, haringey, *, status=PlacementStatus.ACTIVE, **dates) -> Placement:
    return PlacementFactory(
        worker=worker,
        status=status,
        help_request__borough=haringey,
        help_request__starts_on=dates.get("starts_on", STARTS_ON),
        help_request__ends_on=dates.get("ends_on", ENDS_ON),
        help_request__days_per_week=3,
    )


def three_days(monday: datetime.date, *, half_on_wednesday: bool = False) -> dict:
    """Monday, Tuesday and Wednesday of the week, Wednesday perhaps a half day."""
    return {
        monday: FULL,
        monday + datetime.timedelta(days=1): FULL,
        monday + datetime.timedelta(days=2): HALF if half_on_wednesday else FULL,
    }


def submitted(placement: Placement, monday: datetime.date, days: dict | None = None):
    return services.timesheet_submit(
        placement=placement,
        week_starting=monday,
        days=three_days(monday) if days is None else days,
        by=placement.worker,
    )
