"""Audited writes about people: registration checks and roles."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, TravelScope, User, WorkerProfile
from secondments.queueing import match_worker_on_commit

logger = logging.getLogger(__name__)


@transaction.atomic
def registration_verify(*, profile: WorkerProfile, by: User) -> WorkerProfile:
    """A coordinator confirms the worker's Social Work England registration."""
    if not by.is_coordinator:
        raise PermissionDenied("Only a coordinator can verify a registration")
    profile = WorkerProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.registration_verified:
        raise ValidationError("This registration has already been verified")
    if not profile.registration_number or not profile.registration_expires_on:
        raise ValidationError("The worker has not given a registration number and expiry date yet")
    if profile.registration_expires_on < timezone.localdate():
        raise ValidationError("This registration has expired: ask the worker to renew it first")
    profile.registration_verified = True
    profile.registration_verified_by = by
    profile.registration_verified_at = timezone.now()
    profile.save(
        update_fields=[
            "registration_verified",
            "registration_verified_by",
            "registration_verified_at",
            "updated_at",
        ]
    )
    logger.info("registration verified: profile=%s by=%s", profile.pk, by.pk)
    return profile


@transaction.atomic
def registration_lapse_expired(*, today: datetime.date) -> int:
    """Registrations past their expiry date need checking again once renewed."""
    lapsed = WorkerProfile.objects.registration_lapsed(today).select_for_update()
    count = lapsed.update(
        registration_verified=False,
        registration_verified_by=None,
        registration_verified_at=None,
        updated_at=timezone.now(),
    )
    if count:
        logger.info("registrations lapsed: %s", count)
    return count


@transaction.atomic
def user_set_role(*, user: User, role: str, by: User) -> User:
    """Only a coordinator grants (or takes away) the manager and coordinator roles."""
    if not by.is_coordinator:
        raise PermissionDenied("Only a coordinator can change someone's role")
    if role not in Role.values:
        raise ValidationError("Choose a role from the list")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == by.pk and role != Role.COORDINATOR:
        raise ValidationError("You cannot remove your own coordinator role")
    if role != Role.COORDINATOR and user.borough_id is None:
        raise ValidationError(
            "Give this person a home borough before making them a " + Role(role).label.lower()
        )
    if user.role == role:
        raise ValidationError(f"{user} is already a {Role(role).label.lower()}")
    user.role = role
    user.save(update_fields=["role"])
    if role == Role.WORKER:
        WorkerProfile.objects.get_or_create(user=user)
    logger.info("role changed: user=%s role=%s by=%s", user.pk, role, by.pk)
    return user


REGISTRATION_FIELDS = ("registration_number", "registration_expires_on")


@transaction.atomic
def worker_profile_update(*, profile: WorkerProfile, data: dict, by: User) -> WorkerProfile:
    """Save the worker's own profile from cleaned form data.

    Changing the registration number or expiry undoes a coordinator's check:
    the new details have to be verified again before the worker is matched.
    """
    if by.pk != profile.user_id:
        raise PermissionDenied("Only the worker can edit their own profile")
    profile = WorkerProfile.objects.select_for_update().get(pk=profile.pk)
    registration_changed = any(getattr(profile, f) != data[f] for f in REGISTRATION_FIELDS)
    for field in (
        *REGISTRATION_FIELDS,
        "job_level",
        "qualified_on",
        "languages",
        "travel_scope",
        "open_to_matching",
    ):
        setattr(profile, field, data[field])
    if registration_changed and profile.registration_verified:
        profile.registration_verified = False
        profile.registration_verified_by = None
        profile.registration_verified_at = None
    profile.save()
    profile.specialisms.set(data["specialisms"])
    profile.willing_boroughs.set(_willing_boroughs(profile, data))
    # What they offer changed: the requests that match them may have too.
    match_worker_on_commit(profile.user_id)
    return profile


def _willing_boroughs(profile: WorkerProfile, data: dict):
    from boroughs.models import Borough

    home = profile.user.borough
    scope = data["travel_scope"]
    if scope == TravelScope.NEIGHBOURS:
        return home.neighbours.all() if home else Borough.objects.none()
    if scope == TravelScope.LONDON:
        return Borough.objects.london().exclude(pk=getattr(home, "pk", None))
    return data["willing_boroughs"]
