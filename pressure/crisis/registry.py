"""Audit log registrations for this area of pressure."""


def register() -> None:
    """Register this area's models and actions with audit.registry."""
    from audit import registry
    from pressure.crisis.services import ACTIONS
    from pressure.models import CrisisCall, CrisisOffer, CrisisStatus, OfferStatus

    registry.register(CrisisCall, label="Crisis call", url_name="crisis_board", states=CrisisStatus)
    registry.register(
        CrisisOffer, label="Crisis offer", url_name="crisis_offer", states=OfferStatus
    )
    registry.register_actions(ACTIONS)
