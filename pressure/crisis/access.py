"""Who may see and change crisis calls and offers (DESIGN.md: the caller's
managers, the asked boroughs' managers once asked, and coordinators see a
call; the offered worker sees their own offer). 404 for anyone else; 403 when
they may see it but not do what they ask."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from pressure.models import CrisisAsk, CrisisCall, CrisisOffer


def get_call_for_user(user: User, pk: int, *, write: bool = False) -> CrisisCall:
    call = (
        CrisisCall.objects.visible_to(user)
        .select_related("borough", "help_request", "raised_by")
        .filter(pk=pk)
        .first()
    )
    if call is None:
        raise Http404("No such crisis call")
    if write and not call.can_be_changed_by(user):
        raise PermissionDenied("Only the calling borough's managers or a coordinator can do this")
    return call


def get_ask_for_user(user: User, call_pk: int) -> CrisisAsk:
    """The user's own borough's ask on a call it was asked to answer. Someone
    who can see the call but whose borough was not asked gets 403."""
    call = get_call_for_user(user, call_pk)
    ask = (
        CrisisAsk.objects.select_related("borough", "call__borough", "call__help_request")
        .filter(call=call, borough_id=user.borough_id, asked_at__isnull=False)
        .first()
        if user.is_manager
        else None
    )
    if ask is None:
        raise PermissionDenied("Your borough has not been asked to answer this crisis call")
    return ask


def get_offer_for_user(user: User, pk: int, *, write: bool = False) -> CrisisOffer:
    offer = (
        CrisisOffer.objects.select_related(
            "worker__borough",
            "offered_by",
            "ask__borough",
            "ask__call__borough",
            "ask__call__help_request",
        )
        .filter(pk=pk)
        .first()
    )
    if offer is None or not offer.can_be_seen_by(user):
        raise Http404("No such offer")
    if write and user.pk != offer.worker_id:
        raise PermissionDenied("Only the social worker offered can agree or say no")
    return offer
