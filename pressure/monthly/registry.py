"""Audit log registrations for this area of pressure."""


def register() -> None:
    """Register this area's models and actions with audit.registry."""
    from audit import registry
    from boroughs.models import PressureReport
    from pressure.monthly.services import ACTIONS

    registry.register(PressureReport, label="Monthly pressure report", url_name="pressure_report")
    registry.register_actions(ACTIONS)
