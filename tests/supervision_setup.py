"""A placement of a newly qualified worker: Camden's worker, hosted by Haringey,
from a request suitable for a newly qualified social worker."""

import datetime

from django.utils import timezone

from secondments.models import PlacementStatus
from tests.factories import PlacementFactory

NEWLY_QUALIFIED_TERMS = {
    "newly_qualified_suitable": True,
    "supervisor_name": "Sam Patel",
    "protected_caseload": 12,
    "supervision_frequency": "fortnightly",
}


def newly_qualified_placement(worker, host, *, status=PlacementStatus.ACTIVE, **request):
    terms = {f"help_request__{name}": value for name, value in NEWLY_QUALIFIED_TERMS.items()}
    terms.update({f"help_request__{name}": value for name, value in request.items()})
    return PlacementFactory(worker=worker, help_request__borough=host, status=status, **terms)


def date_fields(name: str, day: datetime.date) -> dict:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
