"""The reports' filters: a period of whole months (from month, to month), and
for people who see more than one borough, a borough.

A month is entered as GOV.UK's date input without the day: a month box and a
year box. Both months are optional: an empty period is the 12 months to this
one. Months before the service or after this one, a period that ends before
it starts or is longer than three years each get their own message.
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.safestring import SafeString

from config.forms import macro
from config.forms.fields import error_text

# Before the exchange began: a month earlier than this is a typing mistake.
EARLIEST_MONTH = datetime.date(2020, 1, 1)
MAX_MONTHS = 36
DEFAULT_MONTHS = 12
MONTH_PARTS = ("month", "year")


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months after `month` (before, if negative)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first: datetime.date, last: datetime.date) -> int:
    """How many months from `first` to `last`, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


@dataclass(frozen=True)
class Period:
    """Whole months, from the first day of `first` to the last day of `last`."""

    first: datetime.date
    last: datetime.date

    @property
    def months(self) -> list[datetime.date]:
        return [add_months(self.first, n) for n in range(months_between(self.first, self.last))]

    @property
    def first_day(self) -> datetime.date:
        return self.first

    @property
    def last_day(self) -> datetime.date:
        return add_months(self.last, 1) - datetime.timedelta(days=1)

    @property
    def starts_at(self) -> datetime.datetime:
        """Midnight UK time on the first day: times on or after it are in."""
        return timezone.make_aware(datetime.datetime.combine(self.first, datetime.time()))

    @property
    def ends_before(self) -> datetime.datetime:
        """Midnight UK time after the last day: times before it are in."""
        following = add_months(self.last, 1)
        return timezone.make_aware(datetime.datetime.combine(following, datetime.time()))

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%B %Y}"
        return f"{self.first:%B %Y} to {self.last:%B %Y}"

    def holds(self, moment: datetime.datetime | None) -> bool:
        return moment is not None and self.starts_at <= moment < self.ends_before


def default_period(today: datetime.date | None = None) -> Period:
    this_month = (today or timezone.localdate()).replace(day=1)
    return Period(add_months(this_month, 1 - DEFAULT_MONTHS), this_month)


class EnteredMonth(str):
    """What someone typed in a month's two boxes, kept to show back."""

    month: str
    year: str

    def __new__(cls, month: str, year: str):
        entered = super().__new__(cls, f"{year}-{month}" if (month or year) else "")
        entered.month, entered.year = month, year
        return entered


class MonthInput(forms.Widget):
    """A month box and a year box named `<name>-month` and `<name>-year`."""

    template_name = ""  # rendered by govuk_month_field, never by a widget template

    def value_from_datadict(self, data, files, name):
        return EnteredMonth(
            *(str(data.get(f"{name}-{part}", "")).strip()[:10] for part in MONTH_PARTS)
        )

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part in MONTH_PARTS)


class MonthField(forms.Field):
    """The first day of the month entered, with GOV.UK's messages for dates."""

    widget = MonthInput

    def __init__(self, *, name: str, **kwargs):
        self.error_name = name
        super().__init__(**kwargs)

    def to_python(self, value) -> datetime.date | None:
        if not value:
            return None
        name = self.error_name
        missing = [part for part in MONTH_PARTS if not getattr(value, part, "")]
        if missing:
            raise forms.ValidationError(f"{name} must include a {missing[0]}", code="incomplete")
        if not (re.fullmatch(r"\d{1,2}", value.month) and re.fullmatch(r"\d{1,4}", value.year)):
            raise forms.ValidationError(f"{name} must be a real month", code="invalid")
        if len(value.year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid_year")
        if not 1 <= int(value.month) <= 12:
            raise forms.ValidationError(f"{name} must be a real month", code="invalid")
        # Compared before a date is made: year 0000 is not a date at all.
        if (int(value.year), int(value.month)) < (EARLIEST_MONTH.year, EARLIEST_MONTH.month):
            raise forms.ValidationError(
                f"{name} must be {EARLIEST_MONTH:%B %Y} or later", code="too_early"
            )
        month = datetime.date(int(value.year), int(value.month), 1)
        this_month = timezone.localdate().replace(day=1)
        if month > this_month:
            raise forms.ValidationError(
                f"{name} must be this month ({this_month:%B %Y}) or earlier", code="too_late"
            )
        return month


class ReportFilterForm(forms.Form):
    """A report's filters; GET, so no side effects. Every field is optional."""

    start = MonthField(name="From month", label="From month", required=False)
    end = MonthField(name="To month", label="To month", required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if self.errors:
            return cleaned
        default = default_period()
        if start is None and end is None:
            start, end = default.first, default.last
        elif start is None:
            start = add_months(end, 1 - DEFAULT_MONTHS)
            start = max(start, EARLIEST_MONTH)
        elif end is None:
            end = default.last
        if end < start:
            self.add_error("end", "To month must be the same as or after the from month")
        elif months_between(start, end) > MAX_MONTHS:
            self.add_error(
                "end",
                f"The period must be {MAX_MONTHS} months or shorter: "
                "choose a later from month or an earlier to month",
            )
        else:
            cleaned["period"] = Period(start, end)
        return cleaned

    @property
    def period(self) -> Period | None:
        return getattr(self, "cleaned_data", {}).get("period")


def govuk_month_field(bound: forms.BoundField, shown: datetime.date | None = None) -> SafeString:
    """GOV.UK's date input with a month box and a year box, no day. The month
    box takes the field's id, so the error summary's link lands in it. Boxes
    left empty show `shown` (the month the period took in their place)."""
    value = bound.value()
    parts = {
        part: getattr(value, part, "") if isinstance(value, EnteredMonth) else ""
        for part in MONTH_PARTS
    }
    if shown is not None and not any(parts.values()):
        parts = {"month": str(shown.month), "year": str(shown.year)}
    error_class = " govuk-input--error" if bound.errors else ""
    items = [
        {
            "name": "month",
            "id": bound.auto_id,
            "value": parts["month"],
            "classes": "govuk-input--width-2" + error_class,
        },
        {
            "name": "year",
            "id": f"{bound.auto_id}-year",
            "value": parts["year"],
            "classes": "govuk-input--width-4" + error_class,
        },
    ]
    return macro("date-input")(
        {
            "id": f"{bound.auto_id}-input",
            "namePrefix": bound.html_name,
            "fieldset": {
                "legend": {"text": str(bound.label), "classes": "govuk-fieldset__legend--s"}
            },
            "hint": {"text": "For example, 4 2026"},
            "errorMessage": error_text(bound),
            "items": items,
            "formGroup": {"attributes": {"id": f"{bound.auto_id}-group"}},
        }
    )
