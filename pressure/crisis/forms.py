"""Raising a crisis call, answering one, and the worker's and caller's replies."""

import datetime

from django import forms
from django.utils import timezone

from accounts.input_limits import bound_text, within_two_years_of_today
from accounts.models import JobLevel, Specialism, User
from boroughs.models import Borough, FundingModel
from config.forms import GovUKDateField
from pressure.models import CRISIS_TEXT_MAX, MAX_PEOPLE_NEEDED
from secondments.models import Purpose, WorkingPattern
from secondments.services import START_IN_THE_PAST


def _radios(label: str, choices, required_message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": f"{required_message} from the list",
        },
        **kwargs,
    )


class RaiseForm(forms.Form):
    borough = forms.ModelChoiceField(
        label="Borough in crisis",
        queryset=Borough.objects.order_by("name"),
        error_messages={
            "required": "Select the borough in crisis",
            "invalid_choice": "Select a borough from the list",
        },
    )
    purpose = _radios("What is the help for?", Purpose.choices, "Select what the help is for")
    description = forms.CharField(
        label="Describe the work",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The backlog or the cases, the team, and what a social worker must know",
        error_messages={"required": "Describe the work"},
    )
    people_needed = forms.IntegerField(
        label="How many social workers do you need?",
        help_text=f"From 1 to {MAX_PEOPLE_NEEDED}. Each borough asked offers at most one",
        widget=forms.NumberInput(attrs={"data-width": "2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many social workers you need",
            "invalid": "Enter how many social workers you need as a whole number, like 3",
        },
    )
    starts_on = GovUKDateField(
        label="Start date", help_text="Today or later. For example, 27 3 2027"
    )
    ends_on = GovUKDateField(
        label="End date", help_text="Up to 6 months after the start. For example, 27 6 2027"
    )
    days_per_week = forms.IntegerField(
        label="Days per week",
        initial=5,
        help_text="From 1 to 5",
        widget=forms.NumberInput(attrs={"data-width": "2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many days a week",
            "invalid": "Enter days per week as a whole number, like 5",
        },
    )
    job_level = forms.TypedChoiceField(
        label="Job level needed",
        choices=JobLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the job level needed",
            "invalid_choice": "Select the job level needed from the list",
        },
    )
    specialisms = forms.ModelMultipleChoiceField(
        label="Specialisms needed (optional)",
        help_text="Leave empty if any specialism will do",
        queryset=Specialism.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select specialisms from the list",
            "invalid_pk_value": "Select specialisms from the list",
        },
    )
    working_pattern = _radios("Working pattern", WorkingPattern.choices, "Select a working pattern")
    location = forms.CharField(label="Office location (optional)", required=False, max_length=200)
    funding_model = _radios("Who pays?", FundingModel.choices, "Select who pays")
    day_rate = forms.DecimalField(
        label="Agreed day rate in pounds (only for an agreed day rate)",
        required=False,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"data-width": "5", "step": "0.01"}),
        error_messages={"invalid": "Enter the day rate in pounds, like 350"},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_coordinator:
            del self.fields["borough"]
        else:
            # A coordinator raises a call for any borough of their regions.
            self.fields["borough"].queryset = Borough.objects.filter(
                user.coordinator_scope()
            ).order_by("name")
        bound_text(self.fields["description"], "Description of the work", CRISIS_TEXT_MAX)
        bound_text(self.fields["location"], "Office location")
        self.fields["starts_on"].validators.append(within_two_years_of_today("Start date"))
        self.fields["ends_on"].validators.append(within_two_years_of_today("End date"))

    def clean_people_needed(self) -> int:
        people = self.cleaned_data["people_needed"]
        if not 1 <= people <= MAX_PEOPLE_NEEDED:
            raise forms.ValidationError(f"Ask for between 1 and {MAX_PEOPLE_NEEDED} social workers")
        return people

    def clean_days_per_week(self) -> int:
        days = self.cleaned_data["days_per_week"]
        if not 1 <= days <= 5:
            raise forms.ValidationError("Days per week must be between 1 and 5")
        return days

    def clean_starts_on(self) -> datetime.date:
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError(START_IN_THE_PAST)
        return starts_on

    def request_terms(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("borough", None)
        data.pop("people_needed", None)
        return data


class OfferForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Social worker to offer",
        queryset=User.objects.none(),
        empty_label="Choose a social worker",
        error_messages={
            "required": "Select the social worker you offer",
            "invalid_choice": "Select a social worker from your borough's staff",
        },
    )
    note = forms.CharField(
        label="Note to the calling borough (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their experience, and anything the host should know",
    )

    def __init__(self, *args, borough: Borough, **kwargs):
        super().__init__(*args, **kwargs)
        # Any social worker's id is accepted here so that the service can say
        # plainly that someone from another borough is not yours to offer.
        self.fields["worker"].queryset = User.objects.workers().filter(is_active=True)
        self.fields["worker"].choices = [
            ("", "Choose a social worker"),
            *[
                (person.pk, person.full_name)
                for person in User.objects.workers()
                .filter(borough=borough, is_active=True)
                .order_by("full_name")
            ],
        ]
        bound_text(self.fields["note"], "Note", CRISIS_TEXT_MAX)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, label: str = "Reason", required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label, field.required = label, required
        field.error_messages["required"] = "Enter why your borough cannot offer anyone"
        bound_text(field, "Reason", CRISIS_TEXT_MAX)
