"""Audit log registrations for learning reports and the practice library."""

from audit import registry
from learning.models import LearningReport, LibraryStatus
from learning.reports.services import ACTIONS


def register() -> None:
    """Register this area's models and actions with audit.registry."""
    registry.register(
        LearningReport,
        label="Learning report",
        url_name="learning_report_detail",
        states=LibraryStatus,
        actions=ACTIONS,
    )
