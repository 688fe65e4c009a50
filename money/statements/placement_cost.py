"""What a placement has cost so far, beside what an agency would have charged.

Worked out month by month exactly as the statements do (each month's line
rounded to the penny, half up), so the placement page's figures add up to the
statements' lines for the same placement.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from money.models import TimesheetDay, TimesheetStatus
from money.statements.statements import (
    ZERO,
    agency_rates_for,
    days_shown,
    job_level_of,
    line_for,
    money,
)
from secondments.models import Placement


@dataclass
class PlacementCost:
    days: Decimal
    rate_shown: str
    amount: Decimal
    agency_rate: Decimal | None
    agency_amount: Decimal | None
    region: str

    @property
    def days_shown(self) -> str:
        return days_shown(self.days)

    @property
    def saving(self) -> Decimal | None:
        return None if self.agency_amount is None else self.agency_amount - self.amount

    def shown(self, amount: Decimal | None) -> str:
        return money(amount)


def placement_cost(placement: Placement) -> PlacementCost:
    """Signed-off days so far, what the host is charged for them, and the agency comparison."""
    months = (
        TimesheetDay.objects.filter(
            timesheet__placement=placement, timesheet__status=TimesheetStatus.SIGNED_OFF
        )
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(days=Sum("amount"))
        .order_by("month")
    )
    agency = agency_rates_for(placement.host.region)
    lines = [line_for(placement, row["days"], agency) for row in months]
    agency_rate = agency.get(job_level_of(placement))
    return PlacementCost(
        days=sum((line.days for line in lines), ZERO),
        rate_shown=line_for(placement, ZERO, agency).rate_shown,
        amount=sum((line.amount for line in lines), ZERO),
        agency_rate=agency_rate,
        agency_amount=None
        if agency_rate is None
        else sum((line.agency_amount for line in lines), ZERO),
        region=placement.host.region,
    )
