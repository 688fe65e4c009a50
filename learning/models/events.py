"""Learning events: training sessions, team discussions and shadowing days a
borough opens to other boroughs, and the bookings (with a waiting list) on them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import JobLevel

__all__ = [
    "ACTIVE_BOOKING_STATES",
    "MAX_CAPACITY",
    "Booking",
    "BookingStatus",
    "EventKind",
    "EventStatus",
    "LearningEvent",
]

MAX_CAPACITY = 500
HTTPS_ONLY = URLValidator(schemes=["https"], message="Enter an online link that starts https://")


class EventKind(models.TextChoices):
    TRAINING = "training", "Training session"
    DISCUSSION = "discussion", "Team discussion"
    SHADOWING = "shadowing", "Shadowing day"


class EventStatus(models.TextChoices):
    OPEN = "open", "Open"
    CANCELLED = "cancelled", "Cancelled"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    PENDING_HOME_AGREEMENT = "pending_home", "Waiting for your manager to agree"
    CANCELLED = "cancelled", "Cancelled"


# A booking that holds (or waits for) a place; at most one per person per event.
ACTIVE_BOOKING_STATES = (
    BookingStatus.BOOKED,
    BookingStatus.WAITING,
    BookingStatus.PENDING_HOME_AGREEMENT,
)
# A place is taken by a booking, and held for one waiting for a home manager.
HOLDING_PLACE = (BookingStatus.BOOKED, BookingStatus.PENDING_HOME_AGREEMENT)


class LearningEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LearningEventQuerySet":
        """Open events are for every signed-in user; a cancelled one only for the
        host's managers, the coordinators of its region and those who had booked it."""
        if user.is_coordinator and user.coordinated_regions is None:
            return self
        mine = Q(bookings__person_id=user.pk)
        if user.is_manager:
            mine |= Q(borough_id=user.borough_id)
        if user.is_coordinator:
            mine |= user.coordinator_scope("borough")
        cancelled = self.filter(status=EventStatus.CANCELLED).filter(mine).values("pk")
        return self.filter(Q(status=EventStatus.OPEN) | Q(pk__in=cancelled))

    def upcoming(self) -> "LearningEventQuerySet":
        return self.filter(status=EventStatus.OPEN, starts_at__gt=timezone.now())

    def with_places_taken(self) -> "LearningEventQuerySet":
        return self.annotate(
            places_taken=Count("bookings", filter=Q(bookings__status__in=HOLDING_PLACE)),
            waiting_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
        )

    def suiting(self, *, job_level: int | None, specialism_ids) -> "LearningEventQuerySet":
        """Events for this level (or for every level) that share a specialism
        with the person (or name none)."""
        events = self
        if job_level:
            events = events.filter(Q(job_levels="") | Q(job_levels__contains=str(job_level)))
        specialism_ids = list(specialism_ids)
        return events.filter(
            Q(specialisms__isnull=True) | Q(specialisms__in=specialism_ids)
        ).distinct()


class LearningEvent(models.Model):
    borough = models.ForeignKey(
        "boroughs.Borough",
        verbose_name="host borough",
        on_delete=models.PROTECT,
        related_name="learning_events",
    )
    kind = models.CharField("type of event", max_length=12, choices=EventKind.choices)
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=3000)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField("address", max_length=300, blank=True)
    online_link = models.URLField(max_length=300, blank=True, validators=[HTTPS_ONLY])
    capacity = models.PositiveSmallIntegerField(
        "places",
        validators=[
            MinValueValidator(1, "An event needs at least 1 place"),
            MaxValueValidator(MAX_CAPACITY, f"An event can have at most {MAX_CAPACITY} places"),
        ],
    )
    # The job levels it suits, as a comma list of JobLevel values ("1,2");
    # empty for every level. Each value is one digit, so "contains" finds it.
    job_levels = models.CharField(max_length=20, blank=True)
    specialisms = models.ManyToManyField("accounts.Specialism", blank=True, related_name="+")
    home_manager_must_agree = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LearningEventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="learning_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY),
                name="learning_event_capacity_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_link=""),
                name="learning_event_has_place_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start"
        if not self.place and not self.online_link:
            errors["place"] = "Enter an address or an online link"
        if errors:
            raise ValidationError(errors)

    @property
    def level_values(self) -> list[int]:
        return [int(value) for value in self.job_levels.split(",") if value]

    @property
    def level_labels(self) -> list[str]:
        return [JobLevel(value).label for value in self.level_values]

    @property
    def location(self) -> str:
        return self.place or self.online_link

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.status == EventStatus.OPEN

    def can_be_changed_by(self, user) -> bool:
        return user.coordinates(self.borough) or user.manages(self.borough)

    def places_left(self) -> int:
        """With `with_places_taken()`; never below nothing."""
        return max(self.capacity - self.places_taken, 0)


class Booking(models.Model):
    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_bookings"
    )
    status = models.CharField(max_length=12, choices=BookingStatus.choices)
    # The waiting list's order: bookings are numbered as they are made.
    position = models.PositiveIntegerField()
    attended = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(status__in=[s.value for s in ACTIVE_BOOKING_STATES]),
                name="one_active_booking_per_person_per_event",
            ),
            models.UniqueConstraint(
                fields=["event", "position"], name="one_booking_per_position_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("event_detail", args=[self.event_id])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING_STATES
