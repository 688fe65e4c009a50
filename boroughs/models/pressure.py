"""Monthly pressure reports (a borough's own) and DfE's published workforce figures."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from boroughs.models.authorities import GSS_CODE_VALIDATOR, Borough, BoroughKind

# Bounds on a monthly pressure report: beyond these a figure is a typing slip.
MAX_AVERAGE_CASELOAD = Decimal("60")
MAX_MONTHLY_COUNT = 100_000


class PressureReportQuerySet(models.QuerySet):
    def latest_per_borough(self) -> "PressureReportQuerySet":
        return self.order_by("borough_id", "-month").distinct("borough_id")


class PressureReport(models.Model):
    """A borough's self-reported workforce pressure for one month."""

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="pressure_reports")
    month = models.DateField(help_text="The first day of the month reported on")
    vacancy_rate = models.DecimalField(
        "vacancy rate (%)",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    agency_rate = models.DecimalField(
        "agency worker rate (%)",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    average_caseload = models.DecimalField(
        "average caseload per worker",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AVERAGE_CASELOAD)],
    )
    assessment_backlog = models.PositiveIntegerField(
        "assessments overdue", validators=[MaxValueValidator(MAX_MONTHLY_COUNT)]
    )
    referrals = models.PositiveIntegerField(
        "referrals in the month",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MONTHLY_COUNT)],
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PressureReportQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "borough__name"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "month"], name="one_report_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_starts_on_day_1"),
            models.CheckConstraint(
                condition=Q(vacancy_rate__gte=0, vacancy_rate__lte=100)
                & Q(agency_rate__gte=0, agency_rate__lte=100),
                name="pressure_rates_are_percentages",
            ),
            models.CheckConstraint(
                condition=Q(average_caseload__gte=0, average_caseload__lte=MAX_AVERAGE_CASELOAD),
                name="pressure_caseload_in_range",
            ),
            models.CheckConstraint(
                condition=Q(assessment_backlog__lte=MAX_MONTHLY_COUNT)
                & (Q(referrals__isnull=True) | Q(referrals__lte=MAX_MONTHLY_COUNT)),
                name="pressure_counts_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.borough} {self.month:%B %Y}"

    @property
    def closes_on(self) -> datetime.date:
        return report_closes_on(self.month)

    def is_open(self, today: datetime.date) -> bool:
        return today <= self.closes_on


def _add_months(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def report_closes_on(month: datetime.date) -> datetime.date:
    """A month's report can be made or changed until the end of the month after
    it: late figures (agency invoices, leavers) come in during that month."""
    return _add_months(month, 2) - datetime.timedelta(days=1)


def open_report_months(today: datetime.date) -> list[datetime.date]:
    """The months a report can still be made for, latest first: this month and last."""
    this_month = today.replace(day=1)
    return [this_month, _add_months(this_month, -1)]


class WorkforceFigure(models.Model):
    """DfE's published children's social work workforce figures for one
    authority and one reporting year (the position at 30 September).

    Keyed on the ONS code rather than a Borough: the league table covers all
    153 authorities whether or not they have joined the exchange. A blank
    measure was suppressed or not published; `notes` keeps DfE's reason."""

    gss_code = models.CharField("ONS code", max_length=9, validators=[GSS_CODE_VALIDATOR])
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=60)
    kind = models.CharField(max_length=30, choices=BoroughKind.choices)
    year = models.PositiveSmallIntegerField()
    fte = models.DecimalField("social workers (FTE)", max_digits=7, decimal_places=1, null=True)
    vacancy_rate = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    agency_rate = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    turnover_rate = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    caseload_per_fte = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    # "940 / 941" where DfE reports two authorities as one service.
    dfe_la_code = models.CharField("DfE LA number", max_length=12)
    dfe_la_name = models.CharField(max_length=150)
    combined_reporting = models.BooleanField(default=False)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "year"]
        constraints = [
            models.UniqueConstraint(fields=["gss_code", "year"], name="one_figure_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="workforce_year_in_range"
            ),
        ]
        indexes = [models.Index(fields=["year", "gss_code"])]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"
