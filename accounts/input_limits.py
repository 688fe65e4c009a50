"""Limits on what people type: how long free text may be, and which dates make sense.

Free text is bounded in every form, even where the column is not: a
100,000-character description is a mistake or an attack, never a request.
A date like 0001-01-01 or 9999-12-31 is a slip of the keyboard or a probe:
stored, it breaks every page that adds days to it.
"""

import datetime
from collections.abc import Callable

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

LONG_TEXT_MAX = 5000  # descriptions, notes, reasons
NAME_MAX = 150
SEARCH_MAX = 100


def too_long(name: str, limit: int) -> str:
    """GOV.UK's message for text over its limit: 'Description must be 5,000 characters or fewer'."""
    return f"{name} must be {limit:,} characters or fewer"


def bound_text(field: forms.CharField, name: str, limit: int = LONG_TEXT_MAX) -> None:
    """Give a form's text field a limit (if its model field has none) and the GOV.UK message."""
    if field.max_length is None:
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
    field.error_messages["max_length"] = too_long(name, field.max_length)


def years_from(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


type DateLimit = datetime.date | Callable[[datetime.date], datetime.date] | None


class DateWithin:
    """Validates that a date lies in a sensible window, naming the field and the limit.

    Each limit is a date, or a function of today for a window that moves
    ("no more than 2 years ahead").
    """

    def __init__(self, name: str, *, earliest: DateLimit = None, latest: DateLimit = None):
        self.name, self.earliest, self.latest = name, earliest, latest

    @staticmethod
    def _limit(limit: DateLimit, today: datetime.date) -> datetime.date | None:
        return limit(today) if callable(limit) else limit

    def __call__(self, value: datetime.date) -> None:
        today = timezone.localdate()
        earliest, latest = self._limit(self.earliest, today), self._limit(self.latest, today)
        if earliest and value < earliest:
            raise forms.ValidationError(
                f"{self.name} must be the same as or after {long_date(earliest)}", code="too_early"
            )
        if latest and value > latest:
            message = f"{self.name} must be before {long_date(latest + datetime.timedelta(days=1))}"
            raise forms.ValidationError(message, code="too_late")


def within_two_years_of_today(name: str) -> DateWithin:
    """The window for the dates of a help request or a worker's availability."""
    return DateWithin(
        name,
        earliest=lambda today: years_from(today, -2),
        latest=lambda today: years_from(today, 2),
    )
