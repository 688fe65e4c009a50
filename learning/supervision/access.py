"""Who sees a placement's supervision record: the worker, the host borough's
managers, the worker's home managers and the coordinators of either's region
(everyone who sees the placement); anyone else gets 404. Only the host's
managers and the host region's coordinators record sessions (403 for the
others who see it)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from secondments.access import get_placement_for_user
from secondments.models import Placement, PlacementStatus

# Sessions are recorded while the placement runs, and after it for a late note.
RECORDING_STATES = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)


def has_supervision_record(placement: Placement) -> bool:
    return placement.help_request.newly_qualified_suitable


def can_record_supervision(user: User, placement: Placement) -> bool:
    return (user.coordinates(placement.host) or user.manages(placement.host)) and (
        placement.status in RECORDING_STATES
    )


def get_supervised_placement_for_user(user: User, pk: int, *, write: bool = False) -> Placement:
    placement = get_placement_for_user(user, pk)
    if user.is_coordinator and not user.coordinates(placement.host, placement.home):
        raise Http404("No such placement")
    if not has_supervision_record(placement):
        raise Http404("This placement has no supervision record")
    if write and not can_record_supervision(user, placement):
        raise PermissionDenied("Only the host borough's managers record supervision sessions")
    return placement
