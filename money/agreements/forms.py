"""The forms of the agreement pages: terms (to propose or amend), a borough to
propose to, a reason to decline, and an end date with its reason."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.input_limits import DateWithin, bound_text, years_from
from accounts.models import User
from boroughs.models import Agreement, AgreementStatus, Borough, FundingModel
from config.forms import GovUKDateField

REASON_MAX = 1000


def _for_example(days_ahead: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return f"For example, {day.day} {day.month} {day.year}"


class PoundsField(forms.DecimalField):
    """An amount in pounds: '£1,250.50' is read as 1250.50."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "")
        return super().to_python(value)


def _day_rate() -> PoundsField:
    return PoundsField(
        label="Day rate (optional)",
        help_text="Only for an agreed day rate: the amount in pounds the host pays for each day worked",
        required=False,
        max_digits=9,
        decimal_places=2,
        error_messages={
            "invalid": "Day rate must be an amount of money, like 350 or 350.50",
            "max_digits": "Day rate must be £2,000 or less",
            "max_whole_digits": "Day rate must be £2,000 or less",
            "max_decimal_places": "Day rate must be in pounds and pence, like 350.50",
        },
        widget=forms.TextInput(attrs={"data-width": "5", "inputmode": "decimal"}),
    )


class AgreementTermsForm(forms.Form):
    funding_model = forms.ChoiceField(
        label="How are secondments between the boroughs funded?",
        choices=FundingModel.choices,
        widget=forms.RadioSelect(),
        error_messages={
            "required": "Select how secondments between the boroughs are funded",
            "invalid_choice": "Select how secondments between the boroughs are funded",
        },
    )
    day_rate = _day_rate()
    recharge_terms = forms.CharField(
        label="Recharge terms (optional)",
        help_text="For a salary recharge: which job levels, and anything not recharged",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = GovUKDateField(
        label="Start date",
        help_text=_for_example(14),
        validators=[DateWithin("Start date", earliest=lambda today: years_from(today, -2))],
        error_messages={"required": "Enter the start date"},
    )
    ends_on = GovUKDateField(
        label="End date (optional)",
        help_text="Leave empty for an agreement with no end date",
        required=False,
        validators=[DateWithin("End date", latest=lambda today: years_from(today, 10))],
    )
    notes = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].error_name = "End date"
        bound_text(self.fields["recharge_terms"], "Recharge terms")
        bound_text(self.fields["notes"], "Note")

    def clean(self):
        # The service checks these too; here so they show with any date errors.
        data = super().clean()
        model, rate = data.get("funding_model"), data.get("day_rate")
        if model == FundingModel.DAY_RATE and rate is None and "day_rate" not in self.errors:
            self.add_error("day_rate", "Enter the agreed day rate")
        elif model and model != FundingModel.DAY_RATE and rate is not None:
            self.add_error(
                "day_rate", "Leave the day rate empty unless the funding is an agreed day rate"
            )
        return data

    def terms(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.TERM_FIELDS}

    TERM_FIELDS = ["funding_model", "day_rate", "recharge_terms", "starts_on", "ends_on", "notes"]

    @classmethod
    def initial_from(cls, agreement: Agreement) -> dict:
        return {name: getattr(agreement, name) for name in cls.TERM_FIELDS}


class ProposeForm(AgreementTermsForm):
    other_borough = forms.ModelChoiceField(
        label="Which borough is the agreement with?",
        queryset=Borough.objects.none(),
        empty_label="Select a borough",
        error_messages={
            "required": "Select the borough the agreement is with",
            "invalid_choice": "Select the borough the agreement is with",
        },
    )
    field_order = ["other_borough"]

    def __init__(self, *args, own: Borough, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_borough"].queryset = Borough.objects.exclude(pk=own.pk).order_by("name")


class RecordForm(AgreementTermsForm):
    """A coordinator records an agreement the two boroughs made elsewhere."""

    borough_a = forms.ModelChoiceField(
        label="First borough",
        queryset=Borough.objects.order_by("name"),
        empty_label="Select a borough",
        error_messages={"required": "Select the first borough"},
    )
    borough_b = forms.ModelChoiceField(
        label="Second borough",
        queryset=Borough.objects.order_by("name"),
        empty_label="Select a borough",
        error_messages={"required": "Select the second borough"},
    )
    field_order = ["borough_a", "borough_b"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # One side at least must be in the coordinator's regions: the first.
        self.fields["borough_a"].queryset = Borough.objects.filter(
            user.coordinator_scope()
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("borough_a") and data.get("borough_a") == data.get("borough_b"):
            self.add_error("borough_b", "Select a borough other than the first")
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining these terms?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are declining this agreement"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_text(self.fields["reason"], "Reason", REASON_MAX)


class EndForm(forms.Form):
    ends_on = GovUKDateField(
        label="Last day of the agreement",
        validators=[DateWithin("Last day", latest=lambda today: years_from(today, 10))],
        error_messages={"required": "Enter the last day of the agreement"},
    )
    reason = forms.CharField(
        label="Why is the agreement ending?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the agreement is ending"},
    )

    def __init__(self, *args, earliest: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].error_name = "Last day"
        self.fields["ends_on"].help_text = (
            f"The same as or after {earliest.day} {earliest:%B %Y}. "
            f"For example, {earliest.day} {earliest.month} {earliest.year}"
        )
        bound_text(self.fields["reason"], "Reason", REASON_MAX)


STATUS_FILTERS = [
    ("", "Any status"),
    (AgreementStatus.PROPOSED, "Waiting for an answer"),
    ("in_force", "In force or yet to start"),
    ("ended", "Ended"),
    (AgreementStatus.DECLINED, "Declined"),
    (AgreementStatus.WITHDRAWN, "Withdrawn"),
]


class AgreementFilterForm(forms.Form):
    borough = forms.ModelChoiceField(
        label="Borough",
        queryset=Borough.objects.order_by("name"),
        to_field_name="gss_code",
        required=False,
        empty_label="All boroughs",
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_FILTERS, required=False)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's errors onto the form: each on its field where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
