"""The weeks of a placement a timesheet can be recorded for, and their days.

A timesheet week runs Monday to Sunday (money.models.week_starting). A
placement's first week is the one holding its first day, even when that is a
Wednesday; its last is the one holding its last day, or this week while it
goes on: a week may be recorded once it has started.
"""

import datetime

from money.models import week_starting
from secondments.models import Placement, PlacementStatus

ONE_DAY = datetime.timedelta(days=1)
ONE_WEEK = datetime.timedelta(days=7)
# Placements whose weeks are recorded: started, and not cancelled.
RECORDED_STATES = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)


def long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def day_label(day: datetime.date) -> str:
    """How the form and pages name a day: "Monday 5 October 2026"."""
    return f"{day:%A %-d %B %Y}"


def placement_weeks(placement: Placement, today: datetime.date) -> list[datetime.date]:
    """The Mondays of the placement's weeks that have started by `today`, first first."""
    first = week_starting(placement.starts_on)
    last = min(week_starting(placement.ends_on), week_starting(today))
    weeks = []
    monday = first
    while monday <= last:
        weeks.append(monday)
        monday += ONE_WEEK
    return weeks


def is_placement_week(placement: Placement, monday: datetime.date, today: datetime.date) -> bool:
    return (
        monday.weekday() == 0
        and monday <= today
        and monday <= placement.ends_on
        and monday + 6 * ONE_DAY >= placement.starts_on
    )


def days_to_record(
    placement: Placement, monday: datetime.date, today: datetime.date
) -> list[datetime.date]:
    """The dates of the week inside the placement and not after today."""
    days = (monday + n * ONE_DAY for n in range(7))
    return [day for day in days if placement.starts_on <= day <= min(placement.ends_on, today)]


def week_has_ended(monday: datetime.date, today: datetime.date) -> bool:
    return monday + 6 * ONE_DAY < today


def days_shown(days) -> str:
    """Days worked as people write them: "3 days", "2½ days", "½ day", "1 day"."""
    whole, half = divmod(int(days * 2), 2)
    number = f"{whole or ''}{'½' if half else ''}" or "0"
    return f"{number} day{'' if number in ('1', '½') else 's'}"
