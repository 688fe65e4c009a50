import uuid

from django import forms

from accounts.forms import DateInput
from accounts.input_limits import LONG_TEXT_MAX, bound_text, too_long, within_two_years_of_today
from accounts.models import JobLevel, Specialism
from boroughs.models import Borough
from secondments.models import MESSAGE_MAX, HelpRequest
from secondments.services import REQUEST_FIELDS
from secondments.services.messages import message_body_problem, tidy_message_body


class HelpRequestForm(forms.ModelForm):
    # A new request's form carries a one-time token, so posting it twice makes
    # one request (see help_request_create). Absent when changing a request.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HelpRequest
        fields = [*REQUEST_FIELDS, "specialisms"]
        labels = {
            "title": "Title",
            "team": "Team (optional)",
            "purpose": "What is the help for?",
            "job_level": "Job level needed",
            "specialisms": "Specialisms needed",
            "min_years_qualified": "Minimum years since qualifying",
            "newly_qualified_suitable": "Suitable for a newly qualified social worker",
            "supervisor_name": "Supervisor for a newly qualified social worker",
            "places": "How many social workers do you need?",
            "starts_on": "Start date",
            "ends_on": "End date",
            "days_per_week": "Days per week",
            "working_pattern": "Working pattern",
            "location": "Office location",
            "funding_model": "Who pays?",
            "day_rate": "Agreed day rate in pounds (only for an agreed day rate)",
            "urgency": "How urgent is it?",
            "description": "Describe the work",
        }
        help_texts = {
            "title": "For example, Two social workers for the assessment team",
            "ends_on": "A secondment can last up to 6 months",
            "supervisor_name": "Required if the request is suitable for a newly qualified social worker",
            "days_per_week": "From 1 to 5",
            "description": "The caseload, the team, and anything a social worker should know before offering help",
        }
        widgets = {
            "purpose": forms.RadioSelect,
            "job_level": forms.RadioSelect,
            "specialisms": forms.CheckboxSelectMultiple,
            "working_pattern": forms.RadioSelect,
            "funding_model": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "places": forms.NumberInput(attrs={"data-width": "2", "inputmode": "numeric"}),
            "days_per_week": forms.NumberInput(attrs={"data-width": "2", "inputmode": "numeric"}),
            "min_years_qualified": forms.NumberInput(
                attrs={"data-width": "2", "inputmode": "numeric"}
            ),
            "day_rate": forms.NumberInput(attrs={"data-width": "5", "step": "0.01"}),
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "purpose": {"required": "Select what the help is for"},
            "job_level": {"required": "Select the job level needed"},
            "places": {"required": "Enter how many social workers you need"},
            "starts_on": {
                "required": "Enter a start date",
                "invalid": "Start date must be a real date",
            },
            "ends_on": {"required": "Enter an end date", "invalid": "End date must be a real date"},
            "days_per_week": {"required": "Enter how many days a week"},
            "working_pattern": {"required": "Select a working pattern"},
            "funding_model": {"required": "Select who pays"},
            "urgency": {"required": "Select how urgent it is"},
            "description": {"required": "Describe the work"},
        }

    def __init__(self, *args, borough: Borough, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = borough.teams.all()
        self.fields["team"].empty_label = "No particular team"
        self.fields["job_level"].choices = JobLevel.choices
        self.fields["specialisms"].queryset = Specialism.objects.all()
        for name in ("purpose", "working_pattern", "funding_model", "urgency"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if self.instance.pk:
            del self.fields["submission_token"]
        elif not self.is_bound:
            self.initial["submission_token"] = uuid.uuid4()
        elif not _is_uuid(self.data.get(self.add_prefix("submission_token"))):
            # A tab opened before forms had tokens, or a mangled one: the post
            # still saves, under a fresh token, and if the form is shown again
            # with errors it carries that token from then on.
            self.data = self.data.copy()
            self.data[self.add_prefix("submission_token")] = str(uuid.uuid4())
        for name, said in [
            ("title", "Title"),
            ("supervisor_name", "Supervisor's name"),
            ("location", "Office location"),
            ("description", "Description of the work"),
        ]:
            bound_text(self.fields[name], said)
        self.fields["starts_on"].validators.append(within_two_years_of_today("Start date"))
        self.fields["ends_on"].validators.append(within_two_years_of_today("End date"))

    def clean_places(self) -> int:
        places = self.cleaned_data["places"]
        if places < 1:
            raise forms.ValidationError("You need at least 1 place")
        return places

    def clean_days_per_week(self) -> int:
        days = self.cleaned_data["days_per_week"]
        if not 1 <= days <= 5:
            raise forms.ValidationError("Days per week must be between 1 and 5")
        return days


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The people involved will see this",
        max_length=LONG_TEXT_MAX,
        error_messages={
            "required": "Enter a reason",
            "max_length": too_long("Reason", LONG_TEXT_MAX),
        },
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if not required:
            self.fields["reason"].label = "Reason (needed to decline, refuse or reject)"


class MessageForm(forms.Form):
    max_length = MESSAGE_MAX
    max_length_text = f"{MESSAGE_MAX:,}"
    # No max_length: a maxlength attribute would cut a pasted message short
    # without saying so; GOV.UK's character count lets people see and fix it.
    body = forms.CharField(
        label="Write a message",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a message"},
    )

    def clean_body(self) -> str:
        body = tidy_message_body(self.cleaned_data["body"])
        problem = message_body_problem(body)
        if problem:
            raise forms.ValidationError(problem)
        return body
