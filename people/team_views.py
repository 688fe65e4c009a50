"""A borough's staff list and its teams: for its own managers and coordinators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from boroughs.access import get_borough_for_user, get_team_for_user
from config.csv_download import wants_csv
from people import services
from people.downloads import staff_csv
from people.forms import TeamForm


def staff_list(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_borough_for_user(request.user, code, manage=True)
    staff = (
        User.objects.staff_of(borough)
        .select_related("team", "worker_profile")
        .order_by("full_name")
    )
    if wants_csv(request):
        return staff_csv(borough, staff)
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "people/staff_list.html", {"borough": borough, "page": page})


def team_add(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_borough_for_user(request.user, code, manage=True)
    form = TeamForm(request.POST or None, borough=borough)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(borough=borough, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Team {team.name} added")
            return redirect(team)
    return render(request, "people/team_form.html", {"form": form, "borough": borough})


def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk)
    members = team.members.select_related("worker_profile").order_by("full_name")
    return render(
        request,
        "people/team_detail.html",
        {
            "team": team,
            "members": members,
            "can_manage": request.user.coordinates(team.borough)
            or request.user.manages(team.borough),
        },
    )


def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, write=True)
    form = TeamForm(request.POST or None, instance=team, borough=team.borough)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(team=team, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Team details saved")
            return redirect(team)
    return render(
        request, "people/team_form.html", {"form": form, "borough": team.borough, "team": team}
    )
