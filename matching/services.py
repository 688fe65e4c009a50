"""Matching written down: Match rows kept in step with the ranking, and the
people who should hear about a request told once.

Safe to run again and again: a Match is unique per (request, worker) and is
upserted; a notification's idempotency key names the request (or, for a
worker's digest, the matches it lists), so a re-run writes nothing new.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, DecimalField, F, IntegerField, OuterRef, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, WorkerProfile
from boroughs.models import PressureReport
from matching.models import Match, Ranking
from matching.ranking import matches_for_worker
from matching.stored import rank_for_storage, store
from notifications.queueing import enqueue
from notifications.services import notify
from secondments.models import HelpRequest, RequestStatus, Urgency

logger = logging.getLogger(__name__)

UPSERT_BATCH = 1000


@dataclass(frozen=True)
class MatchResult:
    help_request_id: int
    matched: int  # workers who pass the hard filters now
    removed: int  # earlier matches who no longer do
    notified: int  # workers told about the request by this run


def _notify_top(help_request: HelpRequest) -> int:
    return settings.MATCHING_NOTIFY_TOP_N.get(help_request.urgency, 0)


def _upsert(rows: list[Match]) -> None:
    Match.objects.bulk_create(
        rows,
        batch_size=UPSERT_BATCH,
        update_conflicts=True,
        unique_fields=["help_request", "worker"],
        update_fields=["score", "reasons", "points", "computed_at"],
    )


MATCH_REQUEST_TASK = "matching.tasks.match_request"
# While a ranking is queued, views of the page do not queue it again.
RANKING_QUEUED_SECONDS = 300


def queue_ranking(help_request: HelpRequest) -> bool:
    """Queue the ranking of an open request that has none stored yet, once:
    many views of its candidates page while it waits queue one task (and the
    task itself is safe to run twice). True when this call queued it."""
    if not cache.add(f"matching:ranking-queued:{help_request.pk}", 1, RANKING_QUEUED_SECONDS):
        return False
    return enqueue(MATCH_REQUEST_TASK, help_request.pk)


def _dates(help_request: HelpRequest) -> str:
    return f"{help_request.starts_on:%-d %B %Y} to {help_request.ends_on:%-d %B %Y}"


def match_request(*, help_request: HelpRequest) -> MatchResult:
    """Rank the request's candidates, keep its Match rows in step, and tell the
    best-ranked few who have not heard about it yet."""
    with transaction.atomic():
        # One run per request at a time: the publish trigger and the sweep may meet.
        help_request = (
            HelpRequest.objects.select_for_update(of=("self",))
            .select_related("borough")
            .get(pk=help_request.pk)
        )
        if not help_request.is_open:
            return MatchResult(help_request.pk, matched=0, removed=0, notified=0)
        now = timezone.now()
        candidates = rank_for_storage(help_request)
        removed = store(help_request, candidates, now)
        Ranking.objects.update_or_create(
            help_request=help_request,
            defaults={"ranked_at": now, "candidates": len(candidates)},
        )
        top = {c.worker_id: c for c in candidates[: _notify_top(help_request)]}
        # Claim before notifying: a worker's own digest running at the same
        # moment must not tell them about this request a second time.
        fresh = list(
            Match.objects.select_for_update(skip_locked=True)
            .filter(help_request=help_request, worker_id__in=top, notified_at__isnull=True)
            .values_list("pk", "worker_id")
        )
        Match.objects.filter(pk__in=[pk for pk, _ in fresh]).update(notified_at=now)
        told = User.objects.in_bulk([worker_id for _pk, worker_id in fresh])
        for _pk, worker_id in fresh:
            candidate = top[worker_id]
            notify(
                recipients=[told[worker_id]],
                event="match_found",
                title=f"{help_request.borough} needs help that suits you: {help_request.title}",
                body=(
                    f"{_dates(help_request)}, {help_request.days_per_week} days a week. "
                    f"Why you: {'; '.join(candidate.reasons)}."
                ),
                link=help_request.get_absolute_url(),
                key=str(help_request.pk),
            )
    logger.info(
        "matched request=%s candidates=%s removed=%s notified=%s",
        help_request.pk,
        len(candidates),
        removed,
        len(fresh),
    )
    return MatchResult(
        help_request.pk, matched=len(candidates), removed=removed, notified=len(fresh)
    )


@dataclass(frozen=True)
class WorkerMatchResult:
    worker_id: int
    matched: int
    removed: int
    new: int  # matches listed in this run's digest (0: no digest sent)


def match_worker(*, worker: User) -> WorkerMatchResult:
    """Recompute one worker's matches across open requests, after they change
    their profile or availability, and send one digest of the new ones."""
    with transaction.atomic():
        # One run per worker at a time: two quick edits queue two runs.
        WorkerProfile.objects.select_for_update().filter(user_id=worker.pk).first()
        now = timezone.now()
        found = matches_for_worker(worker)
        _upsert(
            [
                Match(
                    help_request=match.help_request,
                    worker=worker,
                    score=match.score,
                    reasons=match.reasons,
                    points=match.points,
                    computed_at=now,
                )
                for match in found
            ]
        )
        removed, _ = (
            Match.objects.filter(worker=worker, help_request__status=RequestStatus.OPEN)
            .exclude(computed_at=now)
            .delete()
        )
        new = list(
            Match.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(worker=worker, computed_at=now, notified_at__isnull=True)
            .select_related("help_request__borough")
        )
        new.sort(key=lambda m: (-m.score, m.help_request.starts_on, m.pk))
        if new:
            Match.objects.filter(pk__in=[m.pk for m in new]).update(notified_at=now)
            _send_digest(worker, new)
    return WorkerMatchResult(worker.pk, matched=len(found), removed=removed, new=len(new))


def _send_digest(worker: User, matches: list[Match]) -> None:
    count = len(matches)
    lines = [
        f"- {m.help_request.title} ({m.help_request.borough}, {_dates(m.help_request)}, "
        f"{m.help_request.days_per_week} days a week): {'; '.join(m.reasons)}"
        for m in matches
    ]
    # The key names the matches listed: the same set is never sent twice.
    listed = ",".join(str(m.pk) for m in sorted(matches, key=lambda m: m.pk))
    notify(
        recipients=[worker],
        event="matches_digest",
        title=(
            "A help request matches your profile"
            if count == 1
            else f"{count} help requests match your profile"
        ),
        body="\n".join(lines),
        link=reverse("my_matches"),
        key=hashlib.sha256(listed.encode()).hexdigest()[:32],
    )


def requests_to_sweep():
    """Open requests in the order the sweep takes them: crisis, then urgent,
    then routine; within each, the host boroughs under most pressure (latest
    vacancy rate) first, then the soonest to start."""
    latest_vacancy_rate = Subquery(
        PressureReport.objects.filter(borough_id=OuterRef("borough_id"))
        .order_by("-month")
        .values("vacancy_rate")[:1],
        output_field=DecimalField(),
    )
    return (
        HelpRequest.objects.open()
        .annotate(
            urgency_rank=Case(
                When(urgency=Urgency.CRISIS, then=Value(0)),
                When(urgency=Urgency.URGENT, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            vacancy_rate=latest_vacancy_rate,
        )
        .order_by("urgency_rank", F("vacancy_rate").desc(nulls_last=True), "starts_on", "pk")
    )


SWEEP_PROGRESS_EVERY = 500


def match_sweep(*, progress_every: int = SWEEP_PROGRESS_EVERY) -> list[MatchResult]:
    """Match every open request (nightly): catches up anything a trigger
    missed, such as a change made while the broker was down. Logs its
    progress (done/total, elapsed) every `progress_every` requests."""
    results = []
    pks = list(requests_to_sweep().values_list("pk", flat=True))
    total = len(pks)
    started = time.monotonic()
    logger.info("sweep: %s open requests to match", total)
    for done, pk in enumerate(pks, start=1):
        try:
            results.append(match_request(help_request=HelpRequest(pk=pk)))
        except SoftTimeLimitExceeded:
            logger.warning(
                "sweep: stopped at its time limit after %s/%s requests, %.0f s",
                done - 1,
                total,
                time.monotonic() - started,
            )
            raise  # the worker wants this task to stop now
        except Exception:
            # One request's failure must not starve every request after it.
            logger.exception("matching failed for request %s", pk)
        if done % progress_every == 0 or done == total:
            logger.info("sweep: %s/%s requests, %.0f s", done, total, time.monotonic() - started)
    return results
