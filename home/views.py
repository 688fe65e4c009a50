"""The front door: the start page, each role's dashboard and the public
information pages. This app sits on top of the others (DESIGN.md, "Layout"):
a dashboard gathers what every app has waiting for the person signed in."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from home.dashboards import coordinator_dashboard, manager_dashboard, worker_dashboard
from home.privacy import retention


@login_not_required
def start(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "pages/start.html")


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {"contact_email": settings.DATA_PROTECTION_CONTACT_EMAIL},
    )


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    # The retention table is the schedule in settings, as the nightly purge applies it.
    context = {
        "lines": retention.schedule(),
        "contact_email": settings.DATA_PROTECTION_CONTACT_EMAIL,
    }
    return render(request, "pages/privacy.html", context)


def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_coordinator:
        return render(request, "home/dashboard_coordinator.html", coordinator_dashboard(user))
    if user.is_manager:
        return render(request, "home/dashboard_manager.html", manager_dashboard(user))
    return render(request, "home/dashboard_worker.html", worker_dashboard(user))
