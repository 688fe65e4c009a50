"""Granting roles (issue 13: regions and coordinators).

A coordinator grants the manager and coordinator roles to the people of the
regions they cover. A regional coordinator makes coordinators only for their
own regions; only a national coordinator makes a national coordinator, or
changes the role of a coordinator whose regions they do not all cover.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import CoordinatorRegion, Role, User, WorkerProfile
from audit.services import audit_record
from boroughs.models import Region


def _covers(by: User, regions: frozenset[str] | None) -> bool:
    """Whether `by` coordinates everywhere these regions (None: all England) reach."""
    mine = by.coordinated_regions
    return mine is None or (regions is not None and regions <= mine)


def _scope_of(user: User) -> frozenset[str] | None:
    if user.coordinates_nationally:
        return None
    return frozenset(user.coordinator_regions.values_list("region", flat=True))


@transaction.atomic
def user_set_role(
    *,
    user: User,
    role: str,
    by: User,
    regions: list[str] | tuple[str, ...] = (),
    nationally: bool = False,
) -> User:
    """Give `user` a role; a coordinator covers all England (`nationally`) or `regions`."""
    if not by.is_coordinator:
        raise PermissionDenied("Only a coordinator can change someone's role")
    if role not in Role.values:
        raise ValidationError("Choose a role from the list")
    user = User.objects.select_for_update(of=("self",)).select_related("borough").get(pk=user.pk)
    if not by.coordinates(user.borough):
        raise PermissionDenied("Only a coordinator of this person's region can change their role")
    was_scope = _scope_of(user) if user.is_coordinator else frozenset()
    if user.is_coordinator and not _covers(by, was_scope):
        raise PermissionDenied(
            "Only a national coordinator can change the role of a coordinator outside your regions"
        )
    if user.pk == by.pk and role != Role.COORDINATOR:
        raise ValidationError("You cannot remove your own coordinator role")
    if role != Role.COORDINATOR and user.borough_id is None:
        raise ValidationError(
            "Give this person a home borough before making them a " + Role(role).label.lower()
        )
    scope: frozenset[str] | None = frozenset()
    if role == Role.COORDINATOR:
        scope = _coordinator_scope(by, regions, nationally)
    if user.role == role and (role != Role.COORDINATOR or scope == was_scope):
        raise ValidationError(f"{user} is already a {Role(role).label.lower()}")
    from_role = user.role
    user.role = role
    user.coordinates_nationally = scope is None
    user.save(update_fields=["role", "coordinates_nationally"])
    user.coordinator_regions.exclude(region__in=sorted(scope or ())).delete()
    for region in sorted(scope or ()):
        CoordinatorRegion.objects.get_or_create(user=user, region=region)
    user.__dict__.pop("coordinated_regions", None)
    if role == Role.WORKER:
        WorkerProfile.objects.get_or_create(user=user)
    changed = ["coordinator_regions"] if role == from_role else []
    audit_record(
        actor=by,
        action="role_changed",
        obj=user,
        from_state=from_role,
        to_state=role,
        changed_fields=changed,
    )
    return user


def _coordinator_scope(by: User, regions, nationally: bool) -> frozenset[str] | None:
    if nationally:
        if by.coordinated_regions is not None:
            raise PermissionDenied("Only a national coordinator can make a national coordinator")
        return None
    chosen = frozenset(regions)
    if not chosen:
        raise ValidationError("Select the regions they will coordinate, or all of England")
    if not chosen <= set(Region.values):
        raise ValidationError("Select regions from the list")
    if not _covers(by, chosen):
        raise PermissionDenied("You can make coordinators only for the regions you coordinate")
    return chosen
