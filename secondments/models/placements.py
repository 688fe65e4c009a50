"""Placements: the secondments agreed, and the states that book a worker's time."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone

from accounts.input_limits import LONG_TEXT_MAX
from accounts.phone_numbers import spaced
from boroughs.models import WORKING_DAYS_A_YEAR, FundingModel
from config.constraints import DateRange, PostgresExclusionConstraint
from secondments.models.working import Weekday, WorkingPattern


class FundingSource(models.TextChoices):
    AGREEMENT = "agreement", "The agreement between the boroughs"
    REQUEST = "request", "The help request"


# A day rate above this is a typing slip, not a council's terms.
MAX_DAY_RATE = 2000


class PlacementStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# The placements that take a worker's time, and fill a request's places.
HOLDING_STATES = (
    PlacementStatus.CONFIRMED,
    PlacementStatus.ACTIVE,
    PlacementStatus.COMPLETED,
)
BOOKED_STATES = (PlacementStatus.CONFIRMED, PlacementStatus.ACTIVE)


# What the host tells the worker before day one (issue 8, "the placement page").
FIRST_DAY_FIELDS = (
    "report_to_address",
    "host_contact_name",
    "host_contact_phone",
    "first_day_starts_at",
    "working_pattern",
    "working_days",
    "induction_notes",
    "supervision_arrangement",
)


class PlacementQuerySet(models.QuerySet):
    def booked(self) -> "PlacementQuerySet":
        return self.filter(status__in=BOOKED_STATES)

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date) -> "PlacementQuerySet":
        return self.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)

    def visible_to(self, user) -> "PlacementQuerySet":
        if user.is_coordinator:
            return self.filter(user.coordinator_scope("host", "home"))
        if user.is_manager:
            return self.filter(Q(host_id=user.borough_id) | Q(home_id=user.borough_id))
        return self.filter(worker=user)

    def hosted_by(self, borough) -> "PlacementQuerySet":
        return self.filter(host=borough)

    def lent_by(self, borough) -> "PlacementQuerySet":
        """Placements of this borough's own staff in other boroughs."""
        return self.filter(home=borough)

    def starting_or_ending_between(
        self, first: datetime.date, last: datetime.date
    ) -> "PlacementQuerySet":
        """Placements that start or end from `first` to `last`, annotated with that
        date (`changes_on`: the start if it is still to come, else the end), soonest first."""
        return (
            self.filter(Q(starts_on__range=(first, last)) | Q(ends_on__range=(first, last)))
            .annotate(
                changes_on=Case(
                    When(starts_on__gte=first, then=F("starts_on")), default=F("ends_on")
                )
            )
            .order_by("changes_on", "pk")
        )

    def latest_first(self) -> "PlacementQuerySet":
        return self.order_by("-starts_on", "-pk")


class Placement(models.Model):
    """An agreed secondment: created atomically when a coordinator approves."""

    application = models.OneToOneField(
        "Application", on_delete=models.PROTECT, related_name="placement"
    )
    help_request = models.ForeignKey(
        "HelpRequest", on_delete=models.PROTECT, related_name="placements"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="placements"
    )
    host = models.ForeignKey("boroughs.Borough", on_delete=models.PROTECT, related_name="+")
    home = models.ForeignKey("boroughs.Borough", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    days_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    status = models.CharField(
        max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.CONFIRMED
    )
    status_reason = models.TextField(blank=True)
    # The terms in force when the coordinator approved, copied then so that a
    # later change to the help request or the boroughs' agreement never
    # rewrites what was agreed.
    funding_model = models.CharField(max_length=20, choices=FundingModel.choices)
    day_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    funding_source = models.CharField(max_length=10, choices=FundingSource.choices)
    # For a salary recharge: the home borough's recharge salary for the
    # worker's job level at approval, and boroughs.models.daily_recharge of
    # it. All three empty when none was set (or the funding is not a recharge).
    recharge_annual_salary = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True
    )
    recharge_on_cost_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    daily_recharge = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    # First-day details, given by the host borough once the placement is agreed;
    # empty until then. Bounded here as well as in the form, so the service
    # refuses an essay however it is called.
    report_to_address = models.CharField("where to report", max_length=500, blank=True)
    host_contact_name = models.CharField(max_length=150, blank=True)
    # Digits from 0, as accounts.phone_numbers.normalise_uk_phone leaves them.
    host_contact_phone = models.CharField(max_length=15, blank=True)
    first_day_starts_at = models.TimeField("start time on day one", null=True, blank=True)
    # Blank: as the help request said.
    working_pattern = models.CharField(max_length=10, choices=WorkingPattern.choices, blank=True)
    # Weekday codes in week order, space-separated ("mon wed thu"): one column
    # that SQLite (the demo) and PostgreSQL both hold.
    working_days = models.CharField(max_length=20, blank=True)
    induction_notes = models.CharField(max_length=LONG_TEXT_MAX, blank=True)
    supervision_arrangement = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="placement_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(host=F("home")), name="placement_between_boroughs"),
            models.CheckConstraint(
                condition=~Q(funding_model=FundingModel.DAY_RATE) | Q(day_rate__isnull=False),
                name="placement_day_rate_needs_amount",
            ),
            models.CheckConstraint(
                condition=Q(day_rate__isnull=True) | Q(day_rate__gte=0, day_rate__lte=MAX_DAY_RATE),
                name="placement_day_rate_0_to_2000",
            ),
            models.CheckConstraint(
                condition=Q(
                    recharge_annual_salary__isnull=True,
                    recharge_on_cost_percent__isnull=True,
                    daily_recharge__isnull=True,
                )
                | Q(
                    funding_model=FundingModel.HOST_RECHARGE,
                    recharge_annual_salary__isnull=False,
                    recharge_on_cost_percent__isnull=False,
                    daily_recharge__isnull=False,
                ),
                name="placement_recharge_complete_and_only_for_recharge",
            ),
            # A worker is never booked twice for the same days, however many
            # coordinators approve at once.
            PostgresExclusionConstraint(
                name="placement_no_double_booking",
                expressions=[("worker", "="), (DateRange("starts_on", "ends_on"), "&&")],
                condition=Q(status__in=BOOKED_STATES),
                violation_error_message="This worker already has a placement on some of these dates",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.worker} in {self.host}, {self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y}"
        )

    def get_absolute_url(self) -> str:
        return reverse("placement_detail", args=[self.pk])

    @property
    def is_booked(self) -> bool:
        return self.status in BOOKED_STATES

    def arrangements_can_be_changed_by(self, user) -> bool:
        """The host borough's managers say how the first day goes; coordinators may help."""
        return user.coordinates(self.host) or user.manages(self.host)

    @property
    def approved_on(self) -> datetime.date:
        return timezone.localdate(self.created_at)

    @property
    def day_rate_shown(self) -> str:
        return "" if self.day_rate is None else f"£{self.day_rate:,.2f} a day"

    @property
    def daily_recharge_shown(self) -> str:
        """The salary recharge as agreed at approval, with its working shown."""
        if self.daily_recharge is None:
            return "No recharge salary set for this job level when approved"
        return (
            f"£{self.daily_recharge:,.2f} a day (annual salary "
            f"£{self.recharge_annual_salary:,.2f} plus {self.recharge_on_cost_percent.normalize():f}% "
            f"on-costs, divided by {WORKING_DAYS_A_YEAR} working days)"
        )

    @property
    def funding_source_shown(self) -> str:
        if self.funding_source == FundingSource.AGREEMENT:
            return (
                f"Terms from the agreement between {self.host} and {self.home}, "
                f"in force on {self.approved_on:%-d %B %Y}"
            )
        return "Terms from the help request"

    @property
    def working_day_codes(self) -> list[str]:
        return self.working_days.split()

    @property
    def working_day_names(self) -> list[str]:
        names = dict(Weekday.choices)
        return [names[code] for code in self.working_day_codes if code in names]

    def working_days_problem(self, codes) -> str:
        """Why these weekday codes cannot be this placement's working days, or ""
        (none chosen is fine: not decided yet)."""
        days = set(codes)
        if days - set(Weekday.values):
            return "Select days from Monday to Friday"
        if days and len(days) != self.days_per_week:
            said = "1 day" if self.days_per_week == 1 else f"{self.days_per_week} days"
            return f"Select {said}, to match the {said} a week agreed"
        return ""

    @property
    def working_pattern_shown(self) -> str:
        """The pattern agreed for this placement, else the one the request asked for."""
        if self.working_pattern:
            return self.get_working_pattern_display()
        return self.help_request.get_working_pattern_display()

    @property
    def host_contact_phone_shown(self) -> str:
        return spaced(self.host_contact_phone)

    @property
    def first_day_start_shown(self) -> str:
        """GOV.UK style: 9am, 9:30am, midday, 1:15pm."""
        at = self.first_day_starts_at
        if at is None:
            return ""
        if at == datetime.time(12, 0):
            return "midday"
        if at == datetime.time(0, 0):
            return "midnight"
        hour = at.hour % 12 or 12
        minutes = f":{at.minute:02d}" if at.minute else ""
        return f"{hour}{minutes}{'am' if at.hour < 12 else 'pm'}"

    def can_be_cancelled_by(self, user) -> bool:
        return user.coordinates(self.host, self.home) or (
            user.is_manager and user.borough_id in (self.host_id, self.home_id)
        )
