"""Forms for issuing and querying statements, and for the agency day rates."""

from decimal import Decimal

from django import forms

from accounts.input_limits import too_long
from boroughs.models import JobLevel
from money.models import MAX_AGENCY_DAY_RATE
from money.statements.services import MAX_QUERY_REASON


class IssueForm(forms.Form):
    confirm_unsigned = forms.BooleanField(
        label="Issue the statement without the weeks not signed off",
        required=False,
    )


class QueryForm(forms.Form):
    reason = forms.CharField(
        label="Why are you querying this statement?",
        help_text="For example, which days or rates you think are wrong. The lending borough will see this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_QUERY_REASON,
        error_messages={
            "required": "Enter why you are querying this statement",
            "max_length": too_long("The reason", MAX_QUERY_REASON),
        },
    )


class _Pounds(forms.DecimalField):
    """A sum typed as people write it: "£450" or "1,200.00" are fine."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lstrip("£").replace(",", "").strip()
        return super().to_python(value)


class AgencyRatesForm(forms.Form):
    """One region's agency day rate for each job level; empty clears a level."""

    def __init__(self, *args, current: dict[int, Decimal], **kwargs):
        initial = {f"rate_{level}": rate for level, rate in current.items()}
        super().__init__(*args, initial=initial, **kwargs)
        for level in JobLevel:
            name = level.label.lower()
            range_message = f"Enter a {name} agency day rate from £1 to £{MAX_AGENCY_DAY_RATE:,}"
            self.fields[f"rate_{level.value}"] = _Pounds(
                label=f"{level.label}: agency day rate in pounds",
                required=False,
                max_digits=7,
                decimal_places=2,
                min_value=Decimal("1"),
                max_value=Decimal(MAX_AGENCY_DAY_RATE),
                error_messages={
                    "invalid": f"Enter a {name} agency day rate as a number, like 450.00",
                    "min_value": range_message,
                    "max_value": range_message,
                    "max_digits": range_message,
                    "max_whole_digits": range_message,
                    "max_decimal_places": f"Enter a {name} agency day rate to no more than 2 decimal places",
                },
                widget=forms.TextInput(attrs={"data-width": "10", "inputmode": "decimal"}),
            )

    def rate_fields(self) -> list[forms.BoundField]:
        return [self[f"rate_{level.value}"] for level in JobLevel]

    def rates(self) -> dict[int, Decimal | None]:
        return {level.value: self.cleaned_data[f"rate_{level.value}"] for level in JobLevel}
