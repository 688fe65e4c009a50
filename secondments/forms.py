import datetime
import re
import uuid

from django import forms
from django.utils import timezone

from accounts.input_limits import LONG_TEXT_MAX, bound_text, too_long, within_two_years_of_today
from accounts.models import JobLevel, Specialism
from accounts.phone_numbers import UK_PHONE_ERROR, UK_PHONE_MAX, normalise_uk_phone
from boroughs.models import Borough
from config.forms import govuk_date_fields
from secondments.models import MESSAGE_MAX, HelpRequest, Placement, Weekday, WorkingPattern
from secondments.services import REQUEST_FIELDS, START_IN_THE_PAST
from secondments.services.messages import message_body_problem, tidy_message_body

SPECIALISM_GROUPS = [
    (Specialism.Area.CHILDREN, "Children's services"),
    (Specialism.Area.ADULTS, "Adults' services"),
    (Specialism.Area.BOTH, "Both children's and adults' services"),
]


class HelpRequestForm(forms.ModelForm):
    # A new request's form carries a one-time token, so posting it twice makes
    # one request (see help_request_create). Absent when changing a request.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    SECTIONS = [
        ("What you need", ["title", "purpose", "urgency", "places", "description"]),
        (
            "Who you need",
            [
                "job_level",
                "min_years_qualified",
                "specialisms",
                "newly_qualified_suitable",
                "supervisor_name",
                "protected_caseload",
                "supervision_frequency",
            ],
        ),
        ("When", ["starts_on", "ends_on", "days_per_week"]),
        ("Where", ["team", "working_pattern", "location"]),
        ("Funding", ["funding_model", "day_rate"]),
    ]

    class Meta:
        model = HelpRequest
        fields = [*REQUEST_FIELDS, "specialisms"]
        field_classes = govuk_date_fields("starts_on", "ends_on")
        labels = {
            "title": "Title",
            "team": "Team (optional)",
            "purpose": "What is the help for?",
            "job_level": "Job level needed",
            "specialisms": "Specialisms needed",
            "min_years_qualified": "Minimum years since qualifying",
            "newly_qualified_suitable": "Suitable for a newly qualified social worker",
            "supervisor_name": "Supervisor for a newly qualified social worker",
            "protected_caseload": "Protected caseload for a newly qualified social worker",
            "supervision_frequency": "How often a newly qualified social worker is supervised",
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
            "starts_on": "Today or later. For example, 27 3 2027",
            "ends_on": "A secondment can last up to 6 months. For example, 27 9 2027",
            "specialisms": "Select all that apply, or none if any specialism will do",
            "supervisor_name": "Required if the request is suitable for a newly qualified social worker",
            "protected_caseload": (
                "The most cases they will hold, from 1 to 30. "
                "Required if the request is suitable for a newly qualified social worker"
            ),
            "supervision_frequency": (
                "Required if the request is suitable for a newly qualified social worker"
            ),
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
            "supervision_frequency": forms.RadioSelect,
            "protected_caseload": forms.NumberInput(
                attrs={"data-width": "2", "inputmode": "numeric"}
            ),
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
            "specialisms": {
                "invalid_choice": "Select specialisms from the list",
                "invalid_pk_value": "Select specialisms from the list",
            },
            "min_years_qualified": {
                "required": "Enter the minimum years since qualifying, or 0 if any will do"
            },
            "protected_caseload": {
                "invalid": "Enter the protected caseload as a whole number of cases, like 12"
            },
            "supervision_frequency": {
                "invalid_choice": "Select how often they are supervised from the list"
            },
            "starts_on": {"required": "Enter a start date"},
            "ends_on": {"required": "Enter an end date"},
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
        for name in (
            "purpose",
            "working_pattern",
            "funding_model",
            "urgency",
            "supervision_frequency",
        ):
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

    def clean_starts_on(self) -> datetime.date:
        # The service refuses it too; here it is listed with the form's other mistakes.
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError(START_IN_THE_PAST)
        return starts_on

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The form's visible fields under their section headings, in order."""
        return [(heading, [self[name] for name in names]) for heading, names in self.SECTIONS]

    def specialism_groups(self) -> list[dict]:
        """The specialism checkboxes grouped by the services they belong to.

        Each group has its heading, the id prefix of its boxes (the first
        group's first box has the field's own id, which errors link to) and its
        items for the checkboxes macro. Every box posts as `specialisms`.
        """
        field = self["specialisms"]
        by_area: dict[str, list[dict]] = {area: [] for area, _ in SPECIALISM_GROUPS}
        for option in field.subwidgets:
            value = option.data["value"]
            by_area[value.instance.area].append(
                {
                    "value": str(value),
                    "text": option.choice_label,
                    "checked": option.data["selected"],
                }
            )
        groups = []
        for area, heading in SPECIALISM_GROUPS:
            if by_area[area]:
                id_prefix = f"{field.auto_id}-{area}" if groups else field.auto_id
                groups.append({"heading": heading, "id_prefix": id_prefix, "items": by_area[area]})
        return groups

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


TIME_FORMAT_ERROR = "Enter the start time like 9am, 9:30am or 13:30"
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?", re.IGNORECASE)


def parse_time_of_day(text: str) -> datetime.time:
    """A time as people write it: 9am, 9.30am, 9:30 am, 13:30, 09:00, midday."""
    text = text.strip().lower()
    if text in ("midday", "noon", "12 noon"):
        return datetime.time(12, 0)
    found = _TIME.fullmatch(text)
    if found is None or (found[2] is None and found[3] is None):
        # "9" alone could be morning or evening: ask rather than guess.
        raise forms.ValidationError(TIME_FORMAT_ERROR, code="invalid")
    hour, minute = int(found[1]), int(found[2] or 0)
    if found[3]:
        if not 1 <= hour <= 12:
            raise forms.ValidationError("Start time must be a real time", code="invalid_time")
        hour = hour % 12 + (12 if found[3].startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise forms.ValidationError("Start time must be a real time", code="invalid_time")
    return datetime.time(hour, minute)


class PlacementArrangementsForm(forms.Form):
    """The first-day details the host gives; every field may be left for later."""

    report_to_address = forms.CharField(
        label="Where to report on day one",
        help_text="The full address, and the floor or reception to ask at",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    host_contact_name = forms.CharField(
        label="Who to ask for",
        help_text="The person who will meet them, for example Amara Stewart, team manager",
        required=False,
    )
    host_contact_phone = forms.CharField(
        label="Their phone number",
        help_text="A UK landline or mobile number, like 020 7946 0123 or 07700 900 982",
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "data-width": "20"}),
    )
    first_day_starts_at = forms.CharField(
        label="Start time on day one",
        help_text="For example, 9am, 9:30am or 13:30",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"data-width": "5"}),
        error_messages={"max_length": TIME_FORMAT_ERROR},
    )
    working_pattern = forms.ChoiceField(
        label="Working pattern",
        choices=WorkingPattern.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    working_days = forms.MultipleChoiceField(
        label="Working days",
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select days from Monday to Friday"},
    )
    induction_notes = forms.CharField(
        label="Induction",
        help_text="What the first days hold: ID badge, computer access, who they shadow, training booked",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    supervision_arrangement = forms.CharField(
        label="Supervision",
        help_text="Who supervises them, how often, and where",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, placement: Placement, **kwargs):
        self.placement = placement
        kwargs.setdefault(
            "initial",
            {
                "report_to_address": placement.report_to_address,
                "host_contact_name": placement.host_contact_name,
                "host_contact_phone": placement.host_contact_phone_shown,
                "first_day_starts_at": placement.first_day_start_shown,
                "working_pattern": placement.working_pattern
                or placement.help_request.working_pattern,
                "working_days": placement.working_day_codes,
                "induction_notes": placement.induction_notes,
                "supervision_arrangement": placement.supervision_arrangement,
            },
        )
        super().__init__(*args, **kwargs)
        for name, said, limit in [
            ("report_to_address", "Address", _limit("report_to_address")),
            ("host_contact_name", "Name", _limit("host_contact_name")),
            ("host_contact_phone", "Phone number", UK_PHONE_MAX),
            ("induction_notes", "Induction", _limit("induction_notes")),
            ("supervision_arrangement", "Supervision", _limit("supervision_arrangement")),
        ]:
            bound_text(self.fields[name], said, limit)
        self.fields["host_contact_phone"].error_messages["max_length"] = UK_PHONE_ERROR
        days = placement.days_per_week
        self.fields[
            "working_days"
        ].help_text = f"Select {days} {'day' if days == 1 else 'days'}: the days a week agreed"

    def clean_first_day_starts_at(self) -> datetime.time | None:
        text = self.cleaned_data["first_day_starts_at"]
        return parse_time_of_day(text) if text.strip() else None

    # The service checks these too; here they are checked with the rest of the
    # form, so every mistake is listed at once.
    def clean_host_contact_phone(self) -> str:
        phone = self.cleaned_data["host_contact_phone"].strip()
        return normalise_uk_phone(phone) if phone else ""

    def clean_working_days(self) -> list[str]:
        days = self.cleaned_data["working_days"]
        problem = self.placement.working_days_problem(days)
        if problem:
            raise forms.ValidationError(problem)
        return days

    def clean_working_pattern(self) -> str:
        # Shown pre-filled from the request; sent back unchanged it stays "as
        # the request says", so a later change to the request still shows.
        pattern = self.cleaned_data["working_pattern"]
        if not self.placement.working_pattern and pattern == (
            self.placement.help_request.working_pattern
        ):
            return ""
        return pattern


def _limit(field: str) -> int:
    return Placement._meta.get_field(field).max_length


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
