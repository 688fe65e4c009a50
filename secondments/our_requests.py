"""Our requests: a borough manager's list of every help request their borough
has made, drafts included, with what each is waiting for.

Only the host borough's managers see it: the next action is written to them,
and coordinators find requests through the borough and request pages.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from config.csv_download import wants_csv
from secondments.downloads import our_requests_csv
from secondments.models import (
    Application,
    ApplicationStatus,
    HelpRequest,
    HelpRequestQuerySet,
    RequestStatus,
)

PER_PAGE = 25

NEWEST = "newest"
SOONEST = "soonest"
MOST_WAITING = "waiting"

# Applications the host is waiting on someone else for, named in the next action.
PIPELINE = (ApplicationStatus.INVITED, ApplicationStatus.SELECTED, ApplicationStatus.RELEASED)


class OurRequestsFilterForm(forms.Form):
    """Status, a search on titles and the order. GET only; every field optional."""

    status = forms.ChoiceField(
        label="Status",
        choices=[("", "All"), *RequestStatus.choices],
        required=False,
        widget=forms.RadioSelect(attrs={"small": True}),
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    q = forms.CharField(
        label="Title contains",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            (NEWEST, "Newest"),
            (SOONEST, "Soonest start"),
            (MOST_WAITING, "Most offers waiting"),
        ],
        required=False,
        error_messages={"invalid_choice": "Select how to sort the help requests from the list"},
    )

    def searched(self, requests: HelpRequestQuerySet) -> HelpRequestQuerySet:
        return requests.titled(self._valid("q") or "")

    def show_counts(self, counts: dict[str, int]) -> None:
        """Label each status with how many requests have it, "All" with the total."""
        self.fields["status"].choices = [
            (value, f"{label} ({sum(counts.values()) if not value else counts.get(value, 0)})")
            for value, label in self.fields["status"].choices
        ]

    def filter(self, requests: HelpRequestQuerySet) -> HelpRequestQuerySet:
        """Narrow and order by the valid filters; an invalid one is left out."""
        if self._valid("status"):
            requests = requests.filter(status=self._valid("status"))
        sort = self._valid("sort") or NEWEST
        if sort == SOONEST:
            return requests.soonest_first()
        if sort == MOST_WAITING:
            return requests.most_waiting_first()
        return requests.latest_created_first()

    def _valid(self, name: str):
        return getattr(self, "cleaned_data", {}).get(name)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def next_actions(help_request: HelpRequest) -> list[str]:
    """What the request waits for, in words, the host's own part first.

    Reads the annotations of with_fill_status() and with_waiting_counts(), and
    the pipeline applications prefetched by our_requests().
    """
    status = help_request.status
    if status == RequestStatus.DRAFT:
        return ["Publish or change the draft"]
    if status != RequestStatus.OPEN:
        return [f"Nothing: {help_request.get_status_display().lower()}"]
    actions = []
    if help_request.interested_count:
        offers = _plural(help_request.interested_count, "offer", "offers")
        actions.append(f"Review {offers} of help")
    for application in help_request.pipeline:
        worker = application.worker
        if application.status == ApplicationStatus.INVITED:
            actions.append(f"Waiting for {worker} to answer your invitation")
        elif application.status == ApplicationStatus.SELECTED:
            actions.append(f"Waiting for {worker.borough} to release {worker}")
        else:
            actions.append(f"Waiting for a coordinator to approve {worker}")
    if not actions:
        actions.append("Invite candidates or wait for offers of help")
    return actions


def our_requests(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_manager or user.borough_id is None:
        raise Http404("Only borough managers have their borough's requests")
    form = OurRequestsFilterForm(request.GET or None)
    form.is_valid()
    requests = form.searched(HelpRequest.objects.visible_to(user).in_borough(user.borough_id))
    form.show_counts(requests.count_by_status())
    pipeline = Prefetch(
        "applications",
        queryset=Application.objects.filter(status__in=PIPELINE).select_related("worker__borough"),
        to_attr="pipeline",
    )
    requests = (
        form.filter(requests).with_fill_status().with_waiting_counts().prefetch_related(pipeline)
    )
    if wants_csv(request):
        return our_requests_csv(requests, next_actions)
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    for help_request in page:
        help_request.next_actions = next_actions(help_request)
    return render(request, "secondments/our_requests.html", {"form": form, "page": page})
