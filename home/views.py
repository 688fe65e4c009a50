"""The front door: the start page, each role's dashboard and the public
information pages. This app sits on top of the others (DESIGN.md, "Layout"):
a dashboard gathers what every app has waiting for the person signed in."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import get_own_profile
from accounts.models import Role, User, WorkerProfile
from boroughs.models import Borough
from secondments.models import Application, HelpRequest, RequestStatus


@login_not_required
def start(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "pages/start.html")


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_coordinator:
        awaiting = (
            WorkerProfile.objects.awaiting_verification()
            .select_related("user__borough")
            .order_by("user__borough__name", "user__full_name")
        )
        boroughs = (
            Borough.objects.annotate(
                staff_count=Count("members", filter=~Q(members__role=Role.COORDINATOR))
            )
            .filter(staff_count__gt=0)
            .order_by("name")
        )
        return render(
            request,
            "home/dashboard_coordinator.html",
            {
                "awaiting": awaiting[:50],
                "awaiting_count": awaiting.count(),
                "boroughs": boroughs,
                "approvals_waiting": Application.objects.awaiting_approval().count(),
            },
        )
    if user.is_manager:
        borough = user.borough
        staff = User.objects.staff_of(borough)
        return render(
            request,
            "home/dashboard_manager.html",
            {
                "borough": borough,
                "teams": borough.teams.annotate(member_count=Count("members")),
                "staff_count": staff.count(),
                "worker_count": staff.workers().count(),
                "awaiting_count": WorkerProfile.objects.awaiting_verification()
                .filter(user__borough=borough)
                .count(),
                "recent_staff": staff.select_related("team").order_by("-date_joined")[:5],
                "releases_waiting": Application.objects.awaiting_release_by(user).count(),
                "drafts": HelpRequest.objects.in_borough(borough)
                .filter(status=RequestStatus.DRAFT)
                .count(),
            },
        )
    profile = get_own_profile(user)
    missing = profile.missing_items()
    return render(
        request,
        "home/dashboard_worker.html",
        {
            "profile": profile,
            "missing": missing,
            "completeness": profile.completeness_percent(missing),
            "availability": profile.availability.all(),
        },
    )
