"""The forms of the people pages: a worker's profile and availability, a
borough's teams and staff, and the coordinators' people search and roles."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts.input_limits import (
    LONG_TEXT_MAX,
    SEARCH_MAX,
    DateWithin,
    bound_text,
    too_long,
    within_two_years_of_today,
    years_from,
)
from accounts.models import (
    REGISTRATION_NUMBER_VALIDATOR,
    Availability,
    JobLevel,
    Role,
    TravelScope,
    User,
    WorkerProfile,
)
from boroughs.models import MAX_ON_COST, MAX_SALARY, MIN_SALARY, Borough, Region, Team
from config.forms import govuk_date_fields


def _for_example(days_ahead: int) -> str:
    """A date input's example, a plausible date so it never goes stale."""
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return f"for example, {day.day} {day.month} {day.year}"


class WorkerProfileForm(forms.ModelForm):
    class Meta:
        model = WorkerProfile
        fields = [
            "registration_number",
            "registration_expires_on",
            "job_level",
            "qualified_on",
            "specialisms",
            "languages",
            "travel_scope",
            "willing_boroughs",
            "open_to_matching",
        ]
        labels = {
            "registration_number": "Social Work England registration number",
            "registration_expires_on": "When does your registration expire?",
            "job_level": "Job level",
            "qualified_on": "When did you qualify as a social worker?",
            "specialisms": "Specialisms",
            "languages": "Languages other than English (optional)",
            "travel_scope": "Which boroughs will you work in?",
            "willing_boroughs": "Boroughs you will work in",
            "open_to_matching": "Match me with help requests and tell me about them",
        }
        field_classes = govuk_date_fields("registration_expires_on", "qualified_on")
        help_texts = {
            "registration_number": "Starts with SW, for example SW123456",
            "qualified_on": "For example, 1 7 2016",
            "specialisms": "Select all the areas you have worked in",
            "languages": "For example, Turkish, Polish, British Sign Language",
            "willing_boroughs": "Only used if you choose the boroughs yourself",
        }
        widgets = {
            "registration_number": forms.TextInput(
                attrs={"data-width": "10", "spellcheck": "false"}
            ),
            "job_level": forms.RadioSelect(),
            "specialisms": forms.CheckboxSelectMultiple(),
            "travel_scope": forms.RadioSelect(),
            "willing_boroughs": forms.CheckboxSelectMultiple(),
        }
        error_messages = {
            "job_level": {"required": "Select your job level"},
            "qualified_on": {"required": "Enter the date you qualified"},
            "registration_number": {
                "required": "Enter your Social Work England registration number",
                "max_length": REGISTRATION_NUMBER_VALIDATOR.message,
            },
            "registration_expires_on": {"required": "Enter the date your registration expires"},
            "specialisms": {"required": "Select at least one specialism"},
            "travel_scope": {"required": "Select which boroughs you will work in"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "registration_number",
            "registration_expires_on",
            "job_level",
            "qualified_on",
            "specialisms",
        ):
            self.fields[name].required = True
        bound_text(self.fields["languages"], "Languages")
        self.fields["registration_expires_on"].help_text = (
            f"{_for_example(300).capitalize()}. Check your Social Work England online "
            "account if you are not sure"
        )
        # The labels are questions; the date messages name the date instead.
        self.fields["qualified_on"].error_name = "Date you qualified"
        self.fields["registration_expires_on"].error_name = "Registration expiry date"
        self.fields["qualified_on"].validators.append(
            DateWithin("Date you qualified", earliest=datetime.date(1900, 1, 1))
        )
        # Registration is renewed every year, so an expiry further off is a typing mistake.
        self.fields["registration_expires_on"].validators.append(
            DateWithin("Registration expiry date", latest=lambda today: years_from(today, 2))
        )
        self.fields["job_level"].choices = JobLevel.choices
        # The boroughs of the worker's region and those next to theirs (which
        # may be in another region): a list of 153 would help nobody.
        home = getattr(self.instance.user, "borough", None) if self.instance.user_id else None
        self.fields["willing_boroughs"].queryset = (
            Borough.objects.filter(Q(region=home.region) | Q(neighbours=home))
            .exclude(pk=home.pk)
            .distinct()
            if home is not None
            else Borough.objects.london()
        )
        self.fields["open_to_matching"].help_text = (
            "Managers of the boroughs you chose can see your name, level, "
            "specialisms and availability when you match their requests"
        )

    def clean_registration_number(self) -> str:
        value = "".join(self.cleaned_data["registration_number"].split()).upper()
        REGISTRATION_NUMBER_VALIDATOR(value)
        return value

    def clean_registration_expires_on(self):
        value = self.cleaned_data["registration_expires_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(
                "Registration expiry date must be today or in the future: renew your registration first"
            )
        return value

    def clean_qualified_on(self):
        value = self.cleaned_data["qualified_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date you qualified must be today or in the past")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("travel_scope") == TravelScope.CHOSEN and not cleaned.get(
            "willing_boroughs"
        ):
            self.add_error("willing_boroughs", "Select at least one borough you will work in")
        return cleaned


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = Availability
        fields = ["starts_on", "ends_on", "days_per_week"]
        labels = {
            "starts_on": "Start date",
            "ends_on": "End date",
            "days_per_week": "Days per week",
        }
        field_classes = govuk_date_fields("starts_on", "ends_on")
        help_texts = {
            "days_per_week": "How many days a week you could give, from 1 to 5",
        }
        widgets = {
            "days_per_week": forms.NumberInput(attrs={"data-width": "2", "inputmode": "numeric"}),
        }
        error_messages = {
            "starts_on": {"required": "Enter a start date"},
            "ends_on": {"required": "Enter an end date"},
            "days_per_week": {
                "required": "Enter how many days a week you could give",
                "invalid": "Days per week must be a whole number between 1 and 5",
            },
        }

    def __init__(self, *args, profile: WorkerProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.profile = profile
        self.profile = profile
        self.fields[
            "starts_on"
        ].help_text = f"The first day you could start a secondment, {_for_example(30)}"
        self.fields["ends_on"].help_text = f"The last day you could work, {_for_example(120)}"
        self.fields["starts_on"].validators.append(within_two_years_of_today("Start date"))
        self.fields["ends_on"].validators.append(within_two_years_of_today("End date"))

    def clean_ends_on(self):
        value = self.cleaned_data["ends_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError("End date must be today or in the future")
        return value

    def clean_days_per_week(self):
        value = self.cleaned_data["days_per_week"]
        if value is not None and not 1 <= value <= 5:
            raise forms.ValidationError("Days per week must be between 1 and 5")
        return value

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", "End date must be the same as or after the start date")
            else:
                clash = (
                    self.profile.availability.exclude(pk=self.instance.pk)
                    .filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
                    .first()
                )
                if clash:
                    self.add_error(
                        "starts_on",
                        f"This period overlaps your availability from {clash.starts_on:%-d %B %Y} "
                        f"to {clash.ends_on:%-d %B %Y}: change the dates or edit that period instead",
                    )
        return cleaned

    def validate_constraints(self, exclude=None):
        # The overlap is checked above with a clearer message; the database
        # constraint still guards against two requests racing each other.
        pass


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "description"]
        labels = {"name": "Team name", "description": "What the team does (optional)"}
        error_messages = {"name": {"required": "Enter a team name"}}

    def __init__(self, *args, borough: Borough, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.borough = borough
        bound_text(self.fields["name"], "Team name")
        bound_text(self.fields["description"], "What the team does")

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if message := self.name_taken_message(name):
            raise forms.ValidationError(message)
        return name

    def name_taken_message(self, name: str) -> str:
        """The error when another team of this borough has this name, in any case."""
        clash = (
            Team.objects.filter(borough=self.instance.borough, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if clash is None:
            return ""
        return f"A team called {clash.name} already exists in {self.instance.borough.name}"


class PersonTeamForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.none(), required=False, empty_label="No team"
    )

    def __init__(self, *args, borough: Borough, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = borough.teams.all()


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, email or registration number",
        required=False,
        max_length=SEARCH_MAX,
        widget=forms.SearchInput(attrs={"data-width": "20"}),
        error_messages={"max_length": too_long("Search", SEARCH_MAX)},
    )


class RegistrationQueryForm(forms.Form):
    reason = forms.CharField(
        label="Why can you not verify this registration?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "For example, the number is not on the register or the expiry date differs. "
            "The social worker will see this."
        ),
        max_length=LONG_TEXT_MAX,
        error_messages={
            "required": "Enter why you cannot verify this registration",
            "max_length": too_long("The reason", LONG_TEXT_MAX),
        },
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
        help_text="Managers and coordinators must set up two-factor authentication when they next sign in",
    )
    nationally = forms.BooleanField(
        label="Coordinates all of England",
        required=False,
        help_text="Coordinators only. Only a national coordinator can make a national coordinator.",
    )
    regions = forms.MultipleChoiceField(
        label="Regions they coordinate",
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Coordinators only. Select every region they will act for.",
        error_messages={"invalid_choice": "Select regions you coordinate from the list"},
    )

    def __init__(self, *args, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        mine = by.coordinated_regions
        if mine is not None:
            # A regional coordinator makes coordinators for their own regions only.
            del self.fields["nationally"]
            self.fields["regions"].choices = [
                (value, label) for value, label in Region.choices if value in mine
            ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("role") == Role.COORDINATOR and not (
            cleaned.get("nationally") or cleaned.get("regions")
        ):
            self.add_error("regions", "Select the regions they will coordinate")
        return cleaned


class _PoundsOrPercent(forms.DecimalField):
    """A decimal typed as people write it: "£42,000" or "30%" are fine."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lstrip("£").rstrip("%").replace(",", "").strip()
        return super().to_python(value)


def _decimal_field(label: str, *, what: str, example: str, low, high, shown: str, digits: int):
    # Django fills in the limits with %-formatting, so a percent sign is doubled.
    range_message = f"Enter {what} from {shown}".replace("%", "%%")
    return _PoundsOrPercent(
        label=label,
        required=False,
        max_digits=digits,
        decimal_places=2,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": f"Enter {what} as a number, like {example}",
            "min_value": range_message,
            "max_value": range_message,
            "max_digits": range_message,
            "max_decimal_places": f"Enter {what} to no more than 2 decimal places",
            "max_whole_digits": range_message,
        },
        widget=forms.TextInput(attrs={"data-width": "10", "inputmode": "decimal"}),
    )


class RechargeSalariesForm(forms.Form):
    """Every job level's annual salary and on-costs; both empty clears a level."""

    def __init__(self, *args, current: dict, **kwargs):
        initial = {}
        for level, row in current.items():
            initial[f"salary_{level}"] = row.annual_salary
            initial[f"on_cost_{level}"] = row.on_cost_percent
        super().__init__(*args, initial=initial, **kwargs)
        for level in JobLevel:
            name = level.label.lower()
            self.fields[f"salary_{level.value}"] = _decimal_field(
                "Annual salary in pounds",
                what=f"a {name} annual salary",
                example="42000.00",
                low=MIN_SALARY,
                high=MAX_SALARY,
                shown="£10,000 to £200,000",
                digits=9,
            )
            self.fields[f"on_cost_{level.value}"] = _decimal_field(
                "On-costs (employer pension and National Insurance), per cent",
                what=f"{name} on-costs",
                example="30",
                low=Decimal("0"),
                high=MAX_ON_COST,
                shown="0% to 60%",
                digits=5,
            )

    def levels(self) -> list[tuple[JobLevel, forms.BoundField, forms.BoundField]]:
        return [
            (level, self[f"salary_{level.value}"], self[f"on_cost_{level.value}"])
            for level in JobLevel
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        for level in JobLevel:
            salary_key, on_cost_key = f"salary_{level.value}", f"on_cost_{level.value}"
            if salary_key in self.errors or on_cost_key in self.errors:
                continue
            salary, on_cost = cleaned.get(salary_key), cleaned.get(on_cost_key)
            name = level.label.lower()
            if salary is None and on_cost is not None:
                self.add_error(salary_key, f"Enter a {name} annual salary, or leave both empty")
            elif on_cost is None and salary is not None:
                self.add_error(on_cost_key, f"Enter {name} on-costs, or leave both empty")
        return cleaned

    def salaries(self) -> dict:
        """Each level's (salary, on-cost), or None to clear it."""
        data = self.cleaned_data
        return {
            level.value: None
            if data[f"salary_{level.value}"] is None
            else (data[f"salary_{level.value}"], data[f"on_cost_{level.value}"])
            for level in JobLevel
        }
