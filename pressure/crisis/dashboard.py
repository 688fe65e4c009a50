"""What the dashboards show of crisis calls: the calls waiting for a borough's
answer, and the offers waiting for a social worker to agree."""

from django.db.models import QuerySet

from accounts.models import User
from pressure.models import CrisisAsk, CrisisOffer, OfferStatus


def asks_waiting_for(user: User) -> QuerySet:
    """Calls the manager's borough has been asked and not yet answered, oldest first."""
    return (
        CrisisAsk.objects.waiting()
        .filter(borough_id=user.borough_id)
        .exclude(call__status="closed")
        .select_related("call__borough", "call__help_request")
        .order_by("asked_at", "pk")
    )


def offers_waiting_for(user: User) -> list[CrisisOffer]:
    """Offers of this social worker waiting for them to agree or say no."""
    return list(
        CrisisOffer.objects.filter(worker=user, status=OfferStatus.AWAITING_WORKER)
        .exclude(ask__call__status="closed")
        .select_related("ask__borough", "ask__call__borough", "ask__call__help_request")
        .order_by("created_at", "pk")
    )
