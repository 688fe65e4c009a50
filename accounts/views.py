from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import services
from accounts.access import get_availability_for_user, get_person_for_user
from accounts.forms import (
    AvailabilityForm,
    PeopleSearchForm,
    PersonTeamForm,
    RoleForm,
    WorkerProfileForm,
)
from accounts.models import Role, User, WorkerProfile
from boroughs.models import Borough
from secondments.models import Application
from secondments.queueing import match_worker_on_commit


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
            "accounts/dashboard_coordinator.html",
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
            "accounts/dashboard_manager.html",
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
            },
        )
    profile = _own_profile(user)
    missing = profile.missing_items()
    return render(
        request,
        "accounts/dashboard_worker.html",
        {
            "profile": profile,
            "missing": missing,
            "completeness": profile.completeness_percent(missing),
            "availability": profile.availability.all(),
        },
    )


def _own_profile(user: User) -> WorkerProfile:
    if not user.is_worker:
        raise Http404("Only social workers have a worker profile")
    profile, _ = WorkerProfile.objects.get_or_create(user=user)
    return profile


def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"person": user}
    if user.is_worker:
        worker_profile = _own_profile(user)
        context |= {
            "profile": worker_profile,
            "specialisms": worker_profile.specialisms.all(),
            "willing_boroughs": worker_profile.willing_boroughs.all(),
            "availability": worker_profile.availability.all(),
        }
    return render(request, "accounts/profile.html", context)


def profile_edit(request: HttpRequest) -> HttpResponse:
    worker_profile = _own_profile(request.user)
    form = WorkerProfileForm(request.POST or None, instance=worker_profile)
    if request.method == "POST" and form.is_valid():
        was_verified = worker_profile.registration_verified
        try:
            updated = services.worker_profile_update(
                profile=worker_profile, data=form.cleaned_data, by=request.user
            )
        except IntegrityError:
            form.add_error(
                "registration_number", "Another profile already uses this registration number"
            )
        else:
            if was_verified and not updated.registration_verified:
                messages.info(
                    request,
                    "You changed your registration details, so a coordinator will check them again.",
                )
            messages.success(request, "Your profile has been saved")
            return redirect("profile")
    return render(request, "accounts/profile_form.html", {"form": form})


def availability_add(request: HttpRequest) -> HttpResponse:
    worker_profile = _own_profile(request.user)
    form = AvailabilityForm(request.POST or None, profile=worker_profile)
    if request.method == "POST" and form.is_valid() and _save_availability(form):
        messages.success(request, "Availability added")
        return redirect("profile")
    return render(request, "accounts/availability_form.html", {"form": form, "adding": True})


def availability_edit(request: HttpRequest, pk: int) -> HttpResponse:
    availability = get_availability_for_user(request.user, pk, write=True)
    form = AvailabilityForm(
        request.POST or None, instance=availability, profile=availability.profile
    )
    if request.method == "POST" and form.is_valid() and _save_availability(form):
        messages.success(request, "Availability changed")
        return redirect("profile")
    return render(
        request,
        "accounts/availability_form.html",
        {"form": form, "adding": False, "availability": availability},
    )


def _save_availability(form: AvailabilityForm) -> bool:
    # Two tabs saving at once can both pass the form's overlap check; the
    # database's exclusion constraint then refuses the second.
    try:
        with transaction.atomic():
            availability = form.save()
            match_worker_on_commit(availability.profile.user_id)
    except IntegrityError:
        form.add_error("starts_on", "This period overlaps availability you have already added")
        return False
    return True


def availability_remove(request: HttpRequest, pk: int) -> HttpResponse:
    availability = get_availability_for_user(request.user, pk, write=True)
    if request.method == "POST":
        availability.delete()
        match_worker_on_commit(availability.profile.user_id)
        messages.success(request, "Availability removed")
        return redirect("profile")
    return render(request, "accounts/availability_remove.html", {"availability": availability})


def people(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise Http404("No such page")
    show = request.GET.get("show", "awaiting")
    people_qs = User.objects.select_related("borough", "worker_profile").order_by(
        "borough__name", "full_name"
    )
    if show == "awaiting":
        people_qs = people_qs.filter(
            worker_profile__registration_verified=False,
            worker_profile__registration_number__isnull=False,
        )
    elif show in Role.values:
        people_qs = people_qs.filter(role=show)
    form = PeopleSearchForm(request.GET, auto_id="%s")
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        people_qs = people_qs.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(worker_profile__registration_number__iexact=query)
        )
    page = Paginator(people_qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people.html",
        {"page": page, "show": show, "form": form, "roles": Role.choices},
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    team_form = None
    may_change_team = request.user.manages(person.borough) or request.user.is_coordinator
    if may_change_team and person.borough is not None:
        team_form = PersonTeamForm(
            request.POST or None, borough=person.borough, initial={"team": person.team}
        )
    if request.method == "POST":
        if team_form is None:
            raise PermissionDenied("Only the person's home managers can change their team")
        if team_form.is_valid():
            person.team = team_form.cleaned_data["team"]
            person.save(update_fields=["team"])
            messages.success(request, f"{person} is now in {person.team or 'no team'}")
            return redirect("person_detail", pk=person.pk)
    worker_profile = getattr(person, "worker_profile", None) if person.is_worker else None
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "profile": worker_profile,
            "specialisms": worker_profile.specialisms.all() if worker_profile else [],
            "willing_boroughs": worker_profile.willing_boroughs.all() if worker_profile else [],
            "availability": worker_profile.availability.all() if worker_profile else [],
            "team_form": team_form,
        },
    )


def person_verify(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    worker_profile = WorkerProfile.objects.filter(user=person).first()
    if worker_profile is None:
        raise Http404("This person has no worker profile")
    try:
        services.registration_verify(profile=worker_profile, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("person_detail", pk=person.pk)
    messages.success(
        request, f"{person}'s registration {worker_profile.registration_number} is verified"
    )
    next_url = _safe_next(request)
    return redirect(next_url) if next_url else redirect("person_detail", pk=person.pk)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def person_role(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = RoleForm(request.POST or None, initial={"role": person.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_role(user=person, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            form.add_error("role", error.messages[0])
        else:
            messages.success(
                request, f"{person} is now a {Role(form.cleaned_data['role']).label.lower()}"
            )
            return redirect("person_detail", pk=person.pk)
    return render(request, "accounts/person_role.html", {"person": person, "form": form})
