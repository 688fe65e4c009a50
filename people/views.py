"""A person's own profile and availability, and the people pages where
coordinators check registrations and grant roles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.access import get_availability_for_user, get_own_profile, get_person_for_user
from accounts.models import Role, User, WorkerProfile
from config.csv_download import wants_csv
from config.http import post_only
from people import roles, services
from people.downloads import people_csv
from people.forms import (
    AvailabilityForm,
    PeopleSearchForm,
    PersonTeamForm,
    RegistrationQueryForm,
    RoleForm,
    WorkerProfileForm,
)


def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"person": user}
    if user.is_worker:
        worker_profile = get_own_profile(user)
        context |= {
            "profile": worker_profile,
            "specialisms": worker_profile.specialisms.all(),
            "willing_boroughs": worker_profile.willing_boroughs.all(),
            "availability": worker_profile.availability.all(),
        }
    return render(request, "people/profile.html", context)


def profile_edit(request: HttpRequest) -> HttpResponse:
    worker_profile = get_own_profile(request.user)
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
    return render(request, "people/profile_form.html", {"form": form})


def availability_add(request: HttpRequest) -> HttpResponse:
    worker_profile = get_own_profile(request.user)
    form = AvailabilityForm(request.POST or None, profile=worker_profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.availability_add(profile=worker_profile, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Availability added")
            return redirect("profile")
    return render(request, "people/availability_form.html", {"form": form, "adding": True})


def availability_edit(request: HttpRequest, pk: int) -> HttpResponse:
    availability = get_availability_for_user(request.user, pk, write=True)
    form = AvailabilityForm(
        request.POST or None, instance=availability, profile=availability.profile
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.availability_update(
                availability=availability, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Availability changed")
            return redirect("profile")
    return render(
        request,
        "people/availability_form.html",
        {"form": form, "adding": False, "availability": availability},
    )


def availability_remove(request: HttpRequest, pk: int) -> HttpResponse:
    availability = get_availability_for_user(request.user, pk, write=True)
    if request.method == "POST":
        services.availability_remove(availability=availability, by=request.user)
        messages.success(request, "Availability removed")
        return redirect("profile")
    return render(request, "people/availability_remove.html", {"availability": availability})


def people(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise Http404("No such page")
    show = request.GET.get("show", "awaiting")
    # The people of the coordinator's regions (everyone for a national one).
    people_qs = (
        User.objects.filter(request.user.coordinator_scope("borough"))
        .select_related("borough", "worker_profile")
        .order_by("borough__name", "full_name")
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
    if wants_csv(request):
        return people_csv(people_qs)
    page = Paginator(people_qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/people.html",
        {"page": page, "show": show, "form": form, "roles": Role.choices},
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    team_form = None
    may_change_team = request.user.manages(person.borough) or request.user.coordinates(
        person.borough
    )
    if may_change_team and person.borough is not None:
        team_form = PersonTeamForm(
            request.POST or None, borough=person.borough, initial={"team": person.team}
        )
    if request.method == "POST":
        if team_form is None:
            raise PermissionDenied("Only the person's home managers can change their team")
        if team_form.is_valid():
            try:
                person = services.person_set_team(
                    person=person, team=team_form.cleaned_data["team"], by=request.user
                )
            except ValidationError as error:
                team_form.add_error(None, error)
            else:
                messages.success(request, f"{person} is now in {person.team or 'no team'}")
                return redirect("person_detail", pk=person.pk)
    return _person_page(request, person, team_form=team_form)


def _person_page(
    request: HttpRequest,
    person: User,
    *,
    team_form: PersonTeamForm | None = None,
    query_form: RegistrationQueryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    worker_profile = getattr(person, "worker_profile", None) if person.is_worker else None
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "profile": worker_profile,
            "specialisms": worker_profile.specialisms.all() if worker_profile else [],
            "willing_boroughs": worker_profile.willing_boroughs.all() if worker_profile else [],
            "availability": worker_profile.availability.all() if worker_profile else [],
            "team_form": team_form,
            "query_form": query_form or RegistrationQueryForm(),
        },
        status=status,
    )


def person_verify(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    if (answer := post_only(request, "person_detail", pk=person.pk)) is not None:
        return answer
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


def person_query_registration(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    if (answer := post_only(request, "person_detail", pk=person.pk)) is not None:
        return answer
    worker_profile = WorkerProfile.objects.filter(user=person).first()
    if worker_profile is None:
        raise Http404("This person has no worker profile")
    form = RegistrationQueryForm(request.POST)
    if form.is_valid():
        try:
            services.registration_query(
                profile=worker_profile, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, error.messages[0])
                return redirect("person_detail", pk=person.pk)
            for field_messages in error.message_dict.values():
                form.add_error("reason", field_messages)
        else:
            messages.success(request, f"{person} has been told why you cannot verify it")
            return redirect("person_detail", pk=person.pk)
    return _person_page(request, person, query_form=form, status=400)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def person_role(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    initial = {
        "role": person.role,
        "nationally": person.is_coordinator and person.coordinates_nationally,
        "regions": sorted(person.coordinated_regions or ()),
    }
    form = RoleForm(request.POST or None, initial=initial, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            roles.user_set_role(
                user=person,
                role=form.cleaned_data["role"],
                by=request.user,
                regions=form.cleaned_data["regions"],
                nationally=form.cleaned_data.get("nationally", False),
            )
        except ValidationError as error:
            form.add_error("role", error.messages[0])
        else:
            messages.success(
                request, f"{person} is now a {Role(form.cleaned_data['role']).label.lower()}"
            )
            return redirect("person_detail", pk=person.pk)
    return render(request, "people/person_role.html", {"person": person, "form": form})
