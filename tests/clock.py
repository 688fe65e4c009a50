"""Moments in London time, for tests that travel in time (time_machine)."""

import datetime
import zoneinfo

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """`hour` o'clock on `day` in London: GMT in winter, BST in summer."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)
