"""The score: 0 to 100, computed in SQL to rank, explained in Python.

The weights are listed in matching/ranking/__init__.py. The SQL in
`scored` and the Python in `explain` read the same constants, so the parts a
page shows always add up to the score the database ranked by.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Mod
from django.utils import timezone

from accounts.models import JobLevel, WorkerProfile
from boroughs.models import Agreement, Borough
from matching.ranking.filters import NEWLY_QUALIFIED_YEARS, years_before, years_qualified_on
from money.statements.ledger import PairDays, days_between_for_matching
from secondments.models import HOLDING_STATES, HelpRequest, Placement

SPECIALISM_POINTS = 35
LEVEL_POINTS = {0: 10, 1: 7}  # levels above the one asked for -> points
LEVEL_POINTS_FAR_ABOVE = 4
POINTS_PER_EXTRA_YEAR = 2
EXTRA_YEARS_COUNTED = 5
NEIGHBOUR_POINTS = 20
DISTANCE_POINTS = ((10, 15), (20, 10), (35, 5))  # (within km, points), nearest first
RECIPROCITY_POINTS = 10
OVERALL_RECIPROCITY_POINTS = 5
FAIRNESS_POINTS = 15  # with no placement agreed in the last year
FAIRNESS_POINTS_LOST_PER_PLACEMENT = 5
RECENT = datetime.timedelta(days=365)


@dataclass
class HostContext:
    """What the score needs to know about the request and its host borough:
    a few small queries, made once per request, never per worker."""

    help_request: HelpRequest
    specialism_ids: list[int]
    # home borough id -> (points, reason)
    proximity: dict[int, tuple[int, str | None]]
    reciprocity: dict[int, tuple[int, str | None]]
    overall_reciprocity: tuple[int, str | None]
    recent_since: datetime.datetime

    def proximity_for(self, borough_id: int) -> tuple[int, str | None]:
        return self.proximity.get(borough_id, (0, None))

    def reciprocity_for(self, borough_id: int) -> tuple[int, str | None]:
        return self.reciprocity.get(borough_id, self.overall_reciprocity)


def _proximity(host: Borough, boroughs: list[Borough], neighbour_ids: set[int]):
    points = {}
    for borough in boroughs:
        if borough.pk == host.pk:
            continue
        distance = borough.distance_km(host)
        if borough.pk in neighbour_ids:
            reason = f"{borough.name} borders {host.name}"
            if distance is not None:
                reason += f", {round(distance)} km"
            points[borough.pk] = (NEIGHBOUR_POINTS, reason)
        elif distance is not None:
            score = next((p for km, p in DISTANCE_POINTS if distance <= km), 0)
            points[borough.pk] = (score, f"{borough.name} is {round(distance)} km from {host.name}")
    return points


def _placement_days_between(host_id: int) -> dict[tuple[int, int], PairDays]:
    """Placement-days by (host, home) for every pair the borough is part of,
    counting placements agreed, running or finished: signed-off timesheet
    days where a placement has timesheets, else the planned days (days a week
    over the calendar weeks agreed: 12 weeks at 3 days a week are 36)."""
    return days_between_for_matching(host_id)


def _days(days: Decimal) -> str:
    return f"{days:f}".removesuffix(".0")


def _which_days(*pairs: PairDays) -> str:
    """Says which days the figures count: matching's reasons must not overstate them."""
    signed = any(pair.signed_off for pair in pairs)
    planned = any(pair.planned for pair in pairs)
    if signed and planned:
        return "signed-off days, and planned days for placements not yet worked"
    if planned:
        return "planned days: not yet worked"
    return "signed-off days"


def _reciprocity(help_request: HelpRequest, names: dict[int, str]):
    host = help_request.borough
    by_pair = _placement_days_between(host.pk)
    lent: dict[int, PairDays] = {}
    borrowed: dict[int, PairDays] = {}
    for (host_id, home_id), days in by_pair.items():
        if home_id == host.pk:
            lent[host_id] = days
        else:
            borrowed[home_id] = days
    if sum(d.total for d in lent.values()) > sum(d.total for d in borrowed.values()):
        overall = (
            OVERALL_RECIPROCITY_POINTS,
            f"{host.name} has lent more placement-days than it has borrowed",
        )
    else:
        overall = (0, None)
    points = {}
    for borough_id in set(lent) | set(borrowed):
        given, received = lent.get(borough_id, PairDays()), borrowed.get(borough_id, PairDays())
        if given.total > received.total and borough_id in names:
            points[borough_id] = (
                RECIPROCITY_POINTS,
                f"{names[borough_id]} has received {_days(given.total)} days from {host.name} "
                f"and given {_days(received.total)} ({_which_days(given, received)})",
            )
    for agreement in Agreement.objects.involving(host):
        other_id = (
            agreement.borough_b_id if agreement.borough_a_id == host.pk else agreement.borough_a_id
        )
        if agreement.is_current(help_request.starts_on) and other_id in names:
            points[other_id] = (
                RECIPROCITY_POINTS,
                f"{host.name} and {names[other_id]} have a reciprocal agreement",
            )
    return points, overall


def host_context(help_request: HelpRequest) -> HostContext:
    host = help_request.borough
    boroughs = list(Borough.objects.only("pk", "name", "latitude", "longitude").order_by())
    names = {borough.pk: borough.name for borough in boroughs}
    neighbour_ids = set(
        Borough.neighbours.through.objects.filter(from_borough_id=host.pk).values_list(
            "to_borough_id", flat=True
        )
    )
    reciprocity, overall = _reciprocity(help_request, names)
    return HostContext(
        help_request=help_request,
        specialism_ids=sorted(help_request.specialisms.values_list("pk", flat=True)),
        proximity=_proximity(host, boroughs, neighbour_ids),
        reciprocity=reciprocity,
        overall_reciprocity=overall,
        recent_since=timezone.now() - RECENT,
    )


def _in_groups(column: str, points: dict[int, tuple[int, str | None]], default: int) -> Case:
    """CASE column IN (...) THEN points ...: one branch per distinct score."""
    by_score: dict[int, list[int]] = {}
    for key, (score, _reason) in points.items():
        by_score.setdefault(score, []).append(key)
    whens = [
        When(**{f"{column}__in": sorted(keys)}, then=Value(score))
        for score, keys in sorted(by_score.items(), reverse=True)
        if score != default
    ]
    if not whens:
        return Value(default, output_field=IntegerField())
    return Case(*whens, default=Value(default), output_field=IntegerField())


def specialism_counts(context: HostContext) -> QuerySet:
    """(workerprofile_id, n): how many of the asked specialisms each worker has."""
    return (
        WorkerProfile.specialisms.through.objects.filter(specialism_id__in=context.specialism_ids)
        .order_by()
        .values("workerprofile_id")
        .annotate(n=Count("pk"))
    )


def recent_placement_counts(context: HostContext) -> QuerySet:
    """(worker_id, n): placements agreed for each worker in the last year."""
    return (
        Placement.objects.filter(status__in=HOLDING_STATES, created_at__gte=context.recent_since)
        .order_by()
        .values("worker_id")
        .annotate(n=Count("pk"))
    )


def scored(profiles: QuerySet, context: HostContext) -> QuerySet:
    """Annotate `match_score` and order best first.

    Each correlated subquery appears once in the expression (PostgreSQL would
    run a repeated one again for every row); the counts behind the reasons are
    fetched afterwards for the rows returned only.
    """
    help_request = context.help_request
    asked = len(context.specialism_ids)
    if asked:
        covered = Coalesce(
            Subquery(
                specialism_counts(context).filter(workerprofile_id=OuterRef("pk")).values("n")
            ),
            0,
        )
        specialism_points = covered * Value(SPECIALISM_POINTS) / Value(asked)
    else:
        specialism_points = Value(SPECIALISM_POINTS)
    recent = Coalesce(
        Subquery(
            recent_placement_counts(context).filter(worker_id=OuterRef("user_id")).values("n")
        ),
        0,
    )
    fairness_points = Greatest(
        Value(FAIRNESS_POINTS) - recent * Value(FAIRNESS_POINTS_LOST_PER_PLACEMENT), Value(0)
    )
    level_points = Case(
        *[
            When(job_level=help_request.job_level + above, then=Value(points))
            for above, points in LEVEL_POINTS.items()
        ],
        default=Value(LEVEL_POINTS_FAR_ABOVE),
        output_field=IntegerField(),
    )
    years_points = Case(
        *[
            When(
                qualified_on__lte=years_before(
                    help_request.starts_on, help_request.min_years_qualified + extra
                ),
                then=Value(extra * POINTS_PER_EXTRA_YEAR),
            )
            for extra in range(EXTRA_YEARS_COUNTED, 0, -1)
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    overall = context.overall_reciprocity[0]
    return profiles.annotate(
        match_score=ExpressionWrapper(
            specialism_points
            + level_points
            + years_points
            + _in_groups("user__borough_id", context.proximity, 0)
            + _in_groups("user__borough_id", context.reciprocity, overall)
            + fairness_points,
            output_field=IntegerField(),
        ),
        # Take turns among equals: a fixed shuffle per request.
        turn=Mod(F("user_id") * Value(7919) + Value(help_request.pk * 104729), Value(1000003)),
    ).order_by("-match_score", "turn", "user_id")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def explain(
    context: HostContext, profile: WorkerProfile, *, covered: int, recent: int
) -> tuple[list[tuple[str, int]], list[str], bool]:
    """The points for each part of the score, and the reasons, for one worker.

    The same tables as the SQL in `scored`, so the parts add up to its score.
    """
    help_request = context.help_request
    points: list[tuple[str, int]] = []
    reasons: list[str] = []

    asked = len(context.specialism_ids)
    if asked:
        points.append(("specialisms", covered * SPECIALISM_POINTS // asked))
        reasons.append(f"covers {covered} of {_plural(asked, 'specialism')}")
    else:
        points.append(("specialisms", SPECIALISM_POINTS))
        reasons.append("no particular specialism asked for")

    above = profile.job_level - help_request.job_level
    years = years_qualified_on(profile.qualified_on, help_request.starts_on)
    extra = min(max(years - help_request.min_years_qualified, 0), EXTRA_YEARS_COUNTED)
    points.append(
        (
            "experience",
            LEVEL_POINTS.get(above, LEVEL_POINTS_FAR_ABOVE) + extra * POINTS_PER_EXTRA_YEAR,
        )
    )
    level = JobLevel(profile.job_level).label.lower()
    if above == 0:
        reasons.append(f"{level}, the level asked for")
    else:
        asked_level = JobLevel(help_request.job_level).label.lower()
        reasons.append(f"{level}, above the {asked_level} level asked for")
    qualified = (
        "qualified less than a year" if years == 0 else f"qualified {_plural(years, 'year')}"
    )
    if help_request.min_years_qualified:
        qualified += f", at least {help_request.min_years_qualified} asked for"
    reasons.append(qualified)
    newly_qualified = years < NEWLY_QUALIFIED_YEARS
    if newly_qualified:
        reasons.append(f"newly qualified: supervised by {help_request.supervisor_name}")

    home_id = profile.user.borough_id
    for part, (score, reason) in (
        ("proximity", context.proximity_for(home_id)),
        ("reciprocity", context.reciprocity_for(home_id)),
    ):
        points.append((part, score))
        if reason:
            reasons.append(reason)

    points.append(
        ("fairness", max(FAIRNESS_POINTS - recent * FAIRNESS_POINTS_LOST_PER_PLACEMENT, 0))
    )
    reasons.append(
        "no placement in the last year"
        if recent == 0
        else f"{_plural(recent, 'placement')} in the last year"
    )
    return points, reasons, newly_qualified
