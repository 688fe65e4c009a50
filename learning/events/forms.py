"""Posting a learning event, filtering the list, recording attendance."""

import datetime
import re
import zoneinfo

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import JobLevel, Specialism, User
from boroughs.models import Borough
from config.forms import GovUKDateField
from learning.models import MAX_CAPACITY, EventKind, LearningEvent

MAX_AHEAD = datetime.timedelta(days=2 * 366)  # events are posted at most two years ahead
TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


def _any(label: str, choices) -> list[tuple]:
    return [("", label), *choices]


class TimeField(forms.CharField):
    """A time of day typed as HH:MM (24-hour clock), with a plain message."""

    def __init__(self, *, label: str, **kwargs) -> None:
        super().__init__(
            label=label,
            max_length=5,
            help_text="For example, 09:30 or 14:00",
            error_messages={
                "required": f"Enter the {label.lower()}",
                "max_length": f"Enter the {label.lower()} as hours and minutes, like 14:00",
            },
            **kwargs,
        )
        self.widget.attrs.update({"class": "govuk-input--width-5", "inputmode": "numeric"})

    def clean(self, value):
        value = super().clean(value)
        found = TIME.fullmatch(value.strip())
        if not found or int(found[1]) > 23 or int(found[2]) > 59:
            raise forms.ValidationError(
                f"Enter the {self.label.lower()} as hours and minutes, like 14:00"
            )
        return datetime.time(int(found[1]), int(found[2]))


class EventForm(forms.Form):
    borough = forms.ModelChoiceField(
        label="Host borough",
        queryset=Borough.objects.order_by("name"),
        error_messages={"required": "Select the host borough"},
    )
    kind = forms.ChoiceField(
        label="Type of event",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of event"},
    )
    title = forms.CharField(
        max_length=150,
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be 150 characters or fewer",
        },
    )
    description = forms.CharField(
        widget=forms.Textarea,
        max_length=3000,
        help_text="What it covers and who leads it",
        error_messages={
            "required": "Enter a description",
            "max_length": "Description must be 3,000 characters or fewer",
        },
    )
    date = GovUKDateField(label="Date", help_text="For example, 27 3 2027")
    start_time = TimeField(label="Start time")
    end_time = TimeField(label="End time")
    place = forms.CharField(
        label="Address (optional if online)",
        max_length=300,
        required=False,
        error_messages={"max_length": "Address must be 300 characters or fewer"},
    )
    online_link = forms.URLField(
        label="Online link (optional if in person)",
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text="A link that starts https://",
        error_messages={
            "invalid": "Enter an online link that starts https://",
            "max_length": "Online link must be 300 characters or fewer",
        },
    )
    capacity = forms.IntegerField(
        label="Places",
        error_messages={
            "required": "Enter how many places there are",
            "invalid": "Places must be a whole number, like 12",
        },
    )
    job_levels = forms.TypedMultipleChoiceField(
        label="Job levels it suits (optional)",
        help_text="Leave empty if it suits every level",
        choices=JobLevel.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select job levels from the list"},
    )
    specialisms = forms.ModelMultipleChoiceField(
        label="Specialisms it suits (optional)",
        help_text="Leave empty if it suits every specialism",
        queryset=Specialism.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select specialisms from the list"},
    )
    home_manager_must_agree = forms.BooleanField(
        label="A social worker's home manager must agree before they attend", required=False
    )

    def __init__(self, *args, user: User, event: LearningEvent | None = None, **kwargs) -> None:
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(event)
        super().__init__(*args, **kwargs)
        if event is not None or not user.is_coordinator:
            del self.fields["borough"]  # a manager posts for their own borough
        else:
            # A coordinator posts for the boroughs of their regions.
            self.fields["borough"].queryset = Borough.objects.filter(
                user.coordinator_scope()
            ).order_by("name")

    @staticmethod
    def initial_from(event: LearningEvent) -> dict:
        local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        starts, ends = event.starts_at.astimezone(local), event.ends_at.astimezone(local)
        return {
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "date": starts.date(),
            "start_time": f"{starts:%H:%M}",
            "end_time": f"{ends:%H:%M}",
            "place": event.place,
            "online_link": event.online_link,
            "capacity": event.capacity,
            "job_levels": event.level_values,
            "specialisms": list(event.specialisms.all()),
            "home_manager_must_agree": event.home_manager_must_agree,
        }

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date < today:
            raise forms.ValidationError("Date must be today or in the future")
        if date > today + MAX_AHEAD:
            raise forms.ValidationError("Date must be within the next 2 years")
        return date

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if not 1 <= capacity <= MAX_CAPACITY:
            raise forms.ValidationError(f"Places must be between 1 and {MAX_CAPACITY}")
        return capacity

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "End time must be after the start time")
        if not self.errors and not data.get("place") and not data.get("online_link"):
            self.add_error("place", "Enter an address or an online link")
        return data

    def event_data(self) -> dict:
        data = self.cleaned_data
        local = zoneinfo.ZoneInfo(settings.TIME_ZONE)

        def at(time: datetime.time) -> datetime.datetime:
            return datetime.datetime.combine(data["date"], time, tzinfo=local)

        return {
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "starts_at": at(data["start_time"]),
            "ends_at": at(data["end_time"]),
            "place": data["place"],
            "online_link": data["online_link"],
            "capacity": data["capacity"],
            "job_levels": ",".join(str(level) for level in sorted(data["job_levels"])),
            "home_manager_must_agree": data["home_manager_must_agree"],
        }


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of event",
        choices=_any("Any type", EventKind.choices),
        required=False,
        error_messages={"invalid_choice": "Select a type of event from the list"},
    )
    borough = forms.ModelChoiceField(
        label="Host borough",
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label="Any borough",
        error_messages={"invalid_choice": "Select a host borough from the list"},
    )
    specialism = forms.ModelChoiceField(
        label="Specialism",
        queryset=Specialism.objects.all(),
        required=False,
        empty_label="Any specialism",
        error_messages={"invalid_choice": "Select a specialism from the list"},
    )
    job_level = forms.TypedChoiceField(
        label="Job level",
        choices=_any("Any job level", JobLevel.choices),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a job level from the list"},
    )
    starts_from = GovUKDateField(label="From", required=False)
    starts_to = GovUKDateField(label="To", required=False)

    def filter(self, events):
        filters = getattr(self, "cleaned_data", {})
        if filters.get("kind"):
            events = events.filter(kind=filters["kind"])
        if filters.get("borough"):
            events = events.filter(borough=filters["borough"])
        if filters.get("specialism"):
            events = events.filter(specialisms=filters["specialism"])
        if filters.get("job_level"):
            level = str(filters["job_level"])
            events = events.filter(Q(job_levels="") | Q(job_levels__contains=level))
        if filters.get("starts_from"):
            events = events.filter(starts_at__date__gte=filters["starts_from"])
        if filters.get("starts_to"):
            events = events.filter(starts_at__date__lte=filters["starts_to"])
        return events

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_from"), data.get("starts_to")
        if start and end and end < start:
            self.add_error(
                "starts_to", "The date in To must be the same as or after the date in From"
            )
        return data
