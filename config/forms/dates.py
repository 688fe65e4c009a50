"""The GOV.UK date input: day, month and year boxes, and the GOV.UK messages for dates."""

from __future__ import annotations

import datetime
import re

from django import forms

# --- The GOV.UK date input --------------------------------------------------

PARTS = ("day", "month", "year")


class EnteredDate(str):
    """What someone typed in a date input's three boxes.

    It is a string ("YYYY-MM-DD" built from the parts) so a plain DateField
    can still parse it; `GovUKDateField` reads the parts for its messages.
    """

    day: str
    month: str
    year: str

    def __new__(cls, day: str, month: str, year: str):
        text = f"{year}-{month}-{day}" if (day or month or year) else ""
        entered = super().__new__(cls, text)
        entered.day, entered.month, entered.year = day, month, year
        return entered

    @property
    def missing(self) -> list[str]:
        return [part for part in PARTS if not getattr(self, part)]


class GovUKDateInput(forms.Widget):
    """Day, month and year boxes named `<name>-day`, `<name>-month`, `<name>-year`.

    A single `<name>=YYYY-MM-DD` value is accepted too (scripts and the API).
    """

    input_type = "govuk-date"
    template_name = ""  # rendered by govuk_field, never by a widget template

    def value_from_datadict(self, data, files, name):
        parts = [str(data.get(f"{name}-{part}", "")).strip()[:10] for part in PARTS]
        if not any(parts) and name in data:
            return data.get(name)
        return EnteredDate(*parts)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)

    def format_value(self, value) -> dict[str, str]:
        if isinstance(value, EnteredDate):
            return {"day": value.day, "month": value.month, "year": value.year}
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return {"day": "", "month": "", "year": ""}
        if isinstance(value, datetime.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return {"day": "", "month": "", "year": ""}


def _and(parts: list[str]) -> str:
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]


class GovUKDateField(forms.DateField):
    """A date from the GOV.UK date input, with the GOV.UK messages for dates: they name
    it by its label, or by `error_name` when the label is a question (a form sets it)."""

    widget = GovUKDateInput
    error_name: str | None = None

    def to_python(self, value):
        name = self.error_name or str(self.label or "Date")
        if isinstance(value, EnteredDate) and value:
            missing = value.missing
            if missing:
                raise forms.ValidationError(
                    f"{name} must include a {_and(missing)}", code="incomplete"
                )
            if not all(re.fullmatch(r"\d{1,4}", getattr(value, part)) for part in PARTS):
                raise forms.ValidationError(f"{name} must be a real date", code="invalid")
            if len(value.year) != 4:
                raise forms.ValidationError("Year must include 4 numbers", code="invalid_year")
            try:
                return datetime.date(int(value.year), int(value.month), int(value.day))
            except ValueError:
                raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None


def govuk_date_fields(*names: str) -> dict[str, type[GovUKDateField]]:
    """For a ModelForm's `Meta.field_classes`: these model dates use the GOV.UK input."""
    return dict.fromkeys(names, GovUKDateField)
