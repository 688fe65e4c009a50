"""Audit log registrations for this area of learning."""


def register() -> None:
    """Register this area's models and actions with audit.registry."""
    from audit import registry
    from learning.models import SupervisionSession
    from learning.supervision.services import ACTIONS

    registry.register(
        SupervisionSession,
        label="Supervision session",
        actions=ACTIONS,
    )
