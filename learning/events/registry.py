"""Audit log registrations for this area of learning."""


def register() -> None:
    """Register this area's models and actions with audit.registry."""
    from audit import registry
    from learning.events.services import ACTIONS
    from learning.models import Booking, BookingStatus, EventStatus, LearningEvent

    registry.register(
        LearningEvent, label="Learning event", url_name="event_detail", states=EventStatus
    )
    registry.register(Booking, label="Event booking", states=BookingStatus)
    registry.register_actions(ACTIONS)
