"""The figures behind the reports: requests and how they were filled, who
helped whom, and month by month. Each is a few reads (one query per kind of
row, whatever the period or the number of boroughs) and the arithmetic in
Python, so the figures are the same on PostgreSQL and on SQLite (the demo).

Definitions (each report page says them too):

- A request is *posted* when it is published; the period holds the requests
  published in it. It is *filled* when its places are all taken by agreed
  placements (status Filled); its *fill time* is from publishing to the
  approval that took its last place (the newest of its placements).
- The *fill rate* is the requests filled out of those posted, as a
  percentage; requests still open count as not filled.
- A *signed-off day* is a day on a timesheet week the host borough signed
  off, counted as the reciprocity ledger counts it (money.statements.ledger):
  the worker's home borough lent it, the host borough received it. A day
  belongs to the period when it was worked in it.
"""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from boroughs.models import Borough
from money.models import TimesheetDay, TimesheetStatus
from pressure.reports.forms import Period
from pressure.reports.scope import ReportScope
from secondments.models import HOLDING_STATES, HelpRequest, Placement, RequestStatus, Urgency

TENTH = Decimal("0.1")
NO_DAYS = Decimal("0.0")
SECONDS_A_DAY = 86400
UNFILLED_ENDS = (RequestStatus.CLOSED, RequestStatus.CANCELLED, RequestStatus.EXPIRED)


def percent(part: int, whole: int) -> Decimal | None:
    """`part` out of `whole` as a percentage to one decimal place (half up); None of nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def median_days(waits: list[datetime.timedelta]) -> Decimal | None:
    """The median of the waits, in days to one decimal place; None if there are none."""
    if not waits:
        return None
    middle = statistics.median(wait.total_seconds() for wait in waits)
    return (Decimal(str(middle)) / SECONDS_A_DAY).quantize(TENTH, rounding=ROUND_HALF_UP)


def month_of(moment: datetime.datetime) -> datetime.date:
    """The first day of the month `moment` falls in, UK time."""
    return timezone.localtime(moment).date().replace(day=1)


def with_filled_at(requests: QuerySet) -> QuerySet:
    """Annotate `filled_at`: when the newest agreed placement on the request was
    approved (for a filled request, the approval that took its last place)."""
    newest = (
        Placement.objects.filter(help_request=OuterRef("pk"), status__in=HOLDING_STATES)
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return requests.annotate(filled_at=Subquery(newest))


def posted_in(scope: ReportScope, period: Period) -> QuerySet:
    """The requests boroughs in scope published in the period."""
    return HelpRequest.objects.filter(
        borough_id__in=scope.borough_ids,
        published_at__gte=period.starts_at,
        published_at__lt=period.ends_before,
    )


# --- Requests and fill rate ---------------------------------------------------


@dataclass
class FillRow:
    """One borough's requests posted in the period (or all boroughs', `borough` None)."""

    borough: Borough | None
    posted: int = 0
    filled: int = 0
    still_open: int = 0
    unfilled: int = 0  # closed, cancelled or expired without being filled
    waits: list[datetime.timedelta] = field(default_factory=list)

    @property
    def fill_rate(self) -> Decimal | None:
        return percent(self.filled, self.posted)

    @property
    def median_days_to_fill(self) -> Decimal | None:
        return median_days(self.waits)

    def add(self, status: str, published_at: datetime.datetime, filled_at) -> None:
        self.posted += 1
        if status == RequestStatus.FILLED:
            self.filled += 1
            if filled_at is not None:
                self.waits.append(filled_at - published_at)
        elif status == RequestStatus.OPEN:
            self.still_open += 1
        elif status in UNFILLED_ENDS:
            self.unfilled += 1


@dataclass
class OpenRow:
    """A borough's requests posted in the period that are still open, by urgency."""

    borough: Borough | None
    by_urgency: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Urgency.values, 0))

    @property
    def total(self) -> int:
        return sum(self.by_urgency.values())

    @property
    def counts(self) -> list[int]:
        return [self.by_urgency[urgency] for urgency in Urgency.values]


@dataclass
class RequestFigures:
    rows: list[FillRow]
    total: FillRow
    open_rows: list[OpenRow]
    open_total: OpenRow


def request_figures(scope: ReportScope, period: Period) -> RequestFigures:
    """Requests posted in the period by each borough in scope: how many were
    filled, how fast, and which are still open by urgency. One query."""
    names = {b.pk: b for b in scope.boroughs}
    rows: dict[int, FillRow] = {}
    open_rows: dict[int, OpenRow] = {}
    total, open_total = FillRow(None), OpenRow(None)
    found = (
        with_filled_at(posted_in(scope, period))
        .order_by()
        .values_list("borough_id", "urgency", "status", "published_at", "filled_at")
    )
    for borough_id, urgency, status, published_at, filled_at in found:
        borough = names[borough_id]
        rows.setdefault(borough_id, FillRow(borough)).add(status, published_at, filled_at)
        total.add(status, published_at, filled_at)
        if status == RequestStatus.OPEN:
            open_rows.setdefault(borough_id, OpenRow(borough)).by_urgency[urgency] += 1
            open_total.by_urgency[urgency] += 1
    return RequestFigures(
        rows=sorted(rows.values(), key=lambda row: row.borough.name),
        total=total,
        open_rows=sorted(open_rows.values(), key=lambda row: row.borough.name),
        open_total=open_total,
    )


# --- Who helped whom ----------------------------------------------------------


def signed_off_days() -> QuerySet:
    """Every signed-off day worked: what the reciprocity ledger counts."""
    return TimesheetDay.objects.filter(timesheet__status=TimesheetStatus.SIGNED_OFF)


def _days_in(scope: ReportScope, period: Period) -> QuerySet:
    """Signed-off days worked in the period where a borough in scope lent or hosted."""
    ids = scope.borough_ids
    return signed_off_days().filter(
        Q(timesheet__placement__home_id__in=ids) | Q(timesheet__placement__host_id__in=ids),
        day__gte=period.first_day,
        day__lte=period.last_day,
    )


@dataclass(frozen=True)
class Flow:
    lender: Borough
    host: Borough
    days: Decimal


@dataclass
class Flows:
    """Signed-off days from each lending (home) borough to each host borough.
    Only boroughs that lent have rows, only boroughs that hosted have columns."""

    lenders: list[Borough]
    hosts: list[Borough]
    days: dict[tuple[int, int], Decimal]

    def cell(self, lender: Borough, host: Borough) -> Decimal:
        return self.days.get((lender.pk, host.pk), NO_DAYS)

    @property
    def matrix(self) -> list[tuple[Borough, list[Decimal], Decimal]]:
        """Each lender, its days to each host in column order, and its total."""
        return [
            (
                lender,
                [self.cell(lender, host) for host in self.hosts],
                self.lent(lender),
            )
            for lender in self.lenders
        ]

    def lent(self, lender: Borough) -> Decimal:
        return sum((self.cell(lender, host) for host in self.hosts), NO_DAYS)

    @property
    def received(self) -> list[Decimal]:
        return [
            sum((self.cell(lender, host) for lender in self.lenders), NO_DAYS)
            for host in self.hosts
        ]

    @property
    def total(self) -> Decimal:
        return sum(self.days.values(), NO_DAYS)

    @property
    def flows(self) -> list[Flow]:
        """Every pair with days, biggest first (then by name)."""
        boroughs = {b.pk: b for b in (*self.lenders, *self.hosts)}
        pairs = [
            Flow(boroughs[lender_id], boroughs[host_id], days)
            for (lender_id, host_id), days in self.days.items()
            if days
        ]
        return sorted(pairs, key=lambda f: (-f.days, f.lender.name, f.host.name))

    @property
    def largest(self) -> Decimal:
        return max(self.days.values(), default=NO_DAYS)


def flow_figures(scope: ReportScope, period: Period) -> Flows:
    """Who helped whom in the period, in signed-off days. Two queries: the days
    by pair, and the boroughs outside the scope that took part."""
    days: dict[tuple[int, int], Decimal] = {}
    for home_id, host_id, worked in (
        _days_in(scope, period)
        .order_by()
        .values_list("timesheet__placement__home_id", "timesheet__placement__host_id")
        .annotate(worked=Sum("amount"))
    ):
        days[(home_id, host_id)] = worked
    known = {b.pk: b for b in scope.boroughs}
    wanted = {pk for pair in days for pk in pair} - set(known)
    if wanted:
        known.update({b.pk: b for b in Borough.objects.filter(pk__in=wanted)})
    lenders = sorted({known[home] for home, _ in days}, key=lambda b: b.name)
    hosts = sorted({known[host] for _, host in days}, key=lambda b: b.name)
    return Flows(lenders=lenders, hosts=hosts, days=days)


# --- Month by month -------------------------------------------------------------


@dataclass
class MonthRow:
    month: datetime.date
    posted: int = 0
    filled: int = 0
    days: Decimal = NO_DAYS


def trend_figures(scope: ReportScope, period: Period) -> list[MonthRow]:
    """Each month of the period: requests posted, requests filled (in the month
    the approval filled them), and signed-off days worked. Three queries."""
    rows = {month: MonthRow(month) for month in period.months}
    for published_at in posted_in(scope, period).values_list("published_at", flat=True):
        rows[month_of(published_at)].posted += 1
    filled = (
        with_filled_at(
            HelpRequest.objects.filter(
                borough_id__in=scope.borough_ids, status=RequestStatus.FILLED
            )
        )
        .filter(filled_at__gte=period.starts_at, filled_at__lt=period.ends_before)
        .order_by()
        .values_list("filled_at", flat=True)
    )
    for filled_at in filled:
        rows[month_of(filled_at)].filled += 1
    worked = (
        _days_in(scope, period)
        .order_by()
        .annotate(month=TruncMonth("day"))
        .values_list("month")
        .annotate(worked=Sum("amount"))
    )
    for month, days in worked:
        rows[month.replace(day=1)].days += days
    return list(rows.values())
