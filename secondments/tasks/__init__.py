"""Celery tasks for the marketplace, one module per concern.

Tasks are thin: they take primary keys or a date, re-fetch, and call a
service. Celery's autodiscovery imports this package; importing the modules
here registers their tasks.
"""

from secondments.tasks.calendar import advance_placements, expire_due_requests

__all__ = ["advance_placements", "expire_due_requests"]
