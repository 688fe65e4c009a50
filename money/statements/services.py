"""Recharge statements' writes: issue, mark paid, query; and the agency day rates.

Each is one audited transaction. Issuing freezes the draft's lines; the
partial unique constraint (one issued or paid statement per pair and month)
makes two issues at once record one statement, whoever is first.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Borough, JobLevel
from money.models import AgencyDayRate, RechargeStatement, StatementLine, StatementStatus
from money.statements.statements import (
    draft_figures,
    money,
    month_bounds,
    month_has_ended,
    reference_for,
)
from notifications.services import managers_of, notify

ACTIONS = {
    "statement_issued": "Recharge statement issued",
    "statement_paid": "Recharge statement marked as paid",
    "statement_queried": "Recharge statement queried",
    "agency_rate_set": "Agency day rate set",
    "agency_rate_removed": "Agency day rate cleared",
}

MAX_QUERY_REASON = 1000


class StatementConflict(ValidationError):
    """The statement has moved on (issued already, paid, queried): views answer 409."""


def may_set_agency_rates(user: User, region: str) -> bool:
    """A region's agency day rates are set by its coordinators (and national ones)."""
    regions = user.coordinated_regions
    return user.is_coordinator and (regions is None or region in regions)


def _weeks(n: int) -> str:
    return "1 week is" if n == 1 else f"{n} weeks are"


def statement_url(statement: RechargeStatement) -> str:
    return reverse(
        "statement_detail",
        args=[statement.issuer.gss_code, statement.billed.gss_code, f"{statement.month:%Y-%m}"],
    )


def _tell(*, borough: Borough, event: str, statement: RechargeStatement, title: str) -> None:
    notify(
        recipients=managers_of(borough.pk),
        event=event,
        title=title,
        link=statement_url(statement),
        key=f"{statement.reference}:{statement.status}",
    )


@transaction.atomic
def statement_issue(
    *,
    issuer: Borough,
    billed: Borough,
    month: datetime.date,
    confirm_unsigned: bool,
    by: User,
) -> RechargeStatement:
    """Freeze the month's draft as a statement with its own reference."""
    if not (by.coordinates(issuer, billed) or by.manages(issuer)):
        raise PermissionDenied("Only the lending borough's managers can issue its statements")
    month = month_bounds(month)[0]
    if not month_has_ended(month):
        raise ValidationError(
            f"You can issue the statement for {month:%B %Y} once the month has ended"
        )
    # Lock the pair's versions so the version number and the check agree.
    versions = list(
        RechargeStatement.objects.select_for_update().filter(
            issuer=issuer, billed=billed, month=month
        )
    )
    if any(v.status != StatementStatus.QUERIED for v in versions):
        raise StatementConflict(f"The statement for {month:%B %Y} has already been issued")
    figures = draft_figures(issuer, billed, month)
    if not figures.lines:
        raise ValidationError(
            f"{issuer} lent {billed} no one in {month:%B %Y}: there is nothing to issue"
        )
    if figures.unsigned_count and not confirm_unsigned:
        raise ValidationError(
            f"{_weeks(figures.unsigned_count)} not signed off yet. "
            "Tick to confirm you want to issue without them",
            code="unsigned",
        )
    version = max((v.version for v in versions), default=0) + 1
    statement = RechargeStatement(
        issuer=issuer,
        billed=billed,
        month=month,
        version=version,
        reference=reference_for(issuer, billed, month, version),
        status=StatementStatus.ISSUED,
        total=figures.total,
        agency_total=figures.agency_total,
        unsigned_weeks=figures.unsigned_count,
        issued_at=timezone.now(),
        issued_by=by,
    )
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError as error:
        raise StatementConflict(
            f"The statement for {month:%B %Y} has already been issued"
        ) from error
    StatementLine.objects.bulk_create(
        StatementLine(
            statement=statement,
            placement_id=line.placement_id,
            worker_name=line.worker_name[:300],
            funding_model=line.funding_model,
            days=line.days,
            rate=line.rate,
            amount=line.amount,
            agency_rate=line.agency_rate,
            agency_amount=line.agency_amount,
        )
        for line in figures.lines
    )
    audit_record(
        actor=by, action="statement_issued", obj=statement, to_state=StatementStatus.ISSUED
    )
    _tell(
        borough=billed,
        event="statement_issued",
        statement=statement,
        title=f"{issuer} issued a recharge statement for {month:%B %Y}: {money(statement.total)}",
    )
    return statement


def _moved_on(statement: RechargeStatement, to: str) -> StatementConflict:
    statement.refresh_from_db(fields=["status"])
    return StatementConflict(
        f"This statement is {statement.get_status_display().lower()}, so it cannot be {to}"
    )


@transaction.atomic
def statement_mark_paid(*, statement: RechargeStatement, by: User) -> RechargeStatement:
    """Record that the billed borough has paid: either borough's managers may say so."""
    if not (
        by.coordinates(statement.issuer, statement.billed)
        or by.manages(statement.issuer)
        or by.manages(statement.billed)
    ):
        raise PermissionDenied("Only the two boroughs' managers can mark a statement paid")
    now = timezone.now()
    claimed = RechargeStatement.objects.filter(
        pk=statement.pk, status=StatementStatus.ISSUED
    ).update(status=StatementStatus.PAID, paid_at=now, paid_by=by)
    if claimed != 1:
        raise _moved_on(statement, "marked as paid")
    statement.status, statement.paid_at, statement.paid_by = StatementStatus.PAID, now, by
    audit_record(
        actor=by,
        action="statement_paid",
        obj=statement,
        from_state=StatementStatus.ISSUED,
        to_state=StatementStatus.PAID,
    )
    # The other borough hears; when a coordinator says so, both do.
    for borough in (statement.issuer, statement.billed):
        if borough.pk == by.borough_id:
            continue
        _tell(
            borough=borough,
            event="statement_paid",
            statement=statement,
            title=f"Recharge statement {statement.reference} marked as paid",
        )
    return statement


@transaction.atomic
def statement_query(*, statement: RechargeStatement, reason: str, by: User) -> RechargeStatement:
    """The billed borough disputes an issued statement: it is kept, and the month
    becomes a draft again, to be issued as a new version."""
    if not (by.coordinates(statement.issuer, statement.billed) or by.manages(statement.billed)):
        raise PermissionDenied("Only the billed borough's managers can query a statement")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter why you are querying this statement")
    if len(reason) > MAX_QUERY_REASON:
        raise ValidationError(f"The reason must be {MAX_QUERY_REASON} characters or fewer")
    now = timezone.now()
    claimed = RechargeStatement.objects.filter(
        pk=statement.pk, status=StatementStatus.ISSUED
    ).update(status=StatementStatus.QUERIED, query_reason=reason, queried_at=now, queried_by=by)
    if claimed != 1:
        raise _moved_on(statement, "queried")
    statement.status, statement.query_reason = StatementStatus.QUERIED, reason
    statement.queried_at, statement.queried_by = now, by
    audit_record(
        actor=by,
        action="statement_queried",
        obj=statement,
        from_state=StatementStatus.ISSUED,
        to_state=StatementStatus.QUERIED,
        reason=reason,
    )
    _tell(
        borough=statement.issuer,
        event="statement_queried",
        statement=statement,
        title=f"{statement.billed} queried recharge statement {statement.reference}",
    )
    return statement


@transaction.atomic
def agency_rates_set(*, region: str, rates: dict[int, Decimal | None], by: User) -> int:
    """Set, change or (with None) clear the agency day rate for each job level
    given in a region; returns how many levels changed."""
    if not by.is_coordinator:
        raise PermissionDenied("Only coordinators can set agency day rates")
    if not may_set_agency_rates(by, region):
        raise PermissionDenied(f"Only {region}'s coordinators can set its agency day rates")
    if not Borough.objects.filter(region=region).exists():
        raise ValidationError("Choose a region that has boroughs")
    current = {
        row.job_level: row
        for row in AgencyDayRate.objects.select_for_update().filter(region=region)
    }
    changes = 0
    for level, rate in rates.items():
        row = current.get(level)
        if rate is None:
            if row is not None:
                audit_record(actor=by, action="agency_rate_removed", obj=row)
                row.delete()
                changes += 1
            continue
        if row is None:
            row = AgencyDayRate(region=region, job_level=JobLevel(level))
        elif row.day_rate == rate:
            continue
        row.day_rate = rate
        row.full_clean()
        row.save()
        audit_record(actor=by, action="agency_rate_set", obj=row, changed_fields=["day_rate"])
        changes += 1
    return changes
