"""Help requests, the applications that answer them, and the placements agreed.

The workflow (DESIGN.md):

    HelpRequest: draft -> open -> filled | closed | cancelled | expired
    Application: invited -> interested -> selected -> released -> approved
                 (any non-final) -> declined | refused | rejected | withdrawn | lapsed
    Placement:   confirmed -> active -> completed | cancelled

Transitions are functions in secondments/services.py; the rules about one
record are here.
"""

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
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Cast
from django.urls import reverse

from accounts.models import JobLevel, RegistrationStatus, WorkerProfile
from boroughs.models import FundingModel
from config.constraints import DateRange, PostgresExclusionConstraint

MAX_PERIOD = datetime.timedelta(days=183)  # "short-term": at most six months


class Purpose(models.TextChoices):
    CRISIS_COVER = "crisis_cover", "Crisis cover"
    BACKLOG = "backlog", "Clearing a backlog"
    PRACTICE_EXCHANGE = "practice_exchange", "Practice exchange or outside view"
    PEER_REVIEW = "peer_review", "Peer review"
    SHADOWING = "shadowing", "Shadowing and joint training"


class WorkingPattern(models.TextChoices):
    ON_SITE = "on_site", "On site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"
    CRISIS = "crisis", "Crisis"


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
        shown as "1 of 2 places filled"."""
        return self.annotate(
            places_filled=Count("placements", filter=Q(placements__status__in=HOLDING_STATES))
        )


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
        validators=[MinValueValidator(Decimal("0.01"))],
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
        indexes = [models.Index(fields=["status", "starts_on"])]
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
        if errors:
            raise ValidationError(errors)


class ApplicationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    INTERESTED = "interested", "Offered to help"
    SELECTED = "selected", "Selected by host"
    RELEASED = "released", "Released by home borough"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined by host"
    REFUSED = "refused", "Release refused"
    REJECTED = "rejected", "Rejected by coordinator"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed"


ACTIVE_APPLICATION_STATES = (
    ApplicationStatus.INVITED,
    ApplicationStatus.INTERESTED,
    ApplicationStatus.SELECTED,
    ApplicationStatus.RELEASED,
)

NEXT_STEP = {
    ApplicationStatus.INVITED: "The social worker needs to accept the invitation or withdraw",
    ApplicationStatus.INTERESTED: "The host borough's manager needs to select or decline",
    ApplicationStatus.SELECTED: "The worker's home manager needs to release them or refuse",
    ApplicationStatus.RELEASED: "A coordinator needs to approve or reject the placement",
    ApplicationStatus.APPROVED: "Nothing: the placement is agreed",
}


class ApplicationQuerySet(models.QuerySet):
    def active(self) -> "ApplicationQuerySet":
        return self.filter(status__in=ACTIVE_APPLICATION_STATES)

    def awaiting_release_by(self, user) -> "ApplicationQuerySet":
        """Selected applications from the manager's own staff."""
        return self.filter(status=ApplicationStatus.SELECTED, worker__borough_id=user.borough_id)

    def awaiting_approval(self) -> "ApplicationQuerySet":
        return self.filter(status=ApplicationStatus.RELEASED)

    def awaiting_release(self) -> "ApplicationQuerySet":
        """Selected applications from every borough: what a coordinator may escalate."""
        return self.filter(status=ApplicationStatus.SELECTED)

    def newest_first(self) -> "ApplicationQuerySet":
        return self.order_by("-created_at", "-pk")

    def longest_waiting_first(self) -> "ApplicationQuerySet":
        return self.order_by("updated_at", "pk")

    def with_overlap_warning(self) -> "ApplicationQuerySet":
        """Annotate `overlaps_placement`: the worker already has a booked placement
        on some of the request's dates, so approving would be refused."""
        clashes = (
            Placement.objects.booked()
            .filter(
                worker=OuterRef("worker"),
                starts_on__lte=OuterRef("help_request__ends_on"),
                ends_on__gte=OuterRef("help_request__starts_on"),
            )
            .exclude(application=OuterRef("pk"))
        )
        return self.annotate(overlaps_placement=Exists(clashes))


class Application(models.Model):
    """A worker's offer of help with a request, or the host's invitation to one."""

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="applications"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    note = models.TextField("note to the host manager", blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_reason = models.TextField(blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    # Set when a release has waited too long and a coordinator may decide
    # instead of the home manager (anti-hoarding).
    release_escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["help_request", "worker"], name="one_application_per_worker_per_request"
            )
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.worker} for {self.help_request}"

    def get_absolute_url(self) -> str:
        return reverse("application_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_APPLICATION_STATES

    @property
    def next_step(self) -> str:
        return NEXT_STEP.get(self.status, "Nothing: this application has ended")

    @property
    def worker_registration(self) -> RegistrationStatus:
        """The worker's registration, judged against the request's last day.

        Reads the profile already loaded (select_related "worker__worker_profile"
        on lists); a worker without a profile counts as having no registration.
        """
        profile = getattr(self.worker, "worker_profile", None) or WorkerProfile(
            user_id=self.worker_id
        )
        return profile.registration_status(through=self.help_request.ends_on)

    def can_be_released_by(self, user) -> bool:
        """The worker's home managers decide; a coordinator only once escalated."""
        if user.is_manager and user.borough_id == self.worker.borough_id:
            return True
        return user.is_coordinator and self.release_escalated_at is not None


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


class PlacementQuerySet(models.QuerySet):
    def booked(self) -> "PlacementQuerySet":
        return self.filter(status__in=BOOKED_STATES)

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date) -> "PlacementQuerySet":
        return self.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)

    def visible_to(self, user) -> "PlacementQuerySet":
        if user.is_coordinator:
            return self
        if user.is_manager:
            return self.filter(Q(host_id=user.borough_id) | Q(home_id=user.borough_id))
        return self.filter(worker=user)

    def hosted_by(self, borough) -> "PlacementQuerySet":
        return self.filter(host=borough)

    def lent_by(self, borough) -> "PlacementQuerySet":
        """Placements of this borough's own staff in other boroughs."""
        return self.filter(home=borough)

    def latest_first(self) -> "PlacementQuerySet":
        return self.order_by("-starts_on", "-pk")


class Placement(models.Model):
    """An agreed secondment: created atomically when a coordinator approves."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="placement"
    )
    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.PROTECT, related_name="placements"
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

    def can_be_cancelled_by(self, user) -> bool:
        return user.is_coordinator or (
            user.is_manager and user.borough_id in (self.host_id, self.home_id)
        )
