"""Who may see references and placement ratings.

A reference is seen by the worker it is about, their home borough's managers,
the host borough's managers (who give it) and the coordinators of the host's
or home's region (only the host's give one). A placement's
rating is seen only by the worker who gave it: everyone else, the host
included, sees averages of at least 3 ratings (borough_ratings).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from secondments.models import Placement


def _placement(user: User, pk: int) -> Placement:
    placement = (
        Placement.objects.visible_to(user)
        .select_related("worker", "host", "home", "help_request")
        .filter(pk=pk)
        .first()
    )
    if placement is None or (
        user.is_coordinator and not user.coordinates(placement.host, placement.home)
    ):
        raise Http404("No such placement")
    return placement


def may_give_reference(user: User, placement: Placement) -> bool:
    return user.coordinates(placement.host) or user.manages(placement.host)


def get_placement_for_reference(user: User, pk: int, *, write: bool = False) -> Placement:
    """The placement's parties see its reference (404 for anyone else); only the
    host's managers and coordinators give or correct one (403)."""
    placement = _placement(user, pk)
    if write and not may_give_reference(user, placement):
        raise PermissionDenied("Only the host borough's managers give a reference")
    return placement


def get_placement_for_rating(user: User, pk: int) -> Placement:
    """Only the placement's worker sees and gives its rating: 404 for anyone else."""
    placement = _placement(user, pk)
    if placement.worker_id != user.pk:
        raise Http404("No such page")
    return placement


def get_worker_for_references(user: User, pk: int) -> User:
    """The worker, their home borough's managers and its region's coordinators
    (404 for anyone else)."""
    worker = get_object_or_404(User.objects.select_related("borough"), pk=pk, is_active=True)
    if user.pk == worker.pk or user.coordinates(worker.borough):
        return worker
    if worker.borough is not None and user.manages(worker.borough):
        return worker
    raise Http404("No such page")
