"""Who may see an agreement between boroughs: the two boroughs' managers and
coordinators. What each may do with it is checked by the service for that step."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from boroughs.models import Agreement


def get_agreement_for_user(user: User, pk: int, *, write: bool = False) -> Agreement:
    agreement = (
        Agreement.objects.select_related("borough_a", "borough_b", "proposed_by")
        .filter(pk=pk)
        .first()
    )
    if agreement is None or not agreement.can_be_seen_by(user):
        raise Http404("No such agreement")
    if write and not (user.is_coordinator or user.is_manager):
        raise PermissionDenied("Only the two boroughs' managers can change this agreement")
    return agreement
