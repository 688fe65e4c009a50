"""Newly qualified social workers: in their first year after qualifying, the
Assessed and Supported Year in Employment (ASYE), they need a named supervisor,
a protected caseload and regular supervision. They may help only with requests
that say they suit them (and offer those terms); matching offers them only those
(matching.ranking.NEWLY_QUALIFIED_YEARS), and browsing shows those first."""

import datetime

from django.core.exceptions import ValidationError

from accounts.models import User, WorkerProfile

NEWLY_QUALIFIED_YEARS = 1

NOT_SUITABLE = (
    "This request is not marked as suitable for newly qualified social workers, so you "
    "cannot apply in your assessed and supported year. Look for requests marked "
    "“Suitable for newly qualified”."
)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def is_newly_qualified(profile: WorkerProfile | None, on: datetime.date) -> bool:
    """In their first year after qualifying on `on` (matching's rule: a request is
    judged on its start date). Unknown qualification dates count as not newly qualified:
    the registration and level checks deal with an incomplete profile."""
    if profile is None or profile.qualified_on is None:
        return False
    return profile.qualified_on > _years_before(on, NEWLY_QUALIFIED_YEARS)


def not_suitable_for(worker: User, help_request, *, profile: WorkerProfile | None = None) -> str:
    """The reason `worker` may not apply to the request as newly qualified, or ""."""
    if help_request.newly_qualified_suitable:
        return ""
    if profile is None:
        profile = WorkerProfile.objects.filter(user_id=worker.pk).first()
    if is_newly_qualified(profile, help_request.starts_on):
        return NOT_SUITABLE
    return ""


def refuse_unless_suitable(worker: User, help_request, *, by: User) -> None:
    """Refuse a newly qualified worker's offer of help, or a host's invitation to
    one, for a request not marked as suitable for them."""
    problem = not_suitable_for(worker, help_request)
    if problem and by.pk != worker.pk:
        problem = (
            f"{worker} is newly qualified and this request is not marked as suitable for "
            "newly qualified social workers: mark it suitable, with a supervisor, a protected "
            "caseload and a supervision frequency, or invite someone else"
        )
    if problem:
        raise ValidationError(problem)
