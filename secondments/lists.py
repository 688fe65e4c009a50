"""Lists of applications and placements: each person's own, and the queues of
decisions waiting for a home manager or a coordinator (DESIGN.md, "Pages")."""

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import User
from boroughs.models import Borough
from config.csv_download import wants_csv
from secondments import decisions
from secondments.downloads import my_placements_csv, placements_csv
from secondments.models import Application, Placement, PlacementQuerySet, PlacementStatus

PER_PAGE = 25

ALL = ""
INCOMING = "in"
OUTGOING = "out"


def _page(request: HttpRequest, rows: QuerySet) -> Page:
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def my_applications(request: HttpRequest) -> HttpResponse:
    if not request.user.is_worker:
        raise Http404("Only social workers have applications")
    applications = request.user.applications.select_related(
        "help_request__borough", "worker__borough"
    ).newest_first()
    return render(
        request, "secondments/lists/my_applications.html", {"page": _page(request, applications)}
    )


def my_placements(request: HttpRequest) -> HttpResponse:
    if not request.user.is_worker:
        raise Http404("Only social workers have placements")
    placements = (
        Placement.objects.visible_to(request.user).select_related("host", "home").latest_first()
    )
    if wants_csv(request):
        return my_placements_csv(placements)
    return render(
        request, "secondments/lists/my_placements.html", {"page": _page(request, placements)}
    )


def release_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_coordinator:
        # Coordinators may decide once a release is escalated, so they see the
        # releases of their regions' workers (every borough's for a national one).
        applications = Application.objects.awaiting_release().filter(
            user.coordinator_scope("worker__borough")
        )
    elif user.is_manager:
        applications = Application.objects.awaiting_release_by(user)
    else:
        raise Http404("Only managers and coordinators release social workers")
    applications = (
        applications.select_related(
            "worker__borough", "worker__worker_profile", "help_request__borough"
        )
        .prefetch_related(*decisions.PREFETCH)
        .longest_waiting_first()
    )
    page = _page(request, applications)
    today = timezone.localdate()
    for application in page:
        # Working days, as the dashboard and the escalation count them.
        application.days_waiting = application.working_days_since_selected(today)
        application.facts = decisions.facts_for(application)
    return render(request, "secondments/lists/release_queue.html", {"page": page})


def approvals_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise Http404("Only coordinators approve placements")
    applications = (
        Application.objects.awaiting_approval()
        # The host's region's coordinators approve.
        .filter(request.user.coordinator_scope("help_request__borough"))
        .select_related("worker__borough", "worker__worker_profile", "help_request__borough")
        .prefetch_related(*decisions.PREFETCH)
        .longest_waiting_first()
    )
    page = _page(request, applications)
    for application in page:
        application.facts = decisions.facts_for(application)
    return render(request, "secondments/lists/approvals_queue.html", {"page": page})


class PlacementFilterForm(forms.Form):
    """A manager filters by direction; a coordinator by host, home and status. GET only."""

    direction = forms.ChoiceField(
        label="Which placements to show",
        initial=ALL,
        choices=[(ALL, "All"), (INCOMING, "Coming in"), (OUTGOING, "Going out")],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select which placements to show"},
    )
    host = forms.ModelChoiceField(
        label="Host borough",
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label="Any borough",
        error_messages={"invalid_choice": "Select a host borough from the list"},
    )
    home = forms.ModelChoiceField(
        label="Home borough",
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label="Any borough",
        error_messages={"invalid_choice": "Select a home borough from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), *PlacementStatus.choices],
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.borough: Borough | None = user.borough
        if user.is_coordinator:
            del self.fields["direction"]
        else:
            for name in ("host", "home", "status"):
                del self.fields[name]
            self.fields["direction"].choices = [
                (ALL, f"All placements in and out of {self.borough}"),
                (INCOMING, f"Coming in: {self.borough} is the host"),
                (OUTGOING, f"Going out: {self.borough} staff in other boroughs"),
            ]

    def filter(self, placements: PlacementQuerySet) -> PlacementQuerySet:
        """Narrow by the valid filters; an invalid one is left out."""
        filters = getattr(self, "cleaned_data", {})
        if filters.get("direction") == INCOMING:
            placements = placements.hosted_by(self.borough)
        elif filters.get("direction") == OUTGOING:
            placements = placements.lent_by(self.borough)
        if filters.get("host"):
            placements = placements.hosted_by(filters["host"])
        if filters.get("home"):
            placements = placements.lent_by(filters["home"])
        if filters.get("status"):
            placements = placements.filter(status=filters["status"])
        return placements


def placement_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_worker:
        return redirect("my_placements")
    # Unbound on first visit, so "All" starts selected.
    form = PlacementFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    placements = (
        form.filter(Placement.objects.visible_to(request.user))
        .select_related("worker", "host", "home")
        .latest_first()
    )
    if wants_csv(request):
        return placements_csv(placements)
    return render(
        request,
        "secondments/lists/placement_list.html",
        {"form": form, "page": _page(request, placements)},
    )
