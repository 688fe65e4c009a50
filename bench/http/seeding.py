"""The HTTP benchmark's database and data: `manage.py seed_scale`'s seeding
when the project has it (in a database made afresh for it), otherwise
bench.render's market over all 153 authorities."""

import os
import random
import time

from bench.database import configure, create_database_if_missing

BENCH_DATABASE = "secondments_bench_http"
MARKER = "bench_http_seed"
SEED = 13  # issue 13
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def open_database() -> str:
    """Point Django at the benchmark's database (created and migrated when
    missing) with the server's settings, and set it up. Returns REDIS_URL."""
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    configure(BENCH_DATABASE)
    # As the server runs: the same settings module and cache, so anything this
    # process invalidates (after seeding) is invalidated for the server too.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.http.settings"
    os.environ["REDIS_URL"] = redis_url
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ["DJANGO_STATICFILES_STORAGE"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    os.environ["WHITENOISE_USE_FINDERS"] = "1"
    os.environ["DJANGO_SECURE_COOKIES"] = "0"
    os.environ["SECONDMENTS_HTTP_PROTOCOL"] = "http"
    create_database_if_missing(BENCH_DATABASE)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return redis_url


def _recreate_database() -> None:
    from urllib.parse import urlsplit

    import psycopg2

    url = urlsplit(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        dbname="postgres",
        host=url.hostname,
        port=url.port,
        user=url.username,
        password=url.password,
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    finally:
        admin.close()


def _seeded(cursor):
    cursor.execute("SELECT to_regclass(%s)", [MARKER])
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute(f"SELECT seed, requests, workers, source FROM {MARKER}")
    return cursor.fetchone()


def seed(*, workers: int, requests: int, seed: int = SEED) -> str:
    """Seed unless the database already holds this size; returns how it was seeded."""
    from django.core.management import call_command, get_commands
    from django.db import connection, transaction

    source = "seed_scale" if "seed_scale" in get_commands() else "bench.render"
    with connection.cursor() as cursor:
        found = _seeded(cursor)
    if found == (seed, requests, workers, source):
        print(f"http: reusing the seeded data ({requests} requests, {workers} workers, {source})")
        return source
    started = time.perf_counter()
    if source == "seed_scale":
        import sys

        from home.scale.seeding import seed_scale

        # seed_scale fills only an empty database (its accounts share a
        # published password): start this one again from nothing.
        connection.close()
        _recreate_database()
        call_command("migrate", verbosity=0)
        seed_scale(
            workers=workers, requests=requests, seed=seed, password="bench-http", stream=sys.stderr
        )
    else:
        from bench.render.market import Market, Size
        from bench.render.seeding import _explicit_timestamps

        class EnglandMarket(Market):
            ENGLAND = True

        from accounts.models import Availability, User, WorkerProfile
        from audit.models import AuditEvent
        from notifications.models import Notification
        from secondments.models import Application, HelpRequest, Placement

        models = (User, WorkerProfile, Availability, HelpRequest, Application, Placement)
        with (
            transaction.atomic(),
            _explicit_timestamps(*models, AuditEvent, Notification),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "TRUNCATE accounts_user, boroughs_team, secondments_helprequest "
                "RESTART IDENTITY CASCADE"
            )
            EnglandMarket(Size(requests=requests, workers=workers), random.Random(seed)).build()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER}")
        cursor.execute(
            f"CREATE TABLE {MARKER} (seed integer, requests integer, workers integer, source text)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s)", [seed, requests, workers, source]
        )
        cursor.execute("VACUUM ANALYZE")
    print(
        f"http: seeded {requests} requests and {workers} workers with {source} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return source
