"""Who may see an agreement between boroughs: the two boroughs' managers and
the coordinators of either borough's region (a national coordinator: all).
What each may do with it is checked by the service for that step."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from boroughs.models import Agreement


def agreements_visible_to(user: User):
    """The agreements `user` may see: a coordinator those with either borough in
    their regions, a manager their own borough's."""
    agreements = Agreement.objects.visible_to(user)
    if user.is_coordinator:
        agreements = agreements.filter(user.coordinator_scope("borough_a", "borough_b"))
    return agreements


def get_agreement_for_user(user: User, pk: int, *, write: bool = False) -> Agreement:
    agreement = (
        agreements_visible_to(user)
        .select_related("borough_a", "borough_b", "proposed_by")
        .filter(pk=pk)
        .first()
    )
    if agreement is None or not agreement.can_be_seen_by(user):
        raise Http404("No such agreement")
    if write and not (user.is_coordinator or user.is_manager):
        raise PermissionDenied("Only the two boroughs' managers can change this agreement")
    return agreement
