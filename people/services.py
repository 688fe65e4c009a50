"""Audited writes about people and their borough's teams: registration checks,
roles, profiles, availability, team membership and teams.

Each function is one transaction that checks who is acting, makes the change
and writes one AuditEvent beside it, naming the fields that changed and never
their values. A change to what a worker offers starts matching by task name
once it commits (matching sits to the right of this app).
"""

import datetime
import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Availability, TravelScope, User, WorkerProfile
from audit.services import MAX_REASON, audit_record
from boroughs.models import Borough, Team
from notifications.queueing import enqueue_on_commit
from notifications.services import notify

logger = logging.getLogger(__name__)

MATCH_WORKER_TASK = "matching.tasks.match_worker"


def _lock_worker(user_id: int) -> None:
    # application_approve locks the worker's row before it re-checks their
    # registration; taking the same lock before changing a registration means
    # an approval never reads one half-changed.
    User.objects.select_for_update(no_key=True).filter(pk=user_id).first()


def _rematch(worker_id: int) -> None:
    # What the worker offers changed: the requests that match them may have too.
    enqueue_on_commit(MATCH_WORKER_TASK, worker_id)


# --- Registration checks and roles (coordinators) ------------------------------


def _check_coordinates(by: User, profile: WorkerProfile, verb: str) -> None:
    """A registration is checked by a coordinator of the worker's region."""
    if not by.is_coordinator:
        raise PermissionDenied(f"Only a coordinator can {verb} a registration")
    if not by.coordinates(profile.user.borough):
        raise PermissionDenied(
            f"Only a coordinator of the worker's region can {verb} their registration"
        )


@transaction.atomic
def registration_verify(*, profile: WorkerProfile, by: User) -> WorkerProfile:
    """A coordinator confirms the worker's Social Work England registration."""
    _check_coordinates(by, profile, "verify")
    _lock_worker(profile.user_id)
    profile = WorkerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.registration_verified:
        raise ValidationError("This registration has already been verified")
    if not profile.registration_number or not profile.registration_expires_on:
        raise ValidationError("The worker has not given a registration number and expiry date yet")
    if profile.registration_expires_on < timezone.localdate():
        raise ValidationError("This registration has expired: ask the worker to renew it first")
    profile.registration_verified = True
    profile.registration_verified_by = by
    profile.registration_verified_at = timezone.now()
    profile.registration_query_reason, profile.registration_queried_at = "", None
    profile.save(
        update_fields=[
            "registration_verified",
            "registration_verified_by",
            "registration_verified_at",
            "registration_query_reason",
            "registration_queried_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=by,
        action="registration_verified",
        obj=profile.user,
        from_state="unverified",
        to_state="verified",
    )
    _rematch(profile.user_id)
    return profile


@transaction.atomic
def registration_query(*, profile: WorkerProfile, reason: str, by: User) -> WorkerProfile:
    """A coordinator cannot confirm the registration and tells the worker why.

    It stays unverified; the worker sees the reason on their profile until they
    change their registration details or a coordinator verifies it.
    """
    _check_coordinates(by, profile, "query")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you cannot verify this registration"})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"The reason must be {MAX_REASON:,} characters or fewer"})
    _lock_worker(profile.user_id)
    profile = WorkerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.registration_verified:
        raise ValidationError("This registration has already been verified")
    if not profile.registration_number:
        raise ValidationError("The worker has not given a registration number yet")
    profile.registration_query_reason = reason
    profile.registration_queried_at = timezone.now()
    profile.save(
        update_fields=["registration_query_reason", "registration_queried_at", "updated_at"]
    )
    # The log keeps the coordinator's words but not the number, even if they typed it.
    logged = re.sub(re.escape(profile.registration_number), "the number", reason, flags=re.I)
    audit_record(actor=by, action="registration_queried", obj=profile.user, reason=logged)
    notify(
        recipients=[profile.user],
        event="registration_queried",
        title="A coordinator cannot confirm your Social Work England registration",
        body=f"{reason}\n\nCheck your registration details on your profile and correct them.",
        link=reverse("profile_edit"),
        key=f"{profile.pk}:{profile.registration_queried_at.isoformat()}",
    )
    return profile


@transaction.atomic
def registration_lapse_expired(*, today: datetime.date) -> int:
    """Registrations past their expiry date need checking again once renewed."""
    # The worker rows first, as application_approve takes them (see _lock_worker).
    list(
        User.objects.select_for_update(no_key=True, of=("self",))
        .filter(worker_profile__in=WorkerProfile.objects.registration_lapsed(today))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    lapsed = list(
        WorkerProfile.objects.registration_lapsed(today)
        .select_for_update()
        .select_related("user")
        .order_by("pk")
    )
    if not lapsed:
        return 0
    WorkerProfile.objects.filter(pk__in=[profile.pk for profile in lapsed]).update(
        registration_verified=False,
        registration_verified_by=None,
        registration_verified_at=None,
        updated_at=timezone.now(),
    )
    for profile in lapsed:
        audit_record(
            actor=None,
            action="registration_lapsed",
            obj=profile.user,
            from_state="verified",
            to_state="unverified",
            changed_fields=["registration_verified"],
            reason="The registration's expiry date has passed",
        )
    logger.info("registrations lapsed: %s", len(lapsed))
    return len(lapsed)


# --- A worker's own profile and availability ----------------------------------------

REGISTRATION_FIELDS = ("registration_number", "registration_expires_on")
PROFILE_FIELDS = (
    *REGISTRATION_FIELDS,
    "job_level",
    "qualified_on",
    "languages",
    "travel_scope",
    "open_to_matching",
)


@transaction.atomic
def worker_profile_update(*, profile: WorkerProfile, data: dict, by: User) -> WorkerProfile:
    """Save the worker's own profile from cleaned form data; only the keys given change.

    Changing the registration number or expiry undoes a coordinator's check:
    the new details have to be verified again before the worker is matched.
    """
    if by.pk != profile.user_id:
        raise PermissionDenied("Only the worker can edit their own profile")
    _lock_worker(profile.user_id)
    profile = WorkerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    changed = [f for f in PROFILE_FIELDS if f in data and getattr(profile, f) != data[f]]
    for field in changed:
        setattr(profile, field, data[field])
    if profile.registration_verified and set(changed) & set(REGISTRATION_FIELDS):
        profile.registration_verified = False
        profile.registration_verified_by = None
        profile.registration_verified_at = None
        changed.append("registration_verified")
    if set(changed) & set(REGISTRATION_FIELDS):
        # The worker has answered a coordinator's query by changing the details.
        profile.registration_query_reason, profile.registration_queried_at = "", None
    profile.save()
    if "specialisms" in data:
        before = set(profile.specialisms.values_list("pk", flat=True))
        if before != {s.pk for s in data["specialisms"]}:
            profile.specialisms.set(data["specialisms"])
            changed.append("specialisms")
    willing = _willing_boroughs(profile, data)
    if willing is not None:
        willing = {borough.pk for borough in willing}
        if set(profile.willing_boroughs.values_list("pk", flat=True)) != willing:
            profile.willing_boroughs.set(willing)
            changed.append("willing_boroughs")
    if changed:
        audit_record(actor=by, action="profile_changed", obj=profile.user, changed_fields=changed)
        _rematch(profile.user_id)
    return profile


def _willing_boroughs(profile: WorkerProfile, data: dict):
    """The boroughs the worker will now work in, or None to leave them as they are
    (neither the scope nor a chosen list was given)."""
    if "travel_scope" not in data and "willing_boroughs" not in data:
        return None
    home = profile.user.borough
    scope = profile.travel_scope  # already updated from data when given
    if scope == TravelScope.NEIGHBOURS:
        return home.neighbours.all() if home else Borough.objects.none()
    if scope == TravelScope.REGION:
        if home is None:
            return Borough.objects.none()
        return Borough.objects.filter(region=home.region).exclude(pk=home.pk)
    return data.get("willing_boroughs")


OVERLAP_MESSAGE = "This period overlaps availability you have already added"
AVAILABILITY_FIELDS = ("starts_on", "ends_on", "days_per_week")


def _save_availability(availability: Availability) -> None:
    # Two tabs saving at once can both pass the form's overlap check; the
    # database's exclusion constraint then refuses the second.
    try:
        with transaction.atomic():
            availability.save()
    except IntegrityError as error:
        raise ValidationError({"starts_on": OVERLAP_MESSAGE}) from error


@transaction.atomic
def availability_add(
    *,
    profile: WorkerProfile,
    starts_on: datetime.date,
    ends_on: datetime.date,
    days_per_week: int,
    by: User,
) -> Availability:
    if by.pk != profile.user_id:
        raise PermissionDenied("Only the worker can change their own availability")
    availability = Availability(
        profile=profile, starts_on=starts_on, ends_on=ends_on, days_per_week=days_per_week
    )
    _save_availability(availability)
    audit_record(
        actor=by,
        action="availability_added",
        obj=profile.user,
        changed_fields=AVAILABILITY_FIELDS,
    )
    _rematch(profile.user_id)
    return availability


@transaction.atomic
def availability_update(*, availability: Availability, data: dict, by: User) -> Availability:
    if by.pk != availability.profile.user_id:
        raise PermissionDenied("Only the worker can change their own availability")
    # Read afresh: a ModelForm has already written the new values onto the
    # instance it was given.
    availability = (
        Availability.objects.select_for_update()
        .select_related("profile__user")
        .get(pk=availability.pk)
    )
    changed = [f for f in AVAILABILITY_FIELDS if f in data and getattr(availability, f) != data[f]]
    if not changed:
        return availability
    for field in changed:
        setattr(availability, field, data[field])
    _save_availability(availability)
    audit_record(
        actor=by,
        action="availability_changed",
        obj=availability.profile.user,
        changed_fields=changed,
    )
    _rematch(availability.profile.user_id)
    return availability


@transaction.atomic
def availability_remove(*, availability: Availability, by: User) -> None:
    if by.pk != availability.profile.user_id:
        raise PermissionDenied("Only the worker can change their own availability")
    user = availability.profile.user
    # A second tab removing the same period removes nothing and records nothing.
    deleted, _ = Availability.objects.filter(pk=availability.pk).delete()
    if not deleted:
        return
    audit_record(actor=by, action="availability_removed", obj=user)
    _rematch(user.pk)


# --- Staff and teams (a borough's managers, or a coordinator) ------------------------


def _may_manage(by: User, borough: Borough) -> bool:
    return by.coordinates(borough) or by.manages(borough)


@transaction.atomic
def person_set_team(*, person: User, team: Team | None, by: User) -> User:
    """Move one of the borough's staff into a team (or out of every team)."""
    person = (
        User.objects.select_for_update(of=("self",)).select_related("borough").get(pk=person.pk)
    )
    if person.borough is None or not _may_manage(by, person.borough):
        raise PermissionDenied("Only the person's home managers can change their team")
    if team is not None and team.borough_id != person.borough_id:
        raise ValidationError({"team": "Choose one of the borough's own teams"})
    if person.team_id == (team.pk if team else None):
        return person
    person.team = team
    person.save(update_fields=["team"])
    audit_record(actor=by, action="team_membership_changed", obj=person, changed_fields=["team"])
    return person


TEAM_FIELDS = ("name", "description")


def _team_name_taken(borough: Borough, name: str) -> ValidationError:
    clash = Team.objects.filter(borough=borough, name__iexact=name).first()
    spelt = clash.name if clash else name
    return ValidationError({"name": f"A team called {spelt} already exists in {borough.name}"})


def _save_team(team: Team) -> None:
    # Two managers adding the same team at once both pass the form's check;
    # the database's unique constraint (names ignoring case) refuses the second.
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as error:
        raise _team_name_taken(team.borough, team.name) from error


@transaction.atomic
def team_create(*, borough: Borough, name: str, description: str = "", by: User) -> Team:
    if not _may_manage(by, borough):
        raise PermissionDenied("Only the borough's managers can add its teams")
    team = Team(borough=borough, name=name, description=description)
    _save_team(team)
    audit_record(actor=by, action="team_created", obj=team, changed_fields=TEAM_FIELDS)
    return team


@transaction.atomic
def team_update(*, team: Team, data: dict, by: User) -> Team:
    if not _may_manage(by, team.borough):
        raise PermissionDenied("Only the borough's managers can change its teams")
    # Read afresh: a ModelForm has already written the new values onto the
    # instance it was given.
    team = Team.objects.select_for_update().select_related("borough").get(pk=team.pk)
    changed = [f for f in TEAM_FIELDS if f in data and getattr(team, f) != data[f]]
    if not changed:
        return team
    for field in changed:
        setattr(team, field, data[field])
    _save_team(team)
    audit_record(actor=by, action="team_changed", obj=team, changed_fields=changed)
    return team


ACTIONS = {
    "registration_verified": "Registration verified",
    "registration_queried": "Registration queried",
    "registration_lapsed": "Registration lapsed",
    "role_changed": "Role changed",
    "profile_changed": "Profile changed",
    "availability_added": "Availability added",
    "availability_changed": "Availability changed",
    "availability_removed": "Availability removed",
    "team_membership_changed": "Team changed",
    "team_created": "Team added",
    "team_changed": "Team details changed",
}
