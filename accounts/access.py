"""Who may see and change people, profiles and availability.

404 when the user may not know the object exists, 403 when they may see it
but not change it (see the access table in DESIGN.md).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Availability, Role, User, WorkerProfile


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> User:
    """A person's full profile: themselves, their home borough's managers, and the
    coordinators of its region (a person with no borough: national coordinators).

    Writing (verifying, changing role) is for those coordinators; a manager may
    only move their own staff between teams, which the team view checks.
    """
    person = User.objects.select_related("borough", "team", "worker_profile").filter(pk=pk).first()
    if person is None or not can_see_person(user, person):
        raise Http404("No such person")
    if write and not user.coordinates(person.borough):
        raise PermissionDenied("Only a coordinator can do that")
    return person


def can_see_person(user: User, person: User) -> bool:
    """Whether `user` may open `person`'s page (see get_person_for_user)."""
    return (
        user.coordinates(person.borough)
        or person.pk == user.pk
        or (user.is_manager and person.role != Role.COORDINATOR and user.manages(person.borough))
    )


def get_availability_for_user(user: User, pk: int, *, write: bool = False) -> Availability:
    availability = (
        Availability.objects.select_related("profile__user__borough").filter(pk=pk).first()
    )
    if availability is None:
        raise Http404("No such availability")
    owner = availability.profile.user
    if owner.pk == user.pk:
        return availability
    if user.coordinates(owner.borough) or user.manages(owner.borough):
        if write:
            raise PermissionDenied("Only the worker can change their own availability")
        return availability
    raise Http404("No such availability")


def get_own_profile(user: User) -> WorkerProfile:
    """A social worker's own profile (made at sign-up; made now if an older
    account has none). Managers and coordinators have no worker profile."""
    if not user.is_worker:
        raise Http404("Only social workers have a worker profile")
    profile, _ = WorkerProfile.objects.get_or_create(user=user)
    return profile
