"""The monthly pressure report form: each figure within a sane range, with a
GOV.UK error that says which figure and what is allowed."""

import datetime
from decimal import Decimal

from django import forms

from boroughs.models import MAX_AVERAGE_CASELOAD, MAX_MONTHLY_COUNT


def _rate(label: str, what: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text="A percentage from 0 to 100, to one decimal place, for example 12.5",
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "data-width": 5}),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a number, for example 12.5",
            # Django fills in these messages with %-formatting: "%%" shows "%".
            "min_value": f"The {what} must be 0%% or more",
            "max_value": f"The {what} must be 100%% or less",
            "max_digits": f"The {what} must be 100%% or less",
            "max_decimal_places": f"Give the {what} to one decimal place at most",
            "max_whole_digits": f"The {what} must be 100%% or less",
        },
    )


def _count(label: str, what: str, *, required: bool = True, hint: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=required,
        min_value=0,
        max_value=MAX_MONTHLY_COUNT,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "data-width": 5}),
        error_messages={
            "required": f"Enter the number of {what}",
            "invalid": f"Enter the number of {what} as a whole number, for example 12",
            "min_value": f"The number of {what} must be 0 or more",
            "max_value": f"The number of {what} must be {MAX_MONTHLY_COUNT:,} or fewer",
        },
    )


class PressureReportForm(forms.Form):
    month = forms.TypedChoiceField(
        label="Which month are you reporting on?",
        coerce=datetime.date.fromisoformat,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the month you are reporting on",
            "invalid_choice": "Select a month that is still open for reports",
        },
    )
    vacancy_rate = _rate("Vacancy rate (%)", "vacancy rate")
    agency_rate = _rate("Agency worker rate (%)", "agency worker rate")
    average_caseload = forms.DecimalField(
        label="Average caseload per social worker",
        help_text=f"Cases per case-holding worker, from 0 to {MAX_AVERAGE_CASELOAD}, "
        "for example 16.5",
        min_value=Decimal("0"),
        max_value=MAX_AVERAGE_CASELOAD,
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "data-width": 5}),
        error_messages={
            "required": "Enter the average caseload per social worker",
            "invalid": "Enter the average caseload as a number, for example 16.5",
            "min_value": "The average caseload must be 0 or more",
            "max_value": f"The average caseload must be {MAX_AVERAGE_CASELOAD} or fewer: "
            "check the figure is per worker, not the team's total",
            "max_digits": f"The average caseload must be {MAX_AVERAGE_CASELOAD} or fewer",
            "max_whole_digits": f"The average caseload must be {MAX_AVERAGE_CASELOAD} or fewer",
            "max_decimal_places": "Give the average caseload to one decimal place at most",
        },
    )
    assessment_backlog = _count(
        "Assessments overdue",
        "assessments overdue",
        hint="Assessments past their timescale at the end of the month",
    )
    referrals = _count(
        "Referrals in the month",
        "referrals",
        required=False,
        hint="Leave blank if you do not have the figure yet",
    )

    def __init__(self, *args, months: list[datetime.date] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if months is None:
            del self.fields["month"]
        else:
            self.fields["month"].choices = [(m.isoformat(), f"{m:%B %Y}") for m in months]
            if months:
                self.fields["month"].initial = months[0].isoformat()

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "month"}
