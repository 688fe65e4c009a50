"""What a host, home manager or coordinator needs to decide on an application,
and the warnings they must see before they select, release or approve.

Everything is worked out in Python from rows loaded up front (see `load`), so
a page of applications costs the same few queries however many it shows, and
the application page and the queues always agree on what is wrong.

The warnings follow matching's hard filters (matching/ranking): a worker who
applied or was invited need not pass them, but whoever decides must know where
they do not. Only a booked placement on overlapping dates blocks: the database
would refuse the placement at approval, so selecting or releasing is refused
too, with the same message.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, prefetch_related_objects

from accounts.models import Availability, JobLevel, User, WorkerProfile
from boroughs.models import Borough
from secondments.models import (
    ACTIVE_APPLICATION_STATES,
    BOOKED_STATES,
    Application,
    ApplicationStatus,
    Placement,
)

# Social workers spend their first year after qualifying in the Assessed and
# Supported Year in Employment: see secondments/newly_qualified.py.
from secondments.newly_qualified import NEWLY_QUALIFIED_YEARS

# The actions before which the decider sees the warnings.
DECIDING_ACTIONS = ("select", "release", "approve")

# States in which another application holds the worker for its dates.
HOLDING_APPLICATION_STATES = (ApplicationStatus.SELECTED, ApplicationStatus.RELEASED)

# The rows every decision needs, for one application or a page of them.
PREFETCH = (
    Prefetch(
        "worker__worker_profile__availability",
        queryset=Availability.objects.order_by("starts_on"),
    ),
    Prefetch("worker__worker_profile__willing_boroughs", queryset=Borough.objects.order_by("name")),
    # The worker's open applications and booked placements: one query, since
    # every placement has the approved application behind it.
    Prefetch(
        "worker__applications",
        queryset=Application.objects.filter(
            Q(status__in=ACTIVE_APPLICATION_STATES)
            | Q(status=ApplicationStatus.APPROVED, placement__status__in=BOOKED_STATES)
        )
        .select_related("help_request__borough", "placement__host")
        .order_by("help_request__starts_on", "pk"),
        to_attr="open_applications",
    ),
)
# What only the application page shows.
DETAIL_PREFETCH = ("help_request__specialisms", "worker__worker_profile__specialisms")


def load(applications: Iterable[Application], *, details: bool = False) -> None:
    """Load what `facts_for` reads, for all these applications at once.

    With details (one application's page), also the specialisms and the
    match: one query per application, so never for a list.
    """
    applications = list(applications)
    prefetch_related_objects(applications, *PREFETCH, *(DETAIL_PREFETCH if details else ()))
    if details:
        for application in applications:
            # Through the reverse relation: secondments never imports matching.
            application.match = application.help_request.matches.filter(
                worker_id=application.worker_id
            ).first()


@dataclass(frozen=True)
class DecisionWarning:
    text: str
    # Blocks select, release and approve (see PlacementConflict).
    blocks: bool = False


@dataclass
class DecisionFacts:
    application: Application
    profile: WorkerProfile | None
    level_below: bool
    years_qualified: int | None
    period_days: int
    covered_days: int
    availability: list[Availability]
    willing_boroughs: list[Borough]
    works_in_host: bool
    other_applications: list[Application]
    placements: list[Placement]
    clash: Placement | None
    warnings: list[DecisionWarning] = field(default_factory=list)
    specialisms_asked: list = field(default_factory=list)
    specialisms_covered: list = field(default_factory=list)
    # matching.Match, when matching ranked this worker for the request.
    match: object | None = None

    @property
    def share_covered(self) -> int:
        """Per cent of the period's days the worker's availability covers, rounded down."""
        return 100 * self.covered_days // self.period_days

    @property
    def specialisms_missing(self) -> list:
        return [s for s in self.specialisms_asked if s not in self.specialisms_covered]

    @property
    def overlapping_applications(self) -> list[Application]:
        return [a for a in self.other_applications if a.overlaps_this]

    @property
    def soft_warnings(self) -> list[DecisionWarning]:
        return [warning for warning in self.warnings if not warning.blocks]


def _overlaps(starts_on, ends_on, other_starts_on, other_ends_on) -> bool:
    return starts_on <= other_ends_on and other_starts_on <= ends_on


def days_covered(
    periods: Iterable[Availability],
    starts_on: datetime.date,
    ends_on: datetime.date,
    *,
    days_per_week: int,
) -> int:
    """Days from starts_on to ends_on (inclusive) within periods offering at
    least days_per_week. Periods never overlap (a database constraint)."""
    covered = 0
    for period in periods:
        if period.days_per_week < days_per_week:
            continue
        start, end = max(period.starts_on, starts_on), min(period.ends_on, ends_on)
        if end >= start:
            covered += (end - start).days + 1
    return covered


def conflict_message(worker: User, clash: Placement) -> str:
    """Why the worker cannot be booked: the same words at select, release and approval."""
    return (
        f"{worker} already has a placement in {clash.host} from {clash.starts_on:%-d %B %Y} "
        f"to {clash.ends_on:%-d %B %Y}: reject this one or cancel that placement first"
    )


def facts_for(application: Application, *, details: bool = False) -> DecisionFacts:
    """The facts and warnings for one application loaded with `load` (with
    the same `details`)."""
    help_request, worker = application.help_request, application.worker
    profile = getattr(worker, "worker_profile", None)
    availability = list(profile.availability.all()) if profile else []
    willing = list(profile.willing_boroughs.all()) if profile else []
    others, placements = [], []
    for other in worker.open_applications:
        if other.pk == application.pk:
            continue
        other_request = other.help_request
        other.overlaps_this = _overlaps(
            help_request.starts_on,
            help_request.ends_on,
            other_request.starts_on,
            other_request.ends_on,
        )
        if other.status == ApplicationStatus.APPROVED:
            placement = other.placement
            placement.overlaps_this = _overlaps(
                help_request.starts_on, help_request.ends_on, placement.starts_on, placement.ends_on
            )
            placements.append(placement)
        else:
            others.append(other)
    facts = DecisionFacts(
        application=application,
        profile=profile,
        level_below=profile is None
        or profile.job_level is None
        or profile.job_level < help_request.job_level,
        years_qualified=profile.years_qualified if profile else None,
        period_days=(help_request.ends_on - help_request.starts_on).days + 1,
        covered_days=days_covered(
            availability,
            help_request.starts_on,
            help_request.ends_on,
            days_per_week=help_request.days_per_week,
        ),
        availability=[
            period
            for period in availability
            if _overlaps(
                help_request.starts_on, help_request.ends_on, period.starts_on, period.ends_on
            )
        ],
        willing_boroughs=willing,
        works_in_host=any(borough.pk == help_request.borough_id for borough in willing),
        other_applications=others,
        placements=placements,
        clash=next((p for p in placements if p.overlaps_this), None),
    )
    if details:
        facts.match = application.match
        facts.specialisms_asked = list(help_request.specialisms.all())
        own = {s.pk for s in profile.specialisms.all()} if profile else set()
        facts.specialisms_covered = [s for s in facts.specialisms_asked if s.pk in own]
    facts.warnings = _warnings(facts)
    return facts


def _warnings(facts: DecisionFacts) -> list[DecisionWarning]:
    application = facts.application
    help_request, worker, profile = application.help_request, application.worker, facts.profile
    asked_level = JobLevel(help_request.job_level).label.lower()
    warnings = []
    if facts.clash:
        warnings.append(DecisionWarning(conflict_message(worker, facts.clash), blocks=True))
    for other in facts.overlapping_applications:
        if other.status in HOLDING_APPLICATION_STATES:
            other_request = other.help_request
            by = (
                f"released by {worker.borough}"
                if other.status == ApplicationStatus.RELEASED
                else f"selected by {other_request.borough}"
            )
            warnings.append(
                DecisionWarning(
                    f"{worker} is already {by} for “{other_request.title}” in "
                    f"{other_request.borough}, {other_request.starts_on:%-d %B %Y} to "
                    f"{other_request.ends_on:%-d %B %Y}, which overlaps these dates"
                )
            )
    if profile is None or profile.job_level is None:
        warnings.append(DecisionWarning(f"{worker} has not given their job level"))
    elif facts.level_below:
        level = profile.get_job_level_display().lower()
        warnings.append(
            DecisionWarning(f"{worker}'s job level, {level}, is below the {asked_level} asked for")
        )
    years = facts.years_qualified
    if years is None:
        warnings.append(DecisionWarning(f"{worker} has not given the date they qualified"))
    elif years < help_request.min_years_qualified:
        warnings.append(
            DecisionWarning(
                f"{worker} has been qualified for {years} year{'s' if years != 1 else ''}: "
                f"the request asks for at least {help_request.min_years_qualified}"
            )
        )
    elif years < NEWLY_QUALIFIED_YEARS and not help_request.newly_qualified_suitable:
        warnings.append(
            DecisionWarning(
                f"{worker} is newly qualified, and the request does not say it suits "
                "a newly qualified social worker"
            )
        )
    if facts.covered_days < facts.period_days:
        covered = (
            f"only {facts.covered_days} of the {facts.period_days} days ({facts.share_covered}%)"
            if facts.covered_days
            else f"none of the {facts.period_days} days"
        )
        warnings.append(
            DecisionWarning(
                f"{worker}'s availability at {help_request.days_per_week} days a week "
                f"covers {covered} from {help_request.starts_on:%-d %B %Y} "
                f"to {help_request.ends_on:%-d %B %Y}"
            )
        )
    if not facts.works_in_host:
        warnings.append(
            DecisionWarning(
                f"{help_request.borough} is not one of the boroughs {worker} will work in"
            )
        )
    return warnings
