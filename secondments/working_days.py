"""Working days in England and Wales: Monday to Friday, bank holidays excluded.

Release reminders and escalations count working days (DESIGN.md: a release
pending for N working days escalates to the coordinators), because a manager
cannot be chased for a decision over Easter or Christmas.

The holidays are the copy of GOV.UK's list that govuk-bank-holidays ships
(0.19 covers 2012 to 2028), read once: counting never waits on the network or
fails with it. Years past the copy count weekends only, until the package is
upgraded.
"""

import datetime
from functools import cache

from govuk_bank_holidays.bank_holidays import BankHolidays

ONE_DAY = datetime.timedelta(days=1)


@cache
def bank_holidays() -> frozenset[datetime.date]:
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(
        division=BankHolidays.ENGLAND_AND_WALES
    )
    return frozenset(holiday["date"] for holiday in holidays)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days have passed from `start` to `end`.

    Counts the days after `start` up to and including `end`, so a release
    selected on a Thursday has waited 1 working day on the Friday. Zero when
    `end` is not after `start`.
    """
    count = 0
    day = start + ONE_DAY
    while day <= end:
        count += is_working_day(day)
        day += ONE_DAY
    return count


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day` (before it when n is negative); `day` when n is 0.

    For n >= 0, ``working_days_between(day, add_working_days(day, n)) == n``.
    """
    step = ONE_DAY if n >= 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        remaining -= is_working_day(day)
    return day


def latest_start(end: datetime.date, n: int) -> datetime.date:
    """The last day from which n working days have passed by `end`.

    ``working_days_between(start, end) >= n`` exactly when ``start <= latest_start(end, n)``,
    so "waiting for n working days" becomes one date comparison in the database.
    """
    if n <= 0:
        return end
    # The n-th working day counting back from `end` itself: starting the day
    # before it, all n of them fall within the count.
    return add_working_days(end + ONE_DAY, -n) - ONE_DAY
