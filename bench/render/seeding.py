"""The render benchmark's data: London, its managers and social workers, and a
market of help requests in every state, made the same way from the same seed.

Rows go in with bulk_create (a few thousand to a statement), so the full size
seeds in well under a minute. Timestamps are set here rather than left to
auto_now: a history whose every line says "just now" is not what people read.
"""

import contextlib
import random
import time

from bench.render.market import Market, Size

SEED = 8  # issue 8
MARKER = "bench_render_seed"


FULL = Size(requests=10_000, workers=2_000)
QUICK = Size(requests=300, workers=60)


def seeded_size(cursor) -> tuple[int, int, int] | None:
    cursor.execute("SELECT to_regclass(%s)", [MARKER])
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute(f"SELECT seed, requests, workers FROM {MARKER}")
    return cursor.fetchone()


@contextlib.contextmanager
def _explicit_timestamps(*models):
    """Let bulk_create keep the times given instead of stamping every row now."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def seed(size: Size, *, seed: int = SEED, quiet: bool = False) -> None:
    """Seed this size of data into the current database, unless it already holds it."""
    from django.db import connection, transaction

    from accounts.models import Availability, User, WorkerProfile
    from audit.models import AuditEvent
    from notifications.models import Notification
    from secondments.models import Application, HelpRequest, Placement

    say = (lambda *args: None) if quiet else print
    with connection.cursor() as cursor:
        if seeded_size(cursor) == (seed, size.requests, size.workers):
            say(
                f"render: reusing the seeded data ({size.requests} requests, {size.workers} workers)"
            )
            return
    started = time.perf_counter()
    models = (User, WorkerProfile, Availability, HelpRequest, Application, Placement)
    with (
        transaction.atomic(),
        _explicit_timestamps(*models, AuditEvent, Notification),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "TRUNCATE accounts_user, boroughs_team, secondments_helprequest RESTART IDENTITY CASCADE"
        )
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER}")
        Market(size, random.Random(seed)).build()
        cursor.execute(f"CREATE TABLE {MARKER} (seed integer, requests integer, workers integer)")
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s)", [seed, size.requests, size.workers]
        )
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would leave a settled database
    say(
        f"render: seeded {size.requests} requests, {size.workers} workers, "
        f"{Application.objects.count()} applications, {Placement.objects.count()} placements "
        f"and {AuditEvent.objects.count()} audit events in {time.perf_counter() - started:.1f} s"
    )
