import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models.regions import CoordinatorRegion, CoordinatorScope  # noqa: F401
from boroughs.models import JobLevel
from config.constraints import DateRange, PostgresExclusionConstraint

REGISTRATION_NUMBER_VALIDATOR = RegexValidator(
    r"^SW\d{1,10}$",
    "Enter a Social Work England registration number in the correct format, like SW123456",
)
# The public register's own page for one registration number.
SOCIAL_WORK_ENGLAND_REGISTER_URL = (
    "https://www.socialworkengland.org.uk/umbraco/surface/searchregister/socialworker/{number}"
)


class Role(models.TextChoices):
    WORKER = "worker", "Social worker"
    MANAGER = "manager", "Borough manager"
    COORDINATOR = "coordinator", "Coordinator"


class UserQuerySet(models.QuerySet):
    def staff_of(self, borough) -> "UserQuerySet":
        return self.filter(borough=borough).exclude(role=Role.COORDINATOR)

    def workers(self) -> "UserQuerySet":
        return self.filter(role=Role.WORKER)

    def managers(self) -> "UserQuerySet":
        return self.filter(role=Role.MANAGER)

    def coordinators(self) -> "UserQuerySet":
        return self.filter(role=Role.COORDINATOR)

    def coordinating(self, *boroughs) -> "UserQuerySet":
        """The coordinators whose scope takes in any of these authorities: the
        national ones and those of the authorities' regions."""
        regions = sorted({borough.region for borough in boroughs if borough is not None})
        return self.filter(
            Q(coordinates_nationally=True) | Q(coordinator_regions__region__in=regions),
            role=Role.COORDINATOR,
        ).distinct()


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("role", Role.COORDINATOR)
        # The first administrator coordinates all of England (issue 13).
        fields.setdefault("coordinates_nationally", True)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(CoordinatorScope, AbstractUser):
    """A person who signs in with their email address.

    Everyone but a coordinator belongs to exactly one home borough.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.WORKER)
    borough = models.ForeignKey(
        "boroughs.Borough",
        verbose_name="home borough",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    team = models.ForeignKey(
        "boroughs.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    phone_number = models.CharField("mobile number for text messages", max_length=20, blank=True)
    # A coordinator works for all of England or for the regions listed in
    # coordinator_regions (a regional partnership); see coordinated_regions.
    coordinates_nationally = models.BooleanField(
        "coordinates all of England",
        default=False,
        db_default=False,
        help_text="Coordinators only. Otherwise they coordinate the regions listed below.",
    )
    # Set when the person's details were removed (on request or by the
    # retention schedule); their records stay under a placeholder name.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.COORDINATOR) | Q(borough__isnull=False),
                name="user_has_home_borough_unless_coordinator",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_worker(self) -> bool:
        return self.role == Role.WORKER

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def must_use_mfa(self) -> bool:
        """Managers and coordinators see other people's data, and staff run the admin:
        they need a second factor."""
        return self.is_staff or self.is_superuser or self.role in (Role.MANAGER, Role.COORDINATOR)

    def manages(self, borough) -> bool:
        return self.is_manager and borough is not None and self.borough_id == borough.pk


class Specialism(models.Model):
    class Area(models.TextChoices):
        CHILDREN = "children", "Children and families"
        ADULTS = "adults", "Adults"
        BOTH = "both", "Children and adults"

    name = models.CharField(max_length=100, unique=True)
    area = models.CharField(max_length=10, choices=Area.choices)

    class Meta:
        ordering = ["area", "name"]

    def __str__(self) -> str:
        return self.name


class TravelScope(models.TextChoices):
    NEIGHBOURS = "neighbours", "My borough's neighbours"
    # Every authority in the worker's own ONS region (for a London worker, every
    # London borough: what "Any London borough" meant before regions).
    REGION = "region", "Any borough in my region"
    CHOSEN = "chosen", "Boroughs I choose"


class RegistrationStatus(models.TextChoices):
    """Whether a worker's Social Work England registration lets them be placed."""

    VERIFIED = "verified", "Verified"
    NOT_VERIFIED = "not_verified", "Not verified"
    MISSING = "missing", "Missing"
    EXPIRES_EARLY = "expires_early", "Expires too soon"


class WorkerProfileQuerySet(models.QuerySet):
    def awaiting_verification(self) -> "WorkerProfileQuerySet":
        return self.filter(registration_verified=False, registration_number__isnull=False)

    def registration_lapsed(self, today: datetime.date) -> "WorkerProfileQuerySet":
        return self.filter(registration_verified=True, registration_expires_on__lt=today)


class WorkerProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="worker_profile")
    registration_number = models.CharField(
        "Social Work England registration number",
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[REGISTRATION_NUMBER_VALIDATOR],
        error_messages={"unique": "Another profile already uses this registration number"},
    )
    registration_expires_on = models.DateField("registration expiry date", null=True, blank=True)
    registration_verified = models.BooleanField(default=False)
    registration_verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registration_verified_at = models.DateTimeField(null=True, blank=True)
    # A coordinator's latest "cannot verify" and why, in their own words, kept
    # until the worker changes their registration details or it is verified.
    registration_query_reason = models.TextField(blank=True)
    registration_queried_at = models.DateTimeField(null=True, blank=True)
    job_level = models.PositiveSmallIntegerField(choices=JobLevel.choices, null=True, blank=True)
    qualified_on = models.DateField("qualified since", null=True, blank=True)
    specialisms = models.ManyToManyField(Specialism, blank=True, related_name="workers")
    languages = models.CharField("languages other than English", max_length=200, blank=True)
    travel_scope = models.CharField(
        max_length=20, choices=TravelScope.choices, default=TravelScope.NEIGHBOURS
    )
    willing_boroughs = models.ManyToManyField(
        "boroughs.Borough", blank=True, related_name="willing_workers"
    )
    line_manager = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="line_reports"
    )
    open_to_matching = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkerProfileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_verified=False)
                | Q(registration_verified_at__isnull=False),
                name="verified_registration_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("profile")

    @property
    def registration_in_date(self) -> bool:
        return (
            self.registration_expires_on is not None
            and self.registration_expires_on >= timezone.localdate()
        )

    @property
    def registration_expired(self) -> bool:
        expires_on = self.registration_expires_on
        return expires_on is not None and expires_on < timezone.localdate()

    @property
    def registration_expires_soon(self) -> bool:
        """In date today but not for the coordinators' warning period."""
        expires_on = self.registration_expires_on
        today = timezone.localdate()
        warn_until = today + datetime.timedelta(days=settings.REGISTRATION_EXPIRY_WARNING_DAYS)
        return expires_on is not None and today <= expires_on <= warn_until

    @property
    def register_url(self) -> str:
        """The worker's entry on the public Social Work England register."""
        if not self.registration_number:
            return ""
        return SOCIAL_WORK_ENGLAND_REGISTER_URL.format(number=quote(self.registration_number))

    def registration_status(self, *, through: datetime.date) -> RegistrationStatus:
        """Whether the registration is there, checked by a coordinator and in date
        up to and including `through` (a placement's last day)."""
        if not self.registration_number:
            return RegistrationStatus.MISSING
        if not self.registration_verified:
            return RegistrationStatus.NOT_VERIFIED
        if self.registration_expires_on is None or self.registration_expires_on < through:
            return RegistrationStatus.EXPIRES_EARLY
        return RegistrationStatus.VERIFIED

    def registration_problem(
        self, *, through: datetime.date, name: str | None = None
    ) -> str | None:
        """Why this worker cannot be placed until `through`, or None if they can.

        Only people registered with Social Work England may practise as social
        workers in England, so nobody is placed on a registration that is
        missing, unchecked or lapses before the placement ends. Worded for
        the worker themself, or, given their `name`, for whoever else acts.
        """
        status = self.registration_status(through=through)
        if status == RegistrationStatus.VERIFIED:
            return None
        whose, their = ("Your", "your") if name is None else (f"{name}'s", "their")
        # The number itself only to the worker: a host borough sees a worker
        # as a candidate, not their registration details.
        number = f" {self.registration_number}" if name is None else ""
        if status == RegistrationStatus.MISSING:
            who = "You have" if name is None else f"{name} has"
            return f"{who} no Social Work England registration number on {their} profile"
        if status == RegistrationStatus.NOT_VERIFIED:
            return f"{whose} registration{number} has not been verified by a coordinator yet"
        expires_on = self.registration_expires_on
        if expires_on is None:
            return f"{whose} registration{number} has no expiry date on {their} profile"
        verb = "expired" if expires_on < timezone.localdate() else "expires"
        return (
            f"{whose} registration {verb} on {expires_on:%-d %B %Y}, "
            f"before the placement ends on {through:%-d %B %Y}"
        )

    @property
    def years_qualified(self) -> int | None:
        if self.qualified_on is None:
            return None
        today = timezone.localdate()
        years = today.year - self.qualified_on.year
        if (today.month, today.day) < (self.qualified_on.month, self.qualified_on.day):
            years -= 1
        return max(years, 0)

    def missing_items(self) -> list[str]:
        """What the worker still has to fill in before they can be matched."""
        missing = []
        if not self.registration_number:
            missing.append("Social Work England registration number")
        if not self.registration_expires_on:
            missing.append("registration expiry date")
        if not self.job_level:
            missing.append("job level")
        if not self.qualified_on:
            missing.append("date you qualified")
        if not self.specialisms.exists():
            missing.append("specialisms")
        if not self.willing_boroughs.exists():
            missing.append("boroughs you will work in")
        if not self.availability.exists():
            missing.append("availability")
        return missing

    PROFILE_ITEMS = 7

    def completeness_percent(self, missing: list[str] | None = None) -> int:
        missing = self.missing_items() if missing is None else missing
        return round(100 * (self.PROFILE_ITEMS - len(missing)) / self.PROFILE_ITEMS)


class Availability(models.Model):
    """A period when the worker could be seconded, at so many days a week."""

    profile = models.ForeignKey(
        WorkerProfile, on_delete=models.CASCADE, related_name="availability"
    )
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    days_per_week = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(1, "Days per week must be between 1 and 5"),
            MaxValueValidator(5, "Days per week must be between 1 and 5"),
        ]
    )

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "availability"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="availability_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1) & Q(days_per_week__lte=5),
                name="availability_days_per_week_1_to_5",
            ),
            PostgresExclusionConstraint(
                name="availability_no_overlap",
                expressions=[
                    ("profile", "="),
                    (DateRange("starts_on", "ends_on"), "&&"),
                ],
                violation_error_message="This period overlaps availability you have already added",
            ),
        ]
        # The browse page's "overlaps my availability", read from the index alone.
        indexes = [
            models.Index(
                fields=["profile", "days_per_week"],
                include=["starts_on", "ends_on"],
                name="availability_profile_pace_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y}, {self.days_per_week} days a week"


# Calendar links and requests to remove personal details (UK GDPR), in modules of their own.
from accounts.models.calendar import CalendarFeed, CalendarFeedQuerySet  # noqa: E402, F401
from accounts.models.erasure import (  # noqa: E402, F401
    ERASURE_REASON_MAX,
    ErasureRequest,
    ErasureRequestQuerySet,
    ErasureStatus,
)
