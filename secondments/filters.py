"""The filters on open help requests, shared by the browse page and the API.

One django-filter FilterSet: the browse page renders its form beside the
results and the API reads the same query parameters, so both narrow and
order requests the same way. Which filters a person is offered depends on
who they are (neighbours and distance need a home borough; availability a
worker's profile), so the FilterSet takes the request.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.input_limits import SEARCH_MAX
from accounts.models import JobLevel, Specialism, User, WorkerProfile
from boroughs.models import Borough
from secondments.filter_selects import use_fast_selects
from secondments.models import HelpRequest, HelpRequestQuerySet, Purpose, Urgency, WorkingPattern
from secondments.newly_qualified import is_newly_qualified

GSS_CODE = re.compile(r"[EW][0-9]{8}")

SOONEST = "soonest"
NEWEST = "newest"
NEAREST = "nearest"
SORTS = [(SOONEST, "Soonest start"), (NEWEST, "Newest"), (NEAREST, "Nearest to my borough")]


def _any(label: str, choices: list[tuple]) -> list[tuple]:
    return [("", label), *choices]


class BoroughChoiceField(django_filters.fields.ModelChoiceField):
    """A borough by its id, as the browse page's list sends it, or by its ONS
    code, as the API names boroughs."""

    def to_python(self, value):
        if isinstance(value, str) and GSS_CODE.fullmatch(value):
            borough = self.queryset.filter(gss_code=value).first()
            if borough is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return borough
        return super().to_python(value)


class BoroughFilter(django_filters.ModelChoiceFilter):
    field_class = BoroughChoiceField


class CheckboxFilter(django_filters.Filter):
    """A tick box that narrows when ticked ("on") and does nothing otherwise."""

    field_class = forms.BooleanField


class HelpRequestFilter(django_filters.FilterSet):
    """Every filter is optional; an invalid one is reported and left out."""

    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=SEARCH_MAX,
        help_text="Words in the title, description, office location or borough",
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )
    borough = BoroughFilter(
        label="Host borough",
        queryset=Borough.objects.order_by("name"),
        method="filter_borough",
        empty_label="Any borough",
        error_messages={"invalid_choice": "Select a host borough from the list"},
    )
    neighbours = CheckboxFilter(label="Only boroughs next to mine", method="filter_neighbours")
    specialism = django_filters.ModelChoiceFilter(
        label="Specialism",
        queryset=Specialism.objects.all(),
        method="filter_specialism",
        empty_label="Any specialism",
        error_messages={"invalid_choice": "Select a specialism from the list"},
    )
    purpose = django_filters.TypedChoiceFilter(
        label="What the help is for",
        choices=_any("Any purpose", Purpose.choices),
        error_messages={"invalid_choice": "Select what the help is for from the list"},
    )
    job_level = django_filters.TypedChoiceFilter(
        label="Job level",
        choices=_any("Any job level", JobLevel.choices),
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a job level from the list"},
    )
    working_pattern = django_filters.TypedChoiceFilter(
        label="Working pattern",
        choices=_any("Any working pattern", WorkingPattern.choices),
        error_messages={"invalid_choice": "Select a working pattern from the list"},
    )
    urgency = django_filters.TypedChoiceFilter(
        label="Urgency",
        choices=_any("Any urgency", Urgency.choices),
        error_messages={"invalid_choice": "Select an urgency from the list"},
    )
    available = CheckboxFilter(
        label="Only dates that overlap my availability",
        method="filter_available",
        help_text="The periods you are available, from your profile",
    )
    # Applied last, after every filter (filter_queryset).
    sort = django_filters.TypedChoiceFilter(
        label="Sort by",
        choices=SORTS,
        method="filter_nothing",
        error_messages={"invalid_choice": "Select how to sort the help requests from the list"},
    )

    class Meta:
        model = HelpRequest
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        user: User = request.user
        self.home_borough: Borough | None = user.borough
        self.profile: WorkerProfile | None = None
        if user.is_worker:
            self.profile = WorkerProfile.objects.filter(user=user).first()
        if self.home_borough is None:
            # Neighbours and distance mean nothing without a home borough (coordinators).
            del self.filters["neighbours"]
        if self.profile is None:
            del self.filters["available"]

    @cached_property
    def form(self) -> forms.Form:
        form = super().form
        if self.home_borough is None:
            form.fields["sort"].choices = SORTS[:2]
        else:
            form.fields["neighbours"].help_text = f"Boroughs that border {self.home_borough}"
        use_fast_selects(form)
        return form

    # Each method's `value` is typed: drf-spectacular documents the API's
    # query parameters from these hints.
    def filter_search(self, requests: HelpRequestQuerySet, name: str, value: str):
        return requests.search(value)

    def filter_borough(self, requests: HelpRequestQuerySet, name: str, value: Borough):
        return requests.in_borough(value)

    def filter_neighbours(self, requests: HelpRequestQuerySet, name: str, value: bool):
        return requests.near_borough(self.home_borough) if value else requests

    def filter_specialism(self, requests: HelpRequestQuerySet, name: str, value: Specialism):
        return requests.with_specialism(value)

    def filter_available(self, requests: HelpRequestQuerySet, name: str, value: bool):
        return requests.overlapping(self.profile.availability.all()) if value else requests

    def filter_nothing(self, requests: HelpRequestQuerySet, name: str, value: str):
        """For a parameter read by filter_queryset, not by a filter of its own."""
        return requests

    def filter_queryset(self, queryset: HelpRequestQuerySet) -> HelpRequestQuerySet:
        """Narrow by the valid filters, then order as chosen (soonest start by default)."""
        requests = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or SOONEST
        if sort == NEAREST:
            requests = requests.nearest_to(self.home_borough)
        elif sort == NEWEST:
            requests = requests.newest_first()
        else:
            requests = requests.soonest_first()
        if is_newly_qualified(self.profile, timezone.localdate()):
            # In their assessed and supported year they may help only with
            # requests that suit them: those come first, in the chosen order.
            requests = requests.order_by("-newly_qualified_suitable", *requests.query.order_by)
        return requests
