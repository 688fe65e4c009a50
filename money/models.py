"""Who pays and who helped whom: timesheets, recharge statements, agency rates.

Money is held as exact decimals in pounds and pence (DecimalField, never
float). A statement line's amount is days x daily rate rounded to the penny,
half up (a half-penny rounds up), and a statement's total is the sum of its
rounded lines, so the figures a finance team adds up by hand match ours.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from boroughs.models import JobLevel

PENNY = Decimal("0.01")
HALF_DAY = Decimal("0.5")
FULL_DAY = Decimal("1.0")
# An agency day rate above this is a typing slip, not a market rate.
MAX_AGENCY_DAY_RATE = 2000


def pounds(amount: Decimal) -> Decimal:
    """Rounded to the penny, half up: the one rounding rule for money here."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def week_starting(day: datetime.date) -> datetime.date:
    """The Monday of the week that holds `day`: timesheet weeks run Monday to Sunday."""
    return day - datetime.timedelta(days=day.weekday())


class TimesheetStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for sign-off"
    QUERIED = "queried", "Queried"
    SIGNED_OFF = "signed_off", "Signed off"


class Timesheet(models.Model):
    """The days a worker worked in one week (Monday to Sunday) of a placement."""

    placement = models.ForeignKey(
        "secondments.Placement", on_delete=models.PROTECT, related_name="timesheets"
    )
    week_starting = models.DateField()
    status = models.CharField(
        max_length=10, choices=TimesheetStatus.choices, default=TimesheetStatus.SUBMITTED
    )
    # Sum of the days, kept with them by the services so lists need no join.
    days_worked = models.DecimalField(max_digits=3, decimal_places=1, default=0)
    # Needed when the days worked are more than the placement's days per week.
    extra_days_reason = models.CharField(max_length=1000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    times_submitted = models.PositiveSmallIntegerField(default=0)
    query_reason = models.CharField(max_length=1000, blank=True)
    queried_at = models.DateTimeField(null=True, blank=True)
    queried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["week_starting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "week_starting"], name="one_timesheet_per_week"
            ),
            models.CheckConstraint(
                condition=Q(days_worked__gte=0, days_worked__lte=7),
                name="timesheet_days_0_to_7",
            ),
            models.CheckConstraint(
                condition=~Q(status=TimesheetStatus.SIGNED_OFF)
                | Q(signed_off_at__isnull=False, signed_off_by__isnull=False),
                name="timesheet_signed_off_says_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Week starting {self.week_starting:%-d %B %Y}"

    @property
    def week_ending(self) -> datetime.date:
        return self.week_starting + datetime.timedelta(days=6)

    @property
    def is_locked(self) -> bool:
        return self.status == TimesheetStatus.SIGNED_OFF


class TimesheetDay(models.Model):
    """One day worked: a full day or a half day, inside the placement's dates."""

    timesheet = models.ForeignKey(Timesheet, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    amount = models.DecimalField(max_digits=2, decimal_places=1)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["timesheet", "day"], name="one_entry_per_day"),
            models.CheckConstraint(
                condition=Q(amount__in=[HALF_DAY, FULL_DAY]), name="timesheet_day_half_or_full"
            ),
        ]

    def __str__(self) -> str:
        what = "Half day" if self.amount == HALF_DAY else "Full day"
        return f"{what} on {self.day:%A %-d %B %Y}"


class AgencyDayRate(models.Model):
    """What a day of an agency social worker at this level costs in a region:
    the comparison that shows what lending staff saved. Set by coordinators."""

    region = models.CharField(max_length=60)
    job_level = models.PositiveSmallIntegerField(choices=JobLevel.choices)
    day_rate = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(MAX_AGENCY_DAY_RATE)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region", "job_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "job_level"], name="one_agency_rate_per_level"
            ),
            models.CheckConstraint(
                condition=Q(day_rate__gte=1, day_rate__lte=MAX_AGENCY_DAY_RATE),
                name="agency_day_rate_1_to_2000",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_job_level_display()} in {self.region}: £{self.day_rate:,.2f} a day"


class StatementStatus(models.TextChoices):
    # A draft is never stored: it is worked out afresh from signed-off weeks.
    ISSUED = "issued", "Issued"
    PAID = "paid", "Paid"
    QUERIED = "queried", "Queried (replaced by a later version)"


# The statuses a pair and month may hold only one of: issuing twice makes one.
CURRENT_STATEMENT_STATES = (StatementStatus.ISSUED, StatementStatus.PAID)


class RechargeStatement(models.Model):
    """One month's charges from the borough that lent staff to the one that hosted them.

    Under both charging funding models (salary recharge and agreed day rate)
    the host pays the home borough, so the home borough issues the statement;
    home-funded placements appear on it at no charge. Issued statements are
    frozen with their lines; a query keeps the old version and reopens the
    month as a draft, issued next as a new version with a new reference.
    """

    issuer = models.ForeignKey("boroughs.Borough", on_delete=models.PROTECT, related_name="+")
    billed = models.ForeignKey("boroughs.Borough", on_delete=models.PROTECT, related_name="+")
    # The first day of the month.
    month = models.DateField()
    version = models.PositiveSmallIntegerField(default=1)
    reference = models.CharField(max_length=60, unique=True)
    status = models.CharField(
        max_length=10, choices=StatementStatus.choices, default=StatementStatus.ISSUED
    )
    total = models.DecimalField(max_digits=10, decimal_places=2)
    agency_total = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    # Weeks of the month not signed off when issued (listed, never counted),
    # and that the issuer confirmed issuing without them.
    unsigned_weeks = models.PositiveSmallIntegerField(default=0)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    query_reason = models.CharField(max_length=1000, blank=True)
    queried_at = models.DateTimeField(null=True, blank=True)
    queried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-month", "issuer__name", "billed__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "billed", "month", "version"], name="one_statement_version"
            ),
            models.UniqueConstraint(
                fields=["issuer", "billed", "month"],
                condition=Q(status__in=CURRENT_STATEMENT_STATES),
                name="one_current_statement_per_pair_and_month",
            ),
            models.CheckConstraint(
                condition=~Q(issuer=F("billed")), name="statement_between_boroughs"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0, agency_total__gte=0), name="statement_totals_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.issuer} to {self.billed}, {self.month:%B %Y}"


class StatementLine(models.Model):
    """One placement on an issued statement, frozen as it was issued."""

    statement = models.ForeignKey(RechargeStatement, on_delete=models.CASCADE, related_name="lines")
    placement = models.ForeignKey(
        "secondments.Placement", on_delete=models.PROTECT, related_name="+"
    )
    worker_name = models.CharField(max_length=300)
    funding_model = models.CharField(max_length=20)
    days = models.DecimalField(max_digits=5, decimal_places=1)
    # Empty: no charge (home-funded, or no recharge salary was set at approval).
    rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    agency_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    agency_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=0, amount__gte=0), name="statement_line_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker_name}: {self.days} days, £{self.amount:,.2f}"
