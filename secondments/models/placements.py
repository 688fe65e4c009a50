"""Placements: the secondments agreed, and the states that book a worker's time."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse

from config.constraints import DateRange, PostgresExclusionConstraint


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
