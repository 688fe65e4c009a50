"""Matching benchmark: how long `rank_candidates` takes over a large population.

    .venv/bin/python -m bench.matching [--workers 100000] [--requests 200]

Seeds its own database, times rank_candidates for every open request, and
checks a few against the naive ranking; see __init__.py for the details.
"""

import argparse
import statistics
import sys
import time

from bench.matching.database import _configure, _create_database_if_missing
from bench.matching.naive import NaiveData, naive_rank
from bench.matching.seeding import _seed


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _sweep() -> tuple[float, int]:
    """The nightly sweep over every open request, as the task runs it, with its
    progress log on screen."""
    import logging

    from config.celery import app
    from matching.services import match_sweep

    # Delivering the notifications the sweep queues is the delivery queue's
    # work, on other workers: queued here (in memory), not run inline.
    app.conf.task_always_eager = False
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("  %(message)s"))
    handler.addFilter(lambda record: record.getMessage().startswith("sweep:"))
    logger = logging.getLogger("matching.services")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    started = time.perf_counter()
    try:
        results = match_sweep(progress_every=500)
    finally:
        logger.removeHandler(handler)
    return time.perf_counter() - started, len(results)


def _stored_reads(requests) -> list[float]:
    """Milliseconds to read each request's best stored matches, as the page does."""
    from matching.views import candidate_matches

    for help_request in requests[:5]:
        list(candidate_matches(help_request))
    timings = []
    for help_request in requests:
        started = time.perf_counter()
        list(candidate_matches(help_request))
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.matching", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--workers", type=int, default=100_000, help="social workers to seed")
    parser.add_argument("--requests", type=int, default=200, help="open requests to rank")
    parser.add_argument("--limit", type=int, default=50, help="candidates kept per request")
    parser.add_argument(
        "--sweep-requests",
        type=int,
        default=10_000,
        help="open requests seeded for the nightly sweep, which matches them all (0: no sweep)",
    )
    parser.add_argument(
        "--naive-requests", type=int, default=5, help="requests the naive ranking runs for"
    )
    args = parser.parse_args(argv)

    _configure()
    _create_database_if_missing()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from matching.ranking import rank_candidates
    from matching.stored import rank_for_storage
    from secondments.models import HelpRequest

    call_command("migrate", verbosity=0)
    _seed(args.workers, max(args.requests, args.sweep_requests))

    requests = list(
        HelpRequest.objects.open().select_related("borough").order_by("pk")[: args.requests]
    )
    # Warm the caches and the connection, as a running service would have them.
    for help_request in requests[:5]:
        rank_candidates(help_request, limit=args.limit)

    sweep_seconds, swept = _sweep() if args.sweep_requests else (0.0, 0)
    stored = _stored_reads(requests) if swept else []

    timings, full_timings, counts = [], [], []
    for help_request in requests:
        started = time.perf_counter()
        ranked = rank_candidates(help_request, limit=args.limit)
        timings.append((time.perf_counter() - started) * 1000)
        counts.append(len(ranked))
    for help_request in requests[:20]:
        started = time.perf_counter()
        everyone = rank_for_storage(help_request)
        full_timings.append(((time.perf_counter() - started) * 1000, len(everyone)))

    now = timezone.now()
    started = time.perf_counter()
    data = NaiveData()
    load_ms = (time.perf_counter() - started) * 1000
    naive_timings = []
    checked = 0
    for help_request in requests[: args.naive_requests]:
        request_skills = set(help_request.specialisms.values_list("pk", flat=True))
        started = time.perf_counter()
        naive = naive_rank(data, help_request, request_skills, limit=args.limit, now=now)
        naive_timings.append(load_ms + (time.perf_counter() - started) * 1000)
        ours = [(c.worker.pk, c.score) for c in rank_candidates(help_request, limit=args.limit)]
        if naive != ours:
            print(
                f"MISMATCH for request {help_request.pk}:\n  sql   {ours[:10]}\n  naive {naive[:10]}"
            )
            return 1
        checked += 1

    live_p50, live_p95 = statistics.median(timings), _percentile(timings, 0.95)
    naive_p50 = statistics.median(naive_timings)
    # The best 50 as the candidates page gets them: the stored ranking, read
    # with its live checks; without a sweep, ranked live.
    p50, p95 = (
        (statistics.median(stored), _percentile(stored, 0.95)) if stored else (live_p50, live_p95)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_workerprofile")
        (workers,) = cursor.fetchone()
    print(
        f"rank_candidates live (best {args.limit}) over {len(requests)} requests: "
        f"p50 {live_p50:.1f} ms, p95 {live_p95:.1f} ms, max {max(timings):.1f} ms; "
        f"candidates per request median {statistics.median(counts)}"
    )
    full_ms = [ms for ms, _ in full_timings]
    full_p50 = statistics.median(full_ms)
    print(
        f"rank_for_storage (every candidate, as match_request stores them) over 20 requests: "
        f"p50 {full_p50:.1f} ms, max {max(full_ms):.1f} ms, "
        f"candidates median {statistics.median(n for _, n in full_timings)}"
    )
    print(
        f"naive pure-Python ranking over {len(naive_timings)} requests: load {load_ms:.0f} ms "
        f"+ loops, p50 {naive_p50:.0f} ms per request; same best {args.limit} as SQL for "
        f"{checked} of {checked} requests"
    )
    if stored:
        print(
            f"stored best {args.limit} as the candidates page reads them, over "
            f"{len(stored)} requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(stored):.1f} ms"
        )
    if swept:
        print(
            f"match_sweep over {swept} open requests: {sweep_seconds:.0f} s "
            f"({sweep_seconds * 1000 / swept:.0f} ms per request; soft limit 3300 s)"
        )
    print(
        f"matching: workers={workers} p50_ms={p50:.1f} p95_ms={p95:.1f} "
        f"naive_ratio={naive_p50 / live_p50:.1f} full_p50_ms={full_p50:.1f} "
        f"sweep_seconds={sweep_seconds:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
