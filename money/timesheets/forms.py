"""The worker's week form (one row of radios per day) and the host's query form."""

import datetime
from decimal import Decimal

from django import forms

from accounts.input_limits import too_long
from money.models import Timesheet
from money.timesheets.services import QUERY_MAX, REASON_MAX
from money.timesheets.weeks import day_label

AMOUNTS = [("0", "Not worked"), ("0.5", "Half day"), ("1", "Full day")]


class TimesheetWeekForm(forms.Form):
    extra_days_reason = forms.CharField(
        label="Extra days agreed by the host (reason)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        error_messages={"max_length": too_long("Reason", REASON_MAX)},
    )

    def __init__(
        self,
        *args,
        days: list[datetime.date],
        days_per_week: int,
        timesheet: Timesheet | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        recorded = {}
        if timesheet is not None:
            recorded = {entry.day: entry.amount for entry in timesheet.days.all()}
            self.fields["extra_days_reason"].initial = timesheet.extra_days_reason
        said = "1 day" if days_per_week == 1 else f"{days_per_week} days"
        self.fields[
            "extra_days_reason"
        ].help_text = (
            f"Only if the host agreed you could work more than the placement's {said} a week"
        )
        self.days = days
        fields = {}
        for day in days:
            amount = recorded.get(day)
            fields[self.field_name(day)] = forms.ChoiceField(
                label=day_label(day),
                choices=AMOUNTS,
                # A day left out was not worked: the radios start at "Not worked".
                required=False,
                initial="0" if amount is None else f"{amount.normalize():f}",
                widget=forms.RadioSelect(attrs={"inline": True, "small": True}),
                error_messages={"invalid_choice": f"Select whether you worked on {day_label(day)}"},
            )
        # The days first, in week order; the reason after them.
        fields["extra_days_reason"] = self.fields.pop("extra_days_reason")
        self.fields = fields

    @staticmethod
    def field_name(day: datetime.date) -> str:
        return f"day_{day.isoformat()}"

    def day_fields(self):
        return [self[self.field_name(day)] for day in self.days]

    def worked(self) -> dict[datetime.date, Decimal]:
        return {day: Decimal(self.cleaned_data[self.field_name(day)] or "0") for day in self.days}


class TimesheetQueryForm(forms.Form):
    reason = forms.CharField(
        label="Why are you querying this week?",
        help_text="The social worker will see this and correct the week",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=QUERY_MAX,
        error_messages={
            "required": "Enter why you are querying this week",
            "max_length": too_long("Reason", QUERY_MAX),
        },
    )
