"""Shared fixtures for the whole suite.

The tests run against real PostgreSQL and Redis (settings: tests/settings.py).
When either is missing the run stops at once, naming the service and its URL;
it never falls back to SQLite or to eager tasks.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent


# --- Services: checked once, before any test runs ---------------------------


def _redacted(url: str) -> str:
    """The URL without its password, fit for a CI log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def _postgres_problem() -> str | None:
    import psycopg2
    from django.conf import settings

    url = os.environ.get("DATABASE_URL")
    if not url:
        return (
            "PostgreSQL: DATABASE_URL is not set. The tests need PostgreSQL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/secondments (make test sets it)."
        )
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return f"PostgreSQL: DATABASE_URL={_redacted(url)} is not a PostgreSQL database."
    # Like Django's test runner, connect to the maintenance database: the one
    # named in the URL need not exist, only test_<name> is created.
    error: Exception | None = None
    for dbname in ("postgres", db["NAME"]):
        try:
            connection = psycopg2.connect(
                dbname=dbname,
                host=db["HOST"] or None,
                port=db["PORT"] or None,
                user=db["USER"] or None,
                password=db["PASSWORD"] or None,
                connect_timeout=3,
                **db.get("OPTIONS", {}),
            )
        except psycopg2.Error as exc:
            error = exc
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user"
                )
                (can_create,) = cursor.fetchone()
        finally:
            connection.close()
        if not can_create:
            return (
                f"PostgreSQL at DATABASE_URL={_redacted(url)}: the role cannot create "
                "databases, and pytest-django creates test_<name> (ALTER ROLE ... CREATEDB)."
            )
        return None
    return f"PostgreSQL is not reachable at DATABASE_URL={_redacted(url)}: {error}".strip()


def _redis_problem() -> str | None:
    import redis

    url = os.environ.get("REDIS_URL")
    if not url:
        return (
            "Redis: REDIS_URL is not set. The tests need Redis as the Celery broker, e.g. "
            "REDIS_URL=redis://127.0.0.1:6379/0 (make test sets it)."
        )
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, ValueError) as exc:
        return f"Redis does not answer PING at REDIS_URL={_redacted(url)}: {exc}"
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    problems = [problem for problem in (_postgres_problem(), _redis_problem()) if problem]
    if problems:
        pytest.exit(
            "\n".join([*problems, "`make services` starts the local PostgreSQL and Redis."]),
            returncode=1,
        )


# --- A real Celery worker ---------------------------------------------------


@dataclass
class CeleryWorker:
    process: subprocess.Popen
    nodename: str
    queue: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # a warm shutdown: the current task finishes
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def celery_worker_process(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CeleryWorker]:
    """A `celery worker` subprocess on this run's Redis queue and test database.

    Tests that use it need `transactional_db`: the worker sees only committed
    rows. It is module-scoped so that other tests never meet a worker.
    """
    from django.conf import settings
    from django.db import connection

    from config.celery import app

    # django_db_setup has created the test database and renamed the connection's NAME.
    database_url = (
        urlsplit(os.environ["DATABASE_URL"])
        ._replace(path="/" + connection.settings_dict["NAME"])
        .geturl()
    )
    # Every queue of this run (default, matching, delivery: config/celery_queues.py).
    queue = ",".join(q.name for q in settings.CELERY_TASK_QUEUES)
    nodename = f"tests-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
    # Tasks queued earlier in this run, by tests that had no worker, would
    # otherwise run now against whatever the database holds by then.
    with app.connection_for_write() as broker:
        for name in queue.split(","):
            broker.default_channel.queue_purge(name)

    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=info",
        f"--queues={queue}",
        f"--hostname={nodename}",
        "--without-gossip",
        "--without-mingle",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    worker = CeleryWorker(process=process, nodename=nodename, queue=queue, log_path=log_path)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[nodename], timeout=0.5):
            if process.poll() is not None:
                pytest.fail(
                    f"The Celery worker exited with {process.returncode} before answering "
                    f"ping. Its log:\n{worker.log()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"The Celery worker did not answer ping within 60 s. Its log:\n{worker.log()}",
                    pytrace=False,
                )
        yield worker
    finally:
        _stop(process)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `make test-fast` leaves out every test that starts a worker, marked or not.
    for item in items:
        if "celery_worker_process" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.worker)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    report = yield
    worker = getattr(item, "funcargs", {}).get("celery_worker_process")
    if report.failed and isinstance(worker, CeleryWorker):
        report.sections.append(("Celery worker log", worker.log()))
    return report


def pytest_configure(config: pytest.Config) -> None:
    from tests.fast_flush import use_deleting_flush

    use_deleting_flush()


# --- A clean cache for every test -------------------------------------------


@pytest.fixture(autouse=True)
def _forget_cached_keys() -> Iterator[None]:
    """Delete this run's cache keys (allauth rate limits among them) after each test."""
    yield
    from django.conf import settings

    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if not prefix or not os.environ.get("REDIS_URL"):
        return
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


# --- Mail and delivery workers of a test's own ------------------------------

from tests.delivery_workers import delivery_queue  # noqa: E402, F401

# --- People: the persona fixtures (tests/personas.py) -------------------------
from tests.personas import *  # noqa: E402, F403
from tests.smtp_sink import smtp_sink  # noqa: E402, F401

from tests.browser import *  # noqa: E402, F403  # isort: skip

# --- An empty database of a test's own, for the schema upgrade tests ----------

# --- Authorities and people outside London (issue 13: regions) ----------------
from tests.regional import *  # noqa: E402, F403
from tests.upgrade_database import empty_database  # noqa: E402, F401
