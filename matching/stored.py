"""Every candidate for a request, ranked as the task stores them (Match rows).

The same hard filters, score and reasons as `rank_candidates`, but lean, for
thousands of rows a request and ten thousand requests a night: the query
returns only the few columns the score's explanation reads (no User,
Borough or full profile objects), and the reasons are written once for each
distinct combination of those columns, since many candidates share one.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from psycopg2.extras import execute_values

from matching.models import Match
from matching.ranking import _run_ranking as run_ranking
from matching.ranking import eligible_profiles, years_qualified_on
from matching.ranking.score import (
    HostContext,
    explain,
    host_context,
    recent_placement_counts,
    scored,
    specialism_counts,
)
from secondments.models import HelpRequest

WRITE_BATCH = 1000


@dataclass(frozen=True)
class StoredCandidate:
    worker_id: int
    score: int
    reasons: list[str] = field(hash=False)
    points: list[list] = field(hash=False)
    # As written to the database: encoded once for candidates who share them.
    reasons_json: str = ""
    points_json: str = ""


@dataclass(frozen=True)
class _Scored:
    """What `explain` reads of a profile, and of its user."""

    job_level: int
    qualified_on: datetime.date
    borough_id: int | None

    @property
    def user(self) -> "_Scored":
        return self


def _counts(counts: QuerySet, column: str, ids: list[int]) -> dict[int, int]:
    """(id, n) rows of a counting query for these ids only: one array
    parameter however many there are (an IN list of thousands costs more to
    build than to run)."""
    if connection.vendor != "postgresql":  # the demo's SQLite: a few hundred at most
        return dict(counts.filter(**{f"{column}__in": ids}).values_list(column, "n"))
    sql, params = counts.values_list(column, "n").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) AS counted WHERE {column} = ANY(%s)", [*params, ids])
        return dict(cursor.fetchall())


def rank_for_storage(
    help_request: HelpRequest, context: HostContext | None = None
) -> list[StoredCandidate]:
    """Every worker who passes the hard filters, best first, with their reasons."""
    context = context or host_context(help_request)
    rows = run_ranking(
        scored(eligible_profiles(help_request), context).values_list(
            "pk", "user_id", "user__borough_id", "job_level", "qualified_on", "match_score"
        )
    )
    if not rows:
        return []
    covered: dict[int, int] = {}
    if context.specialism_ids:
        covered = _counts(specialism_counts(context), "workerprofile_id", [row[0] for row in rows])
    recent = _counts(recent_placement_counts(context), "worker_id", [row[1] for row in rows])
    explained: dict[tuple, tuple] = {}
    candidates = []
    for profile_id, user_id, borough_id, job_level, qualified_on, score in rows:
        key = (
            covered.get(profile_id, 0),
            recent.get(user_id, 0),
            job_level,
            # The reasons read the whole years qualified, not the date.
            years_qualified_on(qualified_on, help_request.starts_on),
            borough_id,
        )
        if key not in explained:
            points, reasons, _newly = explain(
                context,
                _Scored(job_level, qualified_on, borough_id),
                covered=key[0],
                recent=key[1],
            )
            points = [list(part) for part in points]
            explained[key] = (reasons, points, json.dumps(reasons), json.dumps(points))
        candidates.append(StoredCandidate(user_id, score, *explained[key]))
    return candidates


def store(help_request: HelpRequest, candidates: list[StoredCandidate], now) -> int:
    """Keep the request's Match rows in step with `candidates`, in a few
    statements: insert the new, update only those whose score or reasons
    changed (stamped `now`; the database compares, so nothing is read back),
    delete those no longer candidates. Returns the number deleted."""
    if connection.vendor != "postgresql":
        return _store_portably(help_request, candidates, now)
    table = connection.ops.quote_name(Match._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's, for execute_values
        for start in range(0, len(candidates), WRITE_BATCH):
            execute_values(
                raw,
                f"INSERT INTO {table} "
                "(help_request_id, worker_id, score, reasons, points, computed_at) VALUES %s "
                "ON CONFLICT (help_request_id, worker_id) DO UPDATE SET "
                "score = EXCLUDED.score, reasons = EXCLUDED.reasons, "
                "points = EXCLUDED.points, computed_at = EXCLUDED.computed_at "
                f"WHERE ({table}.score, {table}.reasons, {table}.points) "
                "IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.reasons, EXCLUDED.points)",
                [
                    (
                        help_request.pk,
                        candidate.worker_id,
                        candidate.score,
                        candidate.reasons_json or json.dumps(candidate.reasons),
                        candidate.points_json or json.dumps(candidate.points),
                        now,
                    )
                    for candidate in candidates[start : start + WRITE_BATCH]
                ],
                template="(%s, %s, %s, %s::jsonb, %s::jsonb, %s)",
                page_size=WRITE_BATCH,
            )
        cursor.execute(
            # NOT IN a subquery: hashed once, not an array searched for every row.
            f"DELETE FROM {table} WHERE help_request_id = %s "
            "AND worker_id NOT IN (SELECT unnest(%s::bigint[]))",
            [help_request.pk, [candidate.worker_id for candidate in candidates]],
        )
        return cursor.rowcount


def _store_portably(help_request: HelpRequest, candidates: list[StoredCandidate], now) -> int:
    """The same with the ORM, for the demo's SQLite: every row written."""
    Match.objects.bulk_create(
        [
            Match(
                help_request=help_request,
                worker_id=candidate.worker_id,
                score=candidate.score,
                reasons=candidate.reasons,
                points=candidate.points,
                computed_at=now,
            )
            for candidate in candidates
        ],
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["help_request", "worker"],
        update_fields=["score", "reasons", "points", "computed_at"],
    )
    removed, _ = Match.objects.filter(help_request=help_request).exclude(computed_at=now).delete()
    return removed
