from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.forms import TeamForm
from accounts.models import User
from boroughs.access import get_borough_for_user, get_team_for_user
from boroughs.models import Agreement, Borough, BoroughKind, Team


def borough_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    boroughs = Borough.objects.order_by("name")
    if not show_all:
        boroughs = boroughs.filter(kind=BoroughKind.LONDON_BOROUGH)
    return render(
        request,
        "boroughs/borough_list.html",
        {
            "boroughs": boroughs,
            "show_all": show_all,
            "has_others": Borough.objects.exclude(kind=BoroughKind.LONDON_BOROUGH).exists(),
        },
    )


def borough_detail(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_borough_for_user(request.user, code)
    user = request.user
    return render(
        request,
        "boroughs/borough_detail.html",
        {
            "borough": borough,
            "neighbours": borough.neighbours.order_by("name"),
            "teams": borough.teams.all(),
            "agreements": Agreement.objects.involving(borough).select_related(
                "borough_a", "borough_b"
            ),
            "can_manage": user.is_coordinator or user.manages(borough),
        },
    )


def staff_list(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_borough_for_user(request.user, code, manage=True)
    staff = (
        User.objects.staff_of(borough)
        .select_related("team", "worker_profile")
        .order_by("full_name")
    )
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "boroughs/staff_list.html", {"borough": borough, "page": page})


def _save_team(form: TeamForm) -> Team | None:
    """The saved team, or None with the form's error when another request took the name."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        # Two managers adding the same team at once both pass the form's
        # check; the database's constraint lets one in.
        message = form.name_taken_message(form.cleaned_data["name"])
        if not message:
            raise
        form.add_error("name", message)
        return None


def team_add(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_borough_for_user(request.user, code, manage=True)
    form = TeamForm(request.POST or None, borough=borough)
    if request.method == "POST" and form.is_valid() and (team := _save_team(form)):
        messages.success(request, f"Team {team.name} added")
        return redirect(team)
    return render(request, "boroughs/team_form.html", {"form": form, "borough": borough})


def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk)
    members = team.members.select_related("worker_profile").order_by("full_name")
    return render(
        request,
        "boroughs/team_detail.html",
        {
            "team": team,
            "members": members,
            "can_manage": request.user.is_coordinator or request.user.manages(team.borough),
        },
    )


def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, write=True)
    form = TeamForm(request.POST or None, instance=team, borough=team.borough)
    if request.method == "POST" and form.is_valid() and _save_team(form):
        messages.success(request, "Team details saved")
        return redirect(team)
    return render(
        request, "boroughs/team_form.html", {"form": form, "borough": team.borough, "team": team}
    )
