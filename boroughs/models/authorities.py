"""Authorities, their teams, their agreements and their recharge salaries."""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse

from boroughs.models.centroids import CentroidSource
from boroughs.models.regions import Region
from config.constraints import DateRange, PostgresExclusionConstraint

GSS_CODE_VALIDATOR = RegexValidator(
    r"^E0[6-9]\d{6}$|^E10\d{6}$",
    "Enter an ONS code for an English authority, like E09000014",
)

# A recharge salary outside these is a typing slip, not a council pay scale.
MIN_SALARY = Decimal("10000.00")
MAX_SALARY = Decimal("200000.00")
MAX_ON_COST = Decimal("60")


class BoroughKind(models.TextChoices):
    LONDON_BOROUGH = "london_borough", "London borough"
    METROPOLITAN_DISTRICT = "metropolitan_district", "Metropolitan district"
    UNITARY = "unitary", "Unitary authority"
    COUNTY = "county", "County council"


class FundingModel(models.TextChoices):
    HOME_FUNDED = "home_funded", "Home borough pays"
    HOST_RECHARGE = "host_recharge", "Host recharges salary cost"
    DAY_RATE = "day_rate", "Agreed day rate"


class JobLevel(models.IntegerChoices):
    # Ordered by seniority so "meets the level asked for" is a >= comparison.
    # Defined here, below accounts, because a borough's recharge salaries are
    # set per job level; accounts.models re-exports it.
    SOCIAL_WORKER = 1, "Social worker"
    SENIOR_PRACTITIONER = 2, "Senior practitioner"
    ADVANCED_PRACTITIONER = 3, "Advanced practitioner"
    TEAM_MANAGER = 4, "Team manager"


class BoroughQuerySet(models.QuerySet):
    def london(self) -> "BoroughQuerySet":
        return self.filter(kind=BoroughKind.LONDON_BOROUGH)

    def in_regions(self, regions) -> "BoroughQuerySet":
        """The authorities in these regions; None means all of England."""
        return self if regions is None else self.filter(region__in=regions)

    def listing_email_domain(self, email: str) -> list["Borough"]:
        """The boroughs that list this address's domain among their own (usually one)."""
        domain = email.rpartition("@")[2].strip().lower()
        if not domain or "@" not in email:
            return []
        return [
            borough
            for borough in self.filter(email_domains__icontains=domain).order_by("name")
            if domain in borough.allowed_email_domains
        ]


class Borough(models.Model):
    """An English children's-services authority (London boroughs first)."""

    gss_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[GSS_CODE_VALIDATOR]
    )
    name = models.CharField(max_length=100, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=60, choices=Region.choices)
    sub_region = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=30, choices=BoroughKind.choices)
    dfe_la_code = models.CharField("DfE LA number", max_length=3, blank=True)
    latitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    # Blank where the point is not from the reference data.
    centroid_source = models.CharField(
        max_length=20, choices=CentroidSource.choices, blank=True, default="", db_default=""
    )
    # Those it meets by land or only in an estuary or tidal river (boroughs/data/README.md).
    neighbours = models.ManyToManyField("self", symmetrical=True, blank=True)
    email_domains = models.CharField(
        max_length=500,
        blank=True,
        help_text=(
            "If set, only people with an email address at one of these domains "
            "(separated by spaces or commas) may sign up as this borough's staff."
        ),
    )

    # Single sign-on: the identity-provider tenants whose word this borough
    # takes for the addresses at its email domains (a Microsoft Entra tenant
    # ID, or an OpenID Connect issuer URL). Without one, nobody at its
    # domains can sign in with their organisation's account.
    sso_tenant_ids = models.CharField(
        "trusted sign-in tenants",
        max_length=1000,
        blank=True,
        # A database default too, so rows written without it (older code
        # mid-deploy, the upgrade tests' historical models) stay valid.
        db_default="",
        help_text=(
            "Microsoft Entra tenant IDs or OpenID Connect issuer URLs (separated by spaces "
            "or commas) trusted to sign in people at this borough's email domains."
        ),
    )

    objects = BoroughQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("borough_detail", args=[self.gss_code])

    @property
    def is_london(self) -> bool:
        return self.kind == BoroughKind.LONDON_BOROUGH

    @property
    def allowed_email_domains(self) -> list[str]:
        raw = self.email_domains.replace(",", " ").lower().split()
        return [domain.lstrip("@") for domain in raw]

    def accepts_email(self, email: str) -> bool:
        domains = self.allowed_email_domains
        if not domains:
            return True
        domain = email.rsplit("@", 1)[-1].lower()
        return domain in domains

    @property
    def trusted_tenants(self) -> list[str]:
        return self.sso_tenant_ids.replace(",", " ").split()

    def trusts_tenant(self, tenant: str) -> bool:
        """Entra tenant IDs are GUIDs, compared ignoring case; issuer URLs exactly,
        but for a trailing slash."""
        wanted = tenant.strip().rstrip("/").lower()
        return bool(wanted) and any(
            trusted.rstrip("/").lower() == wanted for trusted in self.trusted_tenants
        )

    def distance_km(self, other: "Borough") -> float | None:
        """Great-circle distance between the two centroids, in kilometres."""
        if None in (self.latitude, self.longitude, other.latitude, other.longitude):
            return None
        lat1, lon1, lat2, lon2 = map(
            math.radians,
            (
                float(self.latitude),
                float(self.longitude),
                float(other.latitude),
                float(other.longitude),
            ),
        )
        a = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * 6371.0 * math.asin(math.sqrt(a))


class Team(models.Model):
    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Assessment" and "assessment" are one team to the people choosing one.
            models.UniqueConstraint(
                "borough",
                Lower("name"),
                name="team_name_unique_in_borough_ignoring_case",
                violation_error_message="A team with this name already exists in this borough",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.borough})"

    def get_absolute_url(self) -> str:
        return reverse("team_detail", args=[self.pk])


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# A proposal or an agreement in force holds the pair's dates: no second one may overlap.
LIVE_AGREEMENT_STATES = (AgreementStatus.PROPOSED, AgreementStatus.ACCEPTED)

# A day rate above this is a typing slip, not a council's terms.
MAX_AGREEMENT_DAY_RATE = 2000


class AgreementQuerySet(models.QuerySet):
    def involving(self, borough: Borough) -> "AgreementQuerySet":
        return self.filter(Q(borough_a=borough) | Q(borough_b=borough))

    def between(self, one_id: int, other_id: int) -> "AgreementQuerySet":
        return self.filter(borough_a_id=min(one_id, other_id), borough_b_id=max(one_id, other_id))

    def accepted(self) -> "AgreementQuerySet":
        return self.filter(status=AgreementStatus.ACCEPTED)

    def live(self) -> "AgreementQuerySet":
        """Proposed or accepted: the agreements that hold a pair's dates."""
        return self.filter(status__in=LIVE_AGREEMENT_STATES)

    def in_force_on(self, day) -> "AgreementQuerySet":
        return self.accepted().filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day
        )

    def in_force_or_ahead(self, day) -> "AgreementQuerySet":
        """Accepted agreements not yet ended on `day`: in force or yet to start."""
        return self.accepted().filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def overlapping(self, starts_on, ends_on) -> "AgreementQuerySet":
        """Agreements whose dates share a day with starts_on..ends_on (None: no end)."""
        dates = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
        if ends_on is not None:
            dates &= Q(starts_on__lte=ends_on)
        return self.filter(dates)

    def visible_to(self, user) -> "AgreementQuerySet":
        """Coordinators see every agreement; a manager their own borough's."""
        if user.is_coordinator:
            return self
        if user.is_manager and user.borough_id:
            return self.filter(Q(borough_a_id=user.borough_id) | Q(borough_b_id=user.borough_id))
        return self.none()

    def waiting_for(self, borough_id: int) -> "AgreementQuerySet":
        """Proposals the other borough made, which this borough is to answer."""
        return (
            self.filter(status=AgreementStatus.PROPOSED)
            .filter(Q(borough_a_id=borough_id) | Q(borough_b_id=borough_id))
            .exclude(proposed_by_id=borough_id)
        )


class Agreement(models.Model):
    """A reciprocal arrangement between two boroughs, with default funding terms.

    The pair is stored in code order (a < b) so one pair has one row.
    """

    borough_a = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    borough_b = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    funding_model = models.CharField(max_length=20, choices=FundingModel.choices)
    day_rate = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.01")),
            MaxValueValidator(MAX_AGREEMENT_DAY_RATE),
        ],
    )
    # For a salary recharge: what the boroughs agreed beyond the home
    # borough's recharge salaries (which job levels, what is excluded).
    recharge_terms = models.CharField(max_length=1000, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=2000, blank=True)
    # Proposed by one borough's manager, accepted, amended (a counter-proposal:
    # proposed_by becomes the amending borough) or declined by the other's.
    # Agreements recorded by a coordinator start accepted, with no proposer.
    status = models.CharField(
        max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.ACCEPTED
    )
    proposed_by = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=1000, blank=True)
    # Ending with notice sets ends_on ahead; the reason says why.
    end_reason = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["borough_a__name", "borough_b__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(borough_a__lt=F("borough_b")), name="agreement_pair_in_order"
            ),
            # One pair may have several agreements over the years, never two
            # proposed or in force on the same day.
            PostgresExclusionConstraint(
                name="agreement_pair_no_overlap",
                expressions=[
                    ("borough_a", "="),
                    ("borough_b", "="),
                    (DateRange("starts_on", "ends_on"), "&&"),
                ],
                condition=Q(status__in=LIVE_AGREEMENT_STATES),
                violation_error_message=(
                    "These boroughs already have an agreement proposed or in force on some of these dates"
                ),
            ),
            models.CheckConstraint(
                condition=Q(day_rate__isnull=True) | Q(day_rate__lte=MAX_AGREEMENT_DAY_RATE),
                name="agreement_day_rate_at_most_2000",
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.ACCEPTED) | Q(proposed_by__isnull=False),
                name="agreement_proposal_has_proposer",
            ),
            models.CheckConstraint(
                condition=~Q(funding_model=FundingModel.DAY_RATE) | Q(day_rate__isnull=False),
                name="agreement_day_rate_needs_amount",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.borough_a} and {self.borough_b}"

    def get_absolute_url(self) -> str:
        return reverse("agreement_detail", args=[self.pk])

    def involves(self, borough_id: int | None) -> bool:
        return borough_id is not None and borough_id in (self.borough_a_id, self.borough_b_id)

    def can_be_seen_by(self, user) -> bool:
        return user.is_coordinator or (user.is_manager and self.involves(user.borough_id))

    def can_be_answered_by(self, user) -> bool:
        """Accept, amend or decline: the borough that did not make the proposal."""
        if self.status != AgreementStatus.PROPOSED:
            return False
        if user.is_coordinator:
            return True
        return self.can_be_seen_by(user) and user.borough_id != self.proposed_by_id

    def can_be_withdrawn_by(self, user) -> bool:
        if self.status != AgreementStatus.PROPOSED:
            return False
        return user.is_coordinator or (user.is_manager and user.borough_id == self.proposed_by_id)

    def can_be_ended_by(self, user, today) -> bool:
        return (
            self.status == AgreementStatus.ACCEPTED
            and (self.ends_on is None or self.ends_on >= today)
            and self.can_be_seen_by(user)
        )

    def other(self, borough: Borough) -> Borough:
        return self.borough_b if borough.pk == self.borough_a_id else self.borough_a

    def is_current(self, on) -> bool:
        return (
            self.status == AgreementStatus.ACCEPTED
            and self.starts_on <= on
            and (self.ends_on is None or self.ends_on >= on)
        )


# 260 weekdays in a year less England's 8 bank holidays.
WORKING_DAYS_A_YEAR = 252
PENNY = Decimal("0.01")


def daily_recharge(annual_salary: Decimal, on_cost_percent: Decimal) -> Decimal:
    """The daily cost a home borough recharges for one of its staff.

    daily recharge = annual salary * (1 + on-cost % / 100) / 252

    where 252 is the working days in a year (260 weekdays less 8 bank
    holidays) and the on-costs are the employer's pension and National
    Insurance contributions. Worked in Decimal throughout, never float; only
    the result is rounded, to the penny, half up (£0.005 becomes £0.01).
    """
    total = annual_salary * (1 + on_cost_percent / 100)
    return (total / WORKING_DAYS_A_YEAR).quantize(PENNY, rounding=ROUND_HALF_UP)


class RechargeSalary(models.Model):
    """The annual salary and on-costs a borough recharges for one job level."""

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="recharge_salaries")
    job_level = models.PositiveSmallIntegerField(choices=JobLevel.choices)
    annual_salary = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(MIN_SALARY), MaxValueValidator(MAX_SALARY)],
    )
    on_cost_percent = models.DecimalField(
        "on-costs (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_ON_COST)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["borough", "job_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["borough", "job_level"], name="one_recharge_salary_per_level"
            ),
            models.CheckConstraint(
                condition=Q(annual_salary__gte=MIN_SALARY, annual_salary__lte=MAX_SALARY),
                name="recharge_salary_in_range",
            ),
            models.CheckConstraint(
                condition=Q(on_cost_percent__gte=0, on_cost_percent__lte=MAX_ON_COST),
                name="recharge_on_cost_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.borough} {self.get_job_level_display()}"

    @property
    def daily_recharge(self) -> Decimal:
        return daily_recharge(self.annual_salary, self.on_cost_percent)

    @property
    def on_cost_shown(self) -> str:
        return f"{self.on_cost_percent.normalize():f}%"
