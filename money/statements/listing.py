"""The statements list: every pair and month with placements, and where each stands.

A few queries whatever the number of rows: the placements, their signed-off
days by month, and the statements issued. A draft's total is worked out as
the statement page does it (money.statements.statements).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import User
from boroughs.models import Borough
from money.models import RechargeStatement, StatementStatus, TimesheetDay, TimesheetStatus, pounds
from money.statements.statements import ZERO, rate_for
from secondments.models import Placement, PlacementStatus


@dataclass
class Row:
    issuer: Borough
    billed: Borough
    month: datetime.date
    status: str = "Draft"
    total: Decimal = ZERO
    reference: str = ""

    @property
    def month_code(self) -> str:
        return f"{self.month:%Y-%m}"


def _months(first: datetime.date, last: datetime.date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def statement_rows(
    user: User, *, borough: Borough | None = None, month: datetime.date | None = None
) -> list[Row]:
    """The pairs and months the user may see (a manager: their borough's; a
    coordinator: the pairs with either borough in their regions), newest first."""
    if user.is_manager:
        borough = user.borough
    placements = Placement.objects.filter(user.coordinator_scope("home", "host"))
    statements = RechargeStatement.objects.filter(user.coordinator_scope("issuer", "billed"))
    if not user.is_coordinator:
        placements, statements = Placement.objects.all(), RechargeStatement.objects.all()
    if borough is not None:
        placements = placements.filter(Q(home=borough) | Q(host=borough))
    signed = TimesheetDay.objects.filter(
        timesheet__status=TimesheetStatus.SIGNED_OFF, timesheet__placement__in=placements
    )
    if month is not None:
        signed = signed.filter(day__year=month.year, day__month=month.month)
    days = defaultdict(Decimal)
    for row in (
        signed.annotate(month=TruncMonth("day"))
        .order_by()
        .values("timesheet__placement_id", "month")
        .annotate(days=Sum("amount"))
    ):
        days[(row["timesheet__placement_id"], row["month"])] += row["days"]
    months_worked: dict[int, set[datetime.date]] = defaultdict(set)
    for placement_id, worked_month in days:
        months_worked[placement_id].add(worked_month)
    this_month = timezone.localdate().replace(day=1)
    rows: dict[tuple[int, int, datetime.date], Row] = {}
    boroughs = {b.pk: b for b in Borough.objects.all()}
    for placement in placements.filter(
        ~Q(status=PlacementStatus.CANCELLED) | Q(pk__in=list(months_worked))
    ).order_by():
        months = set(_months(placement.starts_on, min(placement.ends_on, this_month)))
        if placement.status == PlacementStatus.CANCELLED:
            months = set()
        months |= months_worked[placement.pk]
        rate = rate_for(placement)
        for m in months:
            if month is not None and m != month:
                continue
            key = (placement.home_id, placement.host_id, m)
            row = rows.setdefault(
                key, Row(boroughs[placement.home_id], boroughs[placement.host_id], m)
            )
            worked_days = days.get((placement.pk, m))
            if worked_days and rate is not None:
                row.total += pounds(worked_days * rate)
    # Every statement issued is listed, even when its placements no longer
    # make a row (one cancelled after the statement was issued, say).
    statements = statements.order_by("version")
    if borough is not None:
        statements = statements.filter(Q(issuer=borough) | Q(billed=borough))
    if month is not None:
        statements = statements.filter(month=month)
    for statement in statements:
        key = (statement.issuer_id, statement.billed_id, statement.month)
        if key not in rows:
            rows[key] = Row(boroughs[key[0]], boroughs[key[1]], statement.month)
        row = rows[key]
        if statement.status == StatementStatus.QUERIED:
            if row.status == "Draft":
                row.status = "Queried"
            continue
        row.status = statement.get_status_display()
        row.total, row.reference = statement.total, statement.reference
    return sorted(rows.values(), key=lambda r: (-r.month.toordinal(), r.issuer.name, r.billed.name))
