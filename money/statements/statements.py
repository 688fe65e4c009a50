"""A recharge statement's figures: worked out live for a draft, read back frozen once issued.

Only signed-off weeks count. Days are counted by their own date, so a week
that spans two months puts each day in its own month. Each line is days x
daily rate rounded to the penny, half up (money.models.pounds), and the total
adds the rounded lines. The agency comparison uses the reference agency day
rate for the host borough's region and the worker's job level.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from boroughs.models import Borough, FundingModel
from money.models import (
    AgencyDayRate,
    RechargeStatement,
    StatementStatus,
    Timesheet,
    TimesheetDay,
    TimesheetStatus,
    pounds,
    week_starting,
)
from secondments.models import Placement, PlacementStatus

ZERO = Decimal("0.00")
ROUNDING_NOTE = (
    "Each line is days \u00d7 daily rate, rounded to the nearest penny (half a penny rounds up); "
    "the total adds the rounded lines."
)


def money(amount: Decimal | None) -> str:
    """£1,234.56; a dash for no figure."""
    if amount is None:
        return "\u2013"
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def days_shown(days: Decimal) -> str:
    return f"{days.normalize():f}" if days == days.to_integral() else f"{days:f}"


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def month_has_ended(month: datetime.date) -> bool:
    return month_bounds(month)[1] < timezone.localdate()


def rate_for(placement: Placement) -> Decimal | None:
    """The daily rate the host pays the home borough, as copied at approval; None: no charge."""
    if placement.funding_model == FundingModel.DAY_RATE:
        return placement.day_rate
    if placement.funding_model == FundingModel.HOST_RECHARGE:
        return placement.daily_recharge
    return None


def job_level_of(placement: Placement) -> int | None:
    profile = getattr(placement.worker, "worker_profile", None)
    return profile.job_level if profile is not None else None


def agency_rates_for(region: str) -> dict[int, Decimal]:
    return dict(AgencyDayRate.objects.filter(region=region).values_list("job_level", "day_rate"))


@dataclass
class Line:
    placement_id: int
    worker_name: str
    funding_model: str
    days: Decimal
    rate: Decimal | None
    amount: Decimal
    agency_rate: Decimal | None
    agency_amount: Decimal | None

    @property
    def funding_shown(self) -> str:
        return FundingModel(self.funding_model).label

    @property
    def saving(self) -> Decimal | None:
        if self.agency_amount is None:
            return None
        return self.agency_amount - self.amount

    @property
    def days_shown(self) -> str:
        return days_shown(self.days)

    @property
    def rate_shown(self) -> str:
        return "No charge" if self.rate is None else money(self.rate)


def _name(placement: Placement) -> str:
    return placement.worker.full_name or placement.worker.email


def line_for(placement: Placement, days: Decimal, agency: dict[int, Decimal]) -> Line:
    rate = rate_for(placement)
    agency_rate = agency.get(job_level_of(placement))
    return Line(
        placement_id=placement.pk,
        worker_name=_name(placement),
        funding_model=placement.funding_model,
        days=days,
        rate=rate,
        amount=ZERO if rate is None else pounds(days * rate),
        agency_rate=agency_rate,
        agency_amount=None if agency_rate is None else pounds(days * agency_rate),
    )


@dataclass
class UnsignedWeek:
    worker_name: str
    week_starting: datetime.date
    state: str

    @property
    def week_ending(self) -> datetime.date:
        return self.week_starting + datetime.timedelta(days=6)


@dataclass
class Figures:
    issuer: Borough
    billed: Borough
    month: datetime.date
    lines: list[Line]
    unsigned: list[UnsignedWeek] = field(default_factory=list)
    unsigned_count: int = 0

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def agency_total(self) -> Decimal:
        return sum((line.agency_amount for line in self.lines if line.agency_amount), ZERO)

    @property
    def compared_total(self) -> Decimal:
        """What the lines with an agency rate cost: the saving compares like with like."""
        return sum((line.amount for line in self.lines if line.agency_amount is not None), ZERO)

    @property
    def saving(self) -> Decimal:
        return self.agency_total - self.compared_total

    @property
    def days(self) -> Decimal:
        return sum((line.days for line in self.lines), Decimal("0"))


def _placements(issuer: Borough, billed: Borough, first, last) -> QuerySet:
    signed_in_month = TimesheetDay.objects.filter(
        timesheet__status=TimesheetStatus.SIGNED_OFF, day__range=(first, last)
    ).values("timesheet__placement_id")
    return (
        Placement.objects.filter(home=issuer, host=billed)
        .filter(
            Q(starts_on__lte=last, ends_on__gte=first) & ~Q(status=PlacementStatus.CANCELLED)
            | Q(pk__in=signed_in_month)
        )
        .select_related("worker__worker_profile")
        .order_by("worker__full_name", "starts_on", "pk")
    )


def _unsigned_weeks(placements: list[Placement], first, last) -> list[UnsignedWeek]:
    """Weeks of the month not signed off: submitted, queried, or never submitted
    for a week that has ended. Listed and flagged, never counted."""
    today = timezone.localdate()
    states = {
        (row["placement_id"], row["week_starting"]): row["status"]
        for row in Timesheet.objects.filter(
            placement__in=placements,
            week_starting__range=(first - datetime.timedelta(days=6), last),
        ).values("placement_id", "week_starting", "status")
    }
    weeks = []
    for placement in placements:
        start, end = max(first, placement.starts_on), min(last, placement.ends_on)
        monday = week_starting(start)
        while monday <= end:
            state = states.get((placement.pk, monday))
            if state is None and placement.status != PlacementStatus.CANCELLED:
                if monday + datetime.timedelta(days=6) < today:
                    weeks.append(UnsignedWeek(_name(placement), monday, "Not submitted"))
            elif state is not None and state != TimesheetStatus.SIGNED_OFF:
                label = TimesheetStatus(state).label
                weeks.append(UnsignedWeek(_name(placement), monday, label))
            monday += datetime.timedelta(days=7)
    return weeks


def draft_figures(issuer: Borough, billed: Borough, month: datetime.date) -> Figures:
    """The month's statement as it stands now, from the signed-off weeks."""
    first, last = month_bounds(month)
    placements = list(_placements(issuer, billed, first, last))
    days = dict(
        TimesheetDay.objects.filter(
            timesheet__placement__in=placements,
            timesheet__status=TimesheetStatus.SIGNED_OFF,
            day__range=(first, last),
        )
        .order_by()
        .values("timesheet__placement_id")
        .annotate(days=Sum("amount"))
        .values_list("timesheet__placement_id", "days")
    )
    agency = agency_rates_for(billed.region)
    lines = [line_for(p, days.get(p.pk, Decimal("0.0")), agency) for p in placements]
    unsigned = _unsigned_weeks(placements, first, last)
    return Figures(issuer, billed, first, lines, unsigned, len(unsigned))


def frozen_figures(statement: RechargeStatement) -> Figures:
    """An issued statement's figures, exactly as issued."""
    lines = [
        Line(
            placement_id=row.placement_id,
            worker_name=row.worker_name,
            funding_model=row.funding_model,
            days=row.days,
            rate=row.rate,
            amount=row.amount,
            agency_rate=row.agency_rate,
            agency_amount=row.agency_amount,
        )
        for row in statement.lines.all()
    ]
    return Figures(
        statement.issuer,
        statement.billed,
        statement.month,
        lines,
        unsigned_count=statement.unsigned_weeks,
    )


def versions_of(issuer: Borough, billed: Borough, month: datetime.date) -> list[RechargeStatement]:
    return list(
        RechargeStatement.objects.filter(issuer=issuer, billed=billed, month=month)
        .select_related("issued_by", "paid_by", "queried_by")
        .order_by("version")
    )


def current_of(versions: list[RechargeStatement]) -> RechargeStatement | None:
    return next(
        (v for v in versions if v.status in (StatementStatus.ISSUED, StatementStatus.PAID)), None
    )


def reference_for(issuer: Borough, billed: Borough, month: datetime.date, version: int) -> str:
    return f"SX-{issuer.gss_code}-{billed.gss_code}-{month:%Y%m}-{version}"


# The pages' formatting, passed to their templates: £1,234.56 and 3.5 days.
FORMATTERS = {"money": money, "days_shown": days_shown}
