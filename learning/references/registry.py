"""Audit log registrations for references and placement ratings."""

from audit import registry
from learning.models import PlacementRating, Reference
from learning.references.services import ACTIONS


def register() -> None:
    """Register this area's models and actions with audit.registry."""
    registry.register(Reference, label="Reference", actions=ACTIONS)
    registry.register(PlacementRating, label="Placement rating")
