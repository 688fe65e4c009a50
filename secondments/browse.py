"""Finding work: everyone signed in browses the open help requests."""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import JobLevel, Specialism, User, WorkerProfile
from boroughs.models import Borough
from config.csv_download import wants_csv
from secondments.downloads import requests_csv
from secondments.models import (
    HelpRequest,
    HelpRequestQuerySet,
    Purpose,
    Urgency,
    WorkingPattern,
)
from secondments.newly_qualified import is_newly_qualified

PER_PAGE = 20

SOONEST = "soonest"
NEWEST = "newest"
NEAREST = "nearest"


def _any(label: str, choices: list[tuple]) -> list[tuple]:
    return [("", label), *choices]


class RequestFilterForm(forms.Form):
    """The filters beside the results. Every field is optional; GET, so no side effects."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Words in the title, description, office location or borough",
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )
    borough = forms.ModelChoiceField(
        label="Host borough",
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label="Any borough",
        error_messages={"invalid_choice": "Select a host borough from the list"},
    )
    neighbours = forms.BooleanField(label="Only boroughs next to mine", required=False)
    specialism = forms.ModelChoiceField(
        label="Specialism",
        queryset=Specialism.objects.all(),
        required=False,
        empty_label="Any specialism",
        error_messages={"invalid_choice": "Select a specialism from the list"},
    )
    purpose = forms.ChoiceField(
        label="What the help is for",
        choices=_any("Any purpose", Purpose.choices),
        required=False,
        error_messages={"invalid_choice": "Select what the help is for from the list"},
    )
    job_level = forms.TypedChoiceField(
        label="Job level",
        choices=_any("Any job level", JobLevel.choices),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a job level from the list"},
    )
    working_pattern = forms.ChoiceField(
        label="Working pattern",
        choices=_any("Any working pattern", WorkingPattern.choices),
        required=False,
        error_messages={"invalid_choice": "Select a working pattern from the list"},
    )
    urgency = forms.ChoiceField(
        label="Urgency",
        choices=_any("Any urgency", Urgency.choices),
        required=False,
        error_messages={"invalid_choice": "Select an urgency from the list"},
    )
    available = forms.BooleanField(
        label="Only dates that overlap my availability",
        help_text="The periods you are available, from your profile",
        required=False,
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            (SOONEST, "Soonest start"),
            (NEWEST, "Newest"),
            (NEAREST, "Nearest to my borough"),
        ],
        required=False,
        error_messages={"invalid_choice": "Select how to sort the help requests from the list"},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.home_borough: Borough | None = user.borough
        self.profile: WorkerProfile | None = None
        if user.is_worker:
            self.profile = WorkerProfile.objects.filter(user=user).first()
        if self.home_borough is None:
            # Neighbours and distance mean nothing without a home borough (coordinators).
            del self.fields["neighbours"]
            self.fields["sort"].choices = self.fields["sort"].choices[:2]
        else:
            self.fields["neighbours"].help_text = f"Boroughs that border {self.home_borough}"
        if self.profile is None:
            del self.fields["available"]

    def filter(self, requests: HelpRequestQuerySet) -> HelpRequestQuerySet:
        """Narrow and order the requests by the valid filters; an invalid one is left out."""
        filters = getattr(self, "cleaned_data", {})
        if filters.get("borough"):
            requests = requests.in_borough(filters["borough"])
        if filters.get("neighbours"):
            requests = requests.near_borough(self.home_borough)
        if filters.get("specialism"):
            requests = requests.with_specialism(filters["specialism"])
        for field in ("purpose", "job_level", "working_pattern", "urgency"):
            if filters.get(field):
                requests = requests.filter(**{field: filters[field]})
        if filters.get("available"):
            requests = requests.overlapping(self.profile.availability.all())
        if filters.get("q"):
            requests = requests.search(filters["q"])
        sort = filters.get("sort") or SOONEST
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


def request_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = RequestFilterForm(request.GET, user=user)
    form.is_valid()
    # Both annotations are subqueries PostgreSQL runs for the page's rows only.
    requests = form.filter(HelpRequest.objects.open()).select_related("borough").with_fill_status()
    if user.is_worker:
        requests = requests.with_application_status_of(user)
    if wants_csv(request):
        return requests_csv(requests, for_worker=user.is_worker)
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "secondments/request_list.html", {"form": form, "page": page})
