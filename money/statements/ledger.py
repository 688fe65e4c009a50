"""The reciprocity ledger: who lent whom how many placement-days, and what it cost.

A placement-day given is a signed-off day worked by a borough's own member
of staff in another borough (the home borough gives, the host receives), so
across all boroughs the balances (given - received) sum to zero. Cost is
each placement's signed-off days in a month x its daily rate, rounded to the
penny per placement and month as its statement line is, so what a borough
charged equals its statements; the agency cost is the same days at the
reference agency day rate for the host's region and the worker's job level;
the saving compares the two over the days that have an agency rate.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from boroughs.models import Borough
from money.models import AgencyDayRate, Timesheet, TimesheetDay, TimesheetStatus, pounds
from money.statements.statements import ZERO, job_level_of, rate_for
from secondments.models import HOLDING_STATES, Placement

NO_DAYS = Decimal("0.0")


@dataclass
class PairFigures:
    """One lending borough to one hosting borough, all signed-off days."""

    lender: Borough
    host: Borough
    days: Decimal = NO_DAYS
    cost: Decimal = ZERO
    agency_cost: Decimal = ZERO
    compared_cost: Decimal = ZERO

    @property
    def saving(self) -> Decimal:
        return self.agency_cost - self.compared_cost


@dataclass
class BoroughBalance:
    borough: Borough
    given: Decimal = NO_DAYS
    received: Decimal = NO_DAYS

    @property
    def balance(self) -> Decimal:
        return self.given - self.received


@dataclass
class WithOther:
    """A borough's account with one other borough."""

    other: Borough
    given: Decimal = NO_DAYS
    received: Decimal = NO_DAYS
    charged: Decimal = ZERO  # what we charge them for the days we gave
    charged_to_us: Decimal = ZERO  # what they charge us for the days we received
    saving_to_us: Decimal = ZERO  # agency cost of days received less their charge

    @property
    def balance(self) -> Decimal:
        return self.given - self.received


def pair_figures(borough: Borough | None = None, *, scope: Q | None = None) -> list[PairFigures]:
    """Every lending -> hosting pair with signed-off days (only `borough`'s pairs if
    given; only the placements `scope` takes in, a filter on Placement, if given)."""
    days = TimesheetDay.objects.filter(timesheet__status=TimesheetStatus.SIGNED_OFF)
    if scope is not None:
        days = days.filter(timesheet__placement__in=Placement.objects.filter(scope))
    if borough is not None:
        days = days.filter(
            Q(timesheet__placement__home=borough) | Q(timesheet__placement__host=borough)
        )
    # By month as well: each month's statement rounds its own line, so what a
    # borough charged is the sum of those rounded lines.
    by_placement: dict[int, list[Decimal]] = defaultdict(list)
    for placement_id, worked in (
        days.order_by()
        .values("timesheet__placement_id", month=TruncMonth("day"))
        .annotate(days=Sum("amount"))
        .values_list("timesheet__placement_id", "days")
    ):
        by_placement[placement_id].append(worked)
    placements = Placement.objects.filter(pk__in=list(by_placement)).select_related(
        "worker__worker_profile", "host", "home"
    )
    agency = {(row.region, row.job_level): row.day_rate for row in AgencyDayRate.objects.all()}
    pairs: dict[tuple[int, int], PairFigures] = {}
    for placement in placements:
        months = by_placement[placement.pk]
        pair = pairs.setdefault(
            (placement.home_id, placement.host_id), PairFigures(placement.home, placement.host)
        )
        pair.days += sum(months, NO_DAYS)
        rate = rate_for(placement)
        cost = ZERO if rate is None else sum((pounds(m * rate) for m in months), ZERO)
        pair.cost += cost
        agency_rate = agency.get((placement.host.region, job_level_of(placement)))
        if agency_rate is not None:
            pair.agency_cost += sum((pounds(m * agency_rate) for m in months), ZERO)
            pair.compared_cost += cost
    return sorted(pairs.values(), key=lambda p: (p.lender.name, p.host.name))


def balances(pairs: list[PairFigures]) -> list[BoroughBalance]:
    """Every borough's days given and received; they sum to zero across all boroughs."""
    rows = {b.pk: BoroughBalance(b) for b in Borough.objects.all()}
    for pair in pairs:
        rows[pair.lender.pk].given += pair.days
        rows[pair.host.pk].received += pair.days
    return list(rows.values())


def borough_ledger(borough: Borough) -> list[WithOther]:
    """`borough`'s account with each borough it has lent to or hosted from."""
    others: dict[int, WithOther] = {}
    for pair in pair_figures(borough):
        if pair.lender.pk == borough.pk:
            row = others.setdefault(pair.host.pk, WithOther(pair.host))
            row.given += pair.days
            row.charged += pair.cost
        else:
            row = others.setdefault(pair.lender.pk, WithOther(pair.lender))
            row.received += pair.days
            row.charged_to_us += pair.cost
            row.saving_to_us += pair.saving
    return sorted(others.values(), key=lambda row: row.other.name)


@dataclass
class PairDays:
    """Placement-days one way between two boroughs, for matching."""

    signed_off: Decimal = NO_DAYS  # placements that have timesheets
    planned: int = 0  # placements not yet worked

    @property
    def total(self) -> Decimal:
        return self.signed_off + self.planned


def days_between_for_matching(borough_id: int) -> dict[tuple[int, int], PairDays]:
    """Placement-days by (host, home) for every pair the borough is part of:
    signed-off days for placements that have timesheets, and the planned days
    (days a week over the calendar weeks agreed) for those not yet worked."""
    signed = (
        TimesheetDay.objects.filter(
            timesheet__placement=OuterRef("pk"), timesheet__status=TimesheetStatus.SIGNED_OFF
        )
        .order_by()
        .values("timesheet__placement")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        Placement.objects.filter(status__in=HOLDING_STATES)
        .filter(Q(host_id=borough_id) | Q(home_id=borough_id))
        .order_by()
        .annotate(
            worked=Exists(Timesheet.objects.filter(placement=OuterRef("pk"))),
            signed=Coalesce(Subquery(signed), NO_DAYS),
        )
        .values("host_id", "home_id", "days_per_week", "starts_on", "ends_on", "worked", "signed")
    )
    days: dict[tuple[int, int], PairDays] = defaultdict(PairDays)
    for row in rows:
        pair = days[(row["host_id"], row["home_id"])]
        if row["worked"]:
            pair.signed_off += row["signed"]
        else:
            calendar_days = (row["ends_on"] - row["starts_on"]).days + 1  # both ends inclusive
            pair.planned += round(calendar_days * row["days_per_week"] / 7)
    return dict(days)
