"""A borough's monthly pressure report: made and changed only through these
audited services, by the borough's own managers or a coordinator, while the
month is still open (until the end of the month after it)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Borough, PressureReport, open_report_months

ACTIONS = {
    "pressure_report_created": "Monthly pressure report made",
    "pressure_report_updated": "Monthly pressure report changed",
}

REPORT_FIELDS = (
    "vacancy_rate",
    "agency_rate",
    "average_caseload",
    "assessment_backlog",
    "referrals",
)


class ReportClosed(ValidationError):
    """The month's report can no longer be changed: the view answers 409."""


def may_report_for(user: User, borough: Borough) -> bool:
    return user.coordinates(borough) or user.manages(borough)


def _check(user: User, borough: Borough) -> None:
    if not may_report_for(user, borough):
        raise PermissionDenied(f"Only {borough}'s managers or a coordinator can report for it")


def duplicate_message(existing: PressureReport) -> str:
    return (
        f"{existing.borough} already has a report for {existing.month:%B %Y}: "
        "change that report instead"
    )


def existing_report(borough: Borough, month: datetime.date) -> PressureReport | None:
    return PressureReport.objects.filter(borough=borough, month=month).first()


@transaction.atomic
def pressure_report_create(
    *,
    borough: Borough,
    month: datetime.date,
    data: dict,
    by: User,
    today: datetime.date | None = None,
) -> PressureReport:
    _check(by, borough)
    today = today or timezone.localdate()
    if month not in open_report_months(today):
        raise ValidationError({"month": "Choose a month that is still open for reports"})
    existing = existing_report(borough, month)
    if existing is not None:
        raise ValidationError({"month": duplicate_message(existing)}, code="duplicate")
    report = PressureReport(
        borough=borough, month=month, reported_by=by, **{f: data.get(f) for f in REPORT_FIELDS}
    )
    report.full_clean(validate_constraints=False)
    try:
        # Two managers saving the same month at once: the unique constraint decides.
        with transaction.atomic():
            report.save()
    except IntegrityError:
        existing = PressureReport.objects.filter(borough=borough, month=month).first()
        if existing is None:
            raise
        raise ValidationError({"month": duplicate_message(existing)}, code="duplicate") from None
    audit_record(actor=by, action="pressure_report_created", obj=report)
    return report


@transaction.atomic
def pressure_report_update(
    *, report: PressureReport, data: dict, by: User, today: datetime.date | None = None
) -> list[str]:
    report = PressureReport.objects.select_for_update().select_related("borough").get(pk=report.pk)
    _check(by, report.borough)
    today = today or timezone.localdate()
    if not report.is_open(today):
        raise ReportClosed(
            f"The report for {report.month:%B %Y} closed on {report.closes_on:%-d %B %Y}: "
            "it can no longer be changed"
        )
    changed = [f for f in REPORT_FIELDS if f in data and getattr(report, f) != data[f]]
    if not changed:
        return []
    for name in changed:
        setattr(report, name, data[name])
    report.updated_by = by
    # The person who first reported may since have left (SET_NULL).
    report.full_clean(exclude=["reported_by"], validate_constraints=False)
    report.save()
    audit_record(actor=by, action="pressure_report_updated", obj=report, changed_fields=changed)
    return changed
