"""Audit log registrations for this area of pressure."""


def register() -> None:
    """Register this area's models and actions with audit.registry."""
