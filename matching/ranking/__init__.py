"""Who could help with a help request, and how well: hard filters, then a score.

DESIGN.md, "Matching". Everything here reads; the writes (Match rows,
notifications) are in matching/services.py. The hard filters are
in filters.py, the score and its reasons in score.py; this module puts them
together for the two sides: a request's candidates, and a worker's requests.

Hard filters: one query, run by the database on its indexes. A worker passes when

- they have the social worker role, an active account, and opted in to matching;
- a coordinator verified their Social Work England registration and it is in
  date on the request's last day (a host must be able to rely on the worker
  being registered for the whole secondment, not only on the first day);
- their home borough is not the host, and the host is among the boroughs they
  said they will work in;
- one availability period covers the whole request, at no fewer days a week
  than asked (GiST index on the date range, from the exclusion constraint);
- no booked placement overlaps the request (GiST index, same reason);
- their job level is at least the level asked for, and they had been qualified
  at least `min_years_qualified` whole years when the request starts;
- a newly qualified worker (see NEWLY_QUALIFIED_YEARS) passes only when the
  request says it suits one, and their reasons then name the supervisor;
- they have not already applied or been invited: the host sees them among
  the applicants instead.

Score, 0 to 100, a weighted sum whose parts are each explained by a reason:

    specialisms   35  35 x (asked specialisms they have) / (asked), rounded
                      down; 35 when the request asks for none
    experience    20  level: 10 at the level asked, 7 one above, 4 further
                      above; years: 2 per whole year qualified beyond the
                      minimum asked, at most 10
    proximity     20  20 when their borough borders the host; otherwise by
                      distance between the boroughs' centroids: 15 within
                      10 km, 10 within 20 km, 5 within 35 km
    reciprocity   10  10 when the host has lent the worker's borough more
                      placement-days than it has borrowed from it, or the two
                      have a reciprocal agreement; 5 when the host has lent
                      more than it has borrowed overall
    fairness      15  15 with no placement agreed in the last 12 months,
                      5 fewer for each one agreed (10 with one, 5 with two)

Ties are broken by a number derived from the worker and the request, so equal
candidates take turns at the top of different requests instead of the oldest
accounts always winning.

The score is computed in SQL so the database can sort and cut the list without
sending every candidate to Python; the reasons are written in Python for the
rows returned only, from the same tables of points.

The candidates page shows two more lists, scored the same way:

- applicants: the people who applied or were invited (still in play, or
  placed), whether or not they pass every hard filter;
- near matches: workers who pass every hard filter except that no period of
  their availability covers the whole request; they are ranked by how many of
  the request's working days (Monday to Friday, bank holidays excluded) fall
  in their periods at the days a week asked, counted in SQL, then by score,
  and only the best few are returned.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet

from accounts.models import Availability, User, WorkerProfile
from matching.ranking.filters import (
    NEWLY_QUALIFIED_YEARS,
    WorkingDaysAvailable,
    eligible_profiles,
    partly_available_profiles,
    working_days_covered,
    working_days_in,
    years_before,
    years_qualified_on,
)
from matching.ranking.score import (
    HostContext,
    explain,
    host_context,
    recent_placement_counts,
    scored,
    specialism_counts,
)
from secondments.models import (
    ACTIVE_APPLICATION_STATES,
    Application,
    ApplicationStatus,
    HelpRequest,
)

__all__ = [
    "NEAR_MATCHES_SHOWN",
    "NEWLY_QUALIFIED_YEARS",
    "Applicant",
    "Candidate",
    "NearMatch",
    "RequestMatch",
    "eligible_profiles",
    "host_context",
    "matches_for_worker",
    "near_matches",
    "rank_applicants",
    "rank_candidates",
    "working_days_in",
    "years_before",
    "years_qualified_on",
]

NEAR_MATCHES_SHOWN = 20
# Applications still in play, and those that became a placement.
APPLICANT_STATES = (*ACTIVE_APPLICATION_STATES, ApplicationStatus.APPROVED)


@dataclass
class Candidate:
    """A worker who passes every hard filter for a request, with their score."""

    worker: User
    score: int
    reasons: list[str]
    # (part of the score, points): how the score adds up, for the page.
    points: list[tuple[str, int]] = field(default_factory=list)
    newly_qualified: bool = False
    # From a stored Match: told about the request, and when it was ranked.
    notified: bool = False
    computed_at: datetime.datetime | None = None

    @property
    def profile(self) -> WorkerProfile:
        return self.worker.worker_profile


@dataclass
class NearMatch(Candidate):
    """A worker who passes every hard filter but availability: they are available,
    at the days a week asked, for some of the request's working days only."""

    days_covered: int = 0
    working_days: int = 0

    @property
    def percent_covered(self) -> int:
        return self.days_covered * 100 // self.working_days if self.working_days else 0


@dataclass
class Applicant:
    """Someone who applied (or was invited), with their score when their profile
    has what the score needs (a job level and a qualification date)."""

    application: Application
    candidate: Candidate | None

    @property
    def worker(self) -> User:
        return self.application.worker


@dataclass
class RequestMatch:
    """An open request a worker passes the hard filters for, from their side."""

    help_request: HelpRequest
    score: int
    reasons: list[str]
    points: list[tuple[str, int]] = field(default_factory=list)


def _run_ranking(queryset: QuerySet) -> list:
    """Run the ranking query as a short interactive query, not a report.

    PostgreSQL's cost estimate crosses `jit_above_cost` at a few thousand
    candidates, and compiling the score expressions then takes longer than
    running the query (about 90 of 140 ms at 100,000 workers); and parallel
    workers for one request only compete with the other requests for the
    same cores. Both measured with bench/matching/.
    """
    if connection.vendor != "postgresql":
        return list(queryset)
    with transaction.atomic():
        with connection.cursor() as cursor:
            # LOCAL: only until this transaction ends.
            cursor.execute("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0")
        return list(queryset)


def _explained(context: HostContext, ranked: list[WorkerProfile]) -> list[Candidate]:
    """Candidates for scored profiles, with the points and reasons behind each
    score: two queries for all of them, whatever their number."""
    covered: dict[int, int] = {}
    recent: dict[int, int] = {}
    if ranked and context.specialism_ids:
        covered = dict(
            specialism_counts(context)
            .filter(workerprofile_id__in=[profile.pk for profile in ranked])
            .values_list("workerprofile_id", "n")
        )
    if ranked:
        recent = dict(
            recent_placement_counts(context)
            .filter(worker_id__in=[profile.user_id for profile in ranked])
            .values_list("worker_id", "n")
        )
    candidates = []
    for profile in ranked:
        points, reasons, newly_qualified = explain(
            context,
            profile,
            covered=covered.get(profile.pk, 0),
            recent=recent.get(profile.user_id, 0),
        )
        candidates.append(
            Candidate(
                worker=profile.user,
                score=profile.match_score,
                reasons=reasons,
                points=points,
                newly_qualified=newly_qualified,
            )
        )
    return candidates


def rank_candidates(
    help_request: HelpRequest,
    *,
    limit: int | None = None,
    workers=None,
    context: HostContext | None = None,
) -> list[Candidate]:
    """Every worker who passes the hard filters, best first, with their reasons.

    `limit` keeps the best few; `workers` (user ids, or a query of them) looks
    at those people only; `context` is the request's `host_context`, when the
    caller has it already.
    """
    context = context or host_context(help_request)
    profiles = eligible_profiles(help_request)
    if workers is not None:
        profiles = profiles.filter(user_id__in=workers)
    ranked = scored(profiles, context).select_related("user__borough")
    if limit is not None:
        ranked = ranked[:limit]
    return _explained(context, _run_ranking(ranked))


def _counts_days_in_sql() -> bool:
    """PostgreSQL counts the working days covered; the demo's SQLite has no
    generate_series."""
    return connection.vendor == "postgresql"


def near_matches(
    help_request: HelpRequest,
    *,
    limit: int = NEAR_MATCHES_SHOWN,
    workers=None,
    context: HostContext | None = None,
) -> list[NearMatch]:
    """Workers who pass every hard filter except that their availability covers
    only part of the request: most working days covered first, then by score.
    """
    context = context or host_context(help_request)
    working_days = working_days_in(help_request)
    profiles = partly_available_profiles(help_request)
    if workers is not None:
        profiles = profiles.filter(user_id__in=workers)
    ranked = scored(profiles, context).select_related("user__borough")
    if _counts_days_in_sql():
        ranked = _run_ranking(
            ranked.annotate(days_covered=WorkingDaysAvailable(help_request)).order_by(
                F("days_covered").desc(), *ranked.query.order_by
            )[:limit]
        )
    else:
        # The demo's SQLite: count in Python (a few hundred workers at most).
        ranked = list(ranked.prefetch_related("availability"))
        for profile in ranked:
            profile.days_covered = working_days_covered(
                help_request,
                [
                    (period.starts_on, period.ends_on)
                    for period in profile.availability.all()
                    if period.days_per_week >= help_request.days_per_week
                ],
            )
        ranked = sorted(ranked, key=lambda profile: -profile.days_covered)[:limit]
    # Periods that overlap only weekends or bank holidays cover no working day.
    ranked = [profile for profile in ranked if profile.days_covered]
    return [
        NearMatch(
            **vars(candidate),
            days_covered=profile.days_covered,
            working_days=working_days,
        )
        for candidate, profile in zip(_explained(context, ranked), ranked, strict=True)
    ]


def rank_applicants(
    help_request: HelpRequest, *, workers=None, context: HostContext | None = None
) -> list[Applicant]:
    """The people who applied or were invited, still in play or placed, with
    their score and reasons (whether or not they pass every hard filter),
    best first; those whose profile cannot be scored last, oldest first."""
    applications = help_request.applications.filter(status__in=APPLICANT_STATES).select_related(
        "worker__borough"
    )
    if workers is not None:
        applications = applications.filter(worker_id__in=workers)
    applications = list(applications.order_by("created_at", "pk"))
    if not applications:
        return []
    context = context or host_context(help_request)
    profiles = WorkerProfile.objects.filter(
        user_id__in=[application.worker_id for application in applications],
        job_level__isnull=False,
        qualified_on__isnull=False,
    )
    ranked = _run_ranking(scored(profiles, context).select_related("user__borough"))
    by_worker = {candidate.worker.pk: candidate for candidate in _explained(context, ranked)}
    applicants = [
        Applicant(application, by_worker.get(application.worker_id)) for application in applications
    ]
    order = {worker_id: n for n, worker_id in enumerate(by_worker)}
    return sorted(applicants, key=lambda applicant: order.get(applicant.worker.pk, len(order)))


def matches_for_worker(worker: User) -> list[RequestMatch]:
    """The open requests this worker passes the hard filters for, best first.

    A cheap query finds the requests that could match; each is then checked
    and scored by `rank_candidates` for this one worker, so both sides of the
    service always agree on who matches what.
    """
    profile = WorkerProfile.objects.filter(user_id=worker.pk).first()
    if (
        profile is None
        or not worker.is_worker
        or not worker.is_active
        or not profile.open_to_matching
        or not profile.registration_verified
        or None in (profile.job_level, profile.qualified_on, profile.registration_expires_on)
    ):
        return []
    could_match = (
        HelpRequest.objects.open()
        .exclude(borough_id=worker.borough_id)
        .filter(
            Exists(
                Availability.objects.filter(
                    profile=profile,
                    days_per_week__gte=OuterRef("days_per_week"),
                    starts_on__lte=OuterRef("starts_on"),
                    ends_on__gte=OuterRef("ends_on"),
                )
            ),
            borough_id__in=profile.willing_boroughs.values("pk"),
            job_level__lte=profile.job_level,
            ends_on__lte=profile.registration_expires_on,
        )
        .select_related("borough")
    )
    found = []
    for help_request in could_match:
        ranked = rank_candidates(help_request, workers=[worker.pk])
        if ranked:
            found.append(
                RequestMatch(help_request, ranked[0].score, ranked[0].reasons, ranked[0].points)
            )
    found.sort(
        key=lambda match: (-match.score, match.help_request.starts_on, match.help_request.pk)
    )
    return found
