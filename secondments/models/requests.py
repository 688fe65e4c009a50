"""Help requests: what a borough asks for, and the reads across many of them."""

import datetime
import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse

from accounts.models import JobLevel
from boroughs.models import FundingModel
from secondments.models.applications import Application, ApplicationStatus
from secondments.models.placements import HOLDING_STATES, Placement
from secondments.models.working import WorkingPattern

MAX_PERIOD = datetime.timedelta(days=183)  # "short-term": at most six months


class Purpose(models.TextChoices):
    CRISIS_COVER = "crisis_cover", "Crisis cover"
    BACKLOG = "backlog", "Clearing a backlog"
    PRACTICE_EXCHANGE = "practice_exchange", "Practice exchange or outside view"
    PEER_REVIEW = "peer_review", "Peer review"
    SHADOWING = "shadowing", "Shadowing and joint training"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"
    CRISIS = "crisis", "Crisis"


class SupervisionFrequency(models.TextChoices):
    """How often a newly qualified worker on the request is supervised. `days` is
    how long after the last session (or the placement's start) the next is due."""

    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"

    @property
    def days(self) -> int:
        return {"weekly": 7, "fortnightly": 14, "monthly": 30}[self.value]


# "No more than N cases" for a newly qualified worker on the request.
MAX_PROTECTED_CASELOAD = 30


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"


class HelpRequestQuerySet(models.QuerySet):
    def open(self) -> "HelpRequestQuerySet":
        return self.filter(status=RequestStatus.OPEN)

    def visible_to(self, user) -> "HelpRequestQuerySet":
        """Open and finished requests are public to signed-in users; drafts are the host's."""
        if user.is_coordinator:
            return self
        public = ~Q(status=RequestStatus.DRAFT)
        if user.is_manager:
            return self.filter(public | Q(borough_id=user.borough_id))
        return self.filter(public)

    def in_borough(self, borough) -> "HelpRequestQuerySet":
        return self.filter(borough=borough)

    def near_borough(self, borough) -> "HelpRequestQuerySet":
        """Requests hosted by the boroughs that share a border with this one."""
        return self.filter(borough__neighbours=borough)

    def with_specialism(self, specialism) -> "HelpRequestQuerySet":
        return self.filter(specialisms=specialism)

    def overlapping(self, periods: models.QuerySet) -> "HelpRequestQuerySet":
        """Requests whose dates overlap any of these periods (rows with starts_on and ends_on).

        Taking a QuerySet keeps this to one subquery, however many periods there are.
        """
        return self.filter(
            Exists(
                periods.filter(
                    starts_on__lte=OuterRef("ends_on"), ends_on__gte=OuterRef("starts_on")
                )
            )
        )

    def search(self, text: str) -> "HelpRequestQuerySet":
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(location__icontains=text)
            | Q(borough__name__icontains=text)
        )

    def soonest_first(self) -> "HelpRequestQuerySet":
        return self.order_by("starts_on", "pk")

    def newest_first(self) -> "HelpRequestQuerySet":
        return self.order_by(F("published_at").desc(nulls_last=True), "-pk")

    def nearest_to(self, borough) -> "HelpRequestQuerySet":
        """Nearest host borough centroid first; boroughs with no centroid last.

        Orders by squared degrees, with longitude scaled by cos(latitude) so a
        degree east counts for what it is at English latitudes: the same order
        as great-circle distance over these short ranges, and cheap in the database.
        """
        if borough is None or borough.latitude is None or borough.longitude is None:
            distance = Value(None, output_field=FloatField())
        else:
            latitude = float(borough.latitude)
            north = Cast("borough__latitude", FloatField()) - Value(latitude)
            east = (
                Cast("borough__longitude", FloatField()) - Value(float(borough.longitude))
            ) * Value(math.cos(math.radians(latitude)))
            distance = ExpressionWrapper(north * north + east * east, output_field=FloatField())
        return self.annotate(distance_squared=distance).order_by(
            F("distance_squared").asc(nulls_last=True), "starts_on", "pk"
        )

    def with_fill_status(self) -> "HelpRequestQuerySet":
        """Annotate `places_filled` (confirmed, active or completed placements),
        shown as "1 of 2 places filled".

        A correlated subquery, not a join and GROUP BY: ordered and sliced (a
        page of results), PostgreSQL counts for the rows shown only, after the
        LIMIT, rather than for every matching request before it sorts.
        """
        filled = (
            Placement.objects.filter(help_request=OuterRef("pk"), status__in=HOLDING_STATES)
            .order_by()
            .values("help_request")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            places_filled=Coalesce(Subquery(filled, output_field=IntegerField()), Value(0))
        )

    def with_application_status_of(self, worker) -> "HelpRequestQuerySet":
        """Annotate `my_application_status`: the status of the worker's own
        application to each request (invited, interested...), or None.

        A worker has at most one application per request (a unique constraint).
        """
        own = Application.objects.filter(help_request=OuterRef("pk"), worker=worker)
        return self.annotate(my_application_status=Subquery(own.values("status")[:1]))

    def with_waiting_counts(self) -> "HelpRequestQuerySet":
        """Annotate the applicants waiting: `interested_count` for the host to
        decide, `selected_count` for their home borough to release, and
        `released_count` for a coordinator to approve."""

        def waiting(status: str) -> Count:
            return Count("applications", filter=Q(applications__status=status), distinct=True)

        return self.annotate(
            interested_count=waiting(ApplicationStatus.INTERESTED),
            selected_count=waiting(ApplicationStatus.SELECTED),
            released_count=waiting(ApplicationStatus.RELEASED),
        )

    def titled(self, text: str) -> "HelpRequestQuerySet":
        """Requests whose title contains the text, in any case."""
        text = text.strip()
        return self.filter(title__icontains=text) if text else self

    def latest_created_first(self) -> "HelpRequestQuerySet":
        """Newest first by when it was written: unlike newest_first, drafts have a place."""
        return self.order_by("-created_at", "-pk")

    def most_waiting_first(self) -> "HelpRequestQuerySet":
        """Most offers for the host to review first, then most in the pipeline.

        Needs with_waiting_counts()."""
        return self.order_by(
            F("interested_count").desc(),
            (F("selected_count") + F("released_count")).desc(),
            "starts_on",
            "pk",
        )

    def count_by_status(self) -> dict[str, int]:
        """How many of these requests are in each status, in one query."""
        rows = self.order_by().values_list("status").annotate(n=Count("pk"))
        return dict(rows)


class HelpRequest(models.Model):
    borough = models.ForeignKey(
        "boroughs.Borough", on_delete=models.PROTECT, related_name="help_requests"
    )
    team = models.ForeignKey(
        "boroughs.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=150)
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    job_level = models.PositiveSmallIntegerField(choices=JobLevel.choices)
    specialisms = models.ManyToManyField("accounts.Specialism", blank=True, related_name="+")
    min_years_qualified = models.PositiveSmallIntegerField(default=0)
    newly_qualified_suitable = models.BooleanField(default=False)
    supervisor_name = models.CharField(max_length=150, blank=True)
    # For a newly qualified worker: no more than this many cases, and how often
    # the supervisor meets them (both required when newly_qualified_suitable).
    protected_caseload = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message="The protected caseload must be at least 1 case"),
            MaxValueValidator(
                MAX_PROTECTED_CASELOAD,
                message=f"The protected caseload must be {MAX_PROTECTED_CASELOAD} cases or fewer",
            ),
        ],
    )
    supervision_frequency = models.CharField(
        max_length=12, choices=SupervisionFrequency.choices, blank=True
    )
    places = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    starts_on = models.DateField()
    ends_on = models.DateField()
    days_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    working_pattern = models.CharField(max_length=10, choices=WorkingPattern.choices)
    location = models.CharField("office location", max_length=200, blank=True)
    funding_model = models.CharField(max_length=20, choices=FundingModel.choices)
    day_rate = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.01"), message="The day rate must be more than £0"),
            # The same ceiling the placement's database check holds.
            MaxValueValidator(Decimal("2000"), message="The day rate must be £2,000 or less"),
        ],
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    description = models.TextField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    status_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The one-time token of the "Ask for help" form that made this request:
    # the same form posted again (a double click, a retry) finds this request
    # instead of making another.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_on"]),
            # The browse page lists open requests only, soonest or newest first,
            # a page at a time: each order walks its own index of open requests.
            models.Index(
                fields=["starts_on", "id"],
                condition=Q(status=RequestStatus.OPEN),
                name="request_open_soonest_idx",
            ),
            models.Index(
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                condition=Q(status=RequestStatus.OPEN),
                name="request_open_newest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="request_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="request_places_at_least_1"),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1) & Q(days_per_week__lte=5),
                name="request_days_per_week_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(funding_model=FundingModel.DAY_RATE) | Q(day_rate__isnull=False),
                name="request_day_rate_needs_amount",
            ),
            models.CheckConstraint(
                condition=Q(newly_qualified_suitable=False) | ~Q(supervisor_name=""),
                name="request_newly_qualified_needs_supervisor",
            ),
            models.CheckConstraint(
                condition=Q(newly_qualified_suitable=False)
                | (
                    Q(protected_caseload__gte=1)
                    & Q(protected_caseload__lte=MAX_PROTECTED_CASELOAD)
                    & ~Q(supervision_frequency="")
                ),
                name="request_newly_qualified_needs_caseload_and_frequency",
            ),
            models.UniqueConstraint(
                fields=["created_by", "submission_token"], name="one_request_per_form_submission"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    @property
    def is_final(self) -> bool:
        return self.status in (
            RequestStatus.FILLED,
            RequestStatus.CLOSED,
            RequestStatus.CANCELLED,
            RequestStatus.EXPIRED,
        )

    def overlaps(self, starts_on: datetime.date, ends_on: datetime.date) -> bool:
        return self.starts_on <= ends_on and starts_on <= self.ends_on

    def can_be_changed_by(self, user) -> bool:
        """Only the host borough's managers write, edit, publish or close a request."""
        return user.manages(self.borough)

    def can_be_cancelled_by(self, user) -> bool:
        return self.can_be_changed_by(user) or user.is_coordinator

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on:
            if self.ends_on <= self.starts_on:
                errors["ends_on"] = "End date must be after the start date"
            elif self.ends_on - self.starts_on > MAX_PERIOD:
                errors["ends_on"] = (
                    "A secondment can last at most 6 months: choose an earlier end date"
                )
        if self.funding_model == FundingModel.DAY_RATE and not self.day_rate:
            errors["day_rate"] = "Enter the agreed day rate"
        if self.funding_model != FundingModel.DAY_RATE:
            self.day_rate = None
        if self.newly_qualified_suitable and not self.supervisor_name.strip():
            errors["supervisor_name"] = (
                "Enter the name of the person who will supervise a newly qualified social worker"
            )
        if not self.newly_qualified_suitable:
            self.protected_caseload, self.supervision_frequency = None, ""
        if self.newly_qualified_suitable and self.protected_caseload is None:
            errors["protected_caseload"] = (
                "Enter the most cases a newly qualified social worker will hold"
            )
        if self.newly_qualified_suitable and not self.supervision_frequency:
            errors["supervision_frequency"] = (
                "Select how often a newly qualified social worker will be supervised"
            )
        if errors:
            raise ValidationError(errors)
