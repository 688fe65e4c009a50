"""Celery worker processes of a test's own, delivering notifications from a
queue of that test's own to whatever mail server the test runs.

The `delivery_queue` fixture (registered in tests/conftest.py) points the
delivery task at a fresh queue and forgets it afterwards.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.db import connection

from config.celery import app
from notifications.delivery import requeue_stuck
from notifications.models import DeliveryStatus
from notifications.tasks import deliver_notification, deliver_notifications

ROOT = Path(__file__).resolve().parent.parent


def wait_until(condition: Callable[[], object], *, timeout: float, every: float = 0.05) -> bool:
    """Ask `condition` every `every` seconds until it holds (True) or `timeout` passes (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


@pytest.fixture
def delivery_queue(monkeypatch) -> Iterator[str]:
    """A queue of this test's own: delivery tasks queued here go to it, and only
    the workers started here listen to it (xdist processes share a run's queue)."""
    queue = f"delivery-{uuid.uuid4().hex[:12]}"
    for task in (deliver_notification, deliver_notifications):
        task = task._get_current_object()
        monkeypatch.setattr(task, "queue", queue, raising=False)
        monkeypatch.setattr(task, "_exec_options", None)
    yield queue
    _forget_queue(queue)


def _forget_queue(queue: str) -> None:
    """Delete the queue and the killed workers' unacknowledged messages for it,
    which Redis would otherwise hand back to the queue an hour from now."""
    try:
        client = redis.Redis.from_url(app.conf.broker_url, socket_connect_timeout=2)
        client.delete(queue)
        for tag, raw in client.hscan_iter("unacked"):
            if queue.encode() in raw:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        client.close()
    except redis.RedisError:
        pass  # the test's own Redis has already been stopped


class Workers:
    """Starts `celery worker` processes for one test and stops them all after it."""

    def __init__(self, queue: str, log_dir: Path, env: dict[str, str]) -> None:
        self.queue = queue
        self.log_dir = log_dir
        self.env = env
        self.started: list[subprocess.Popen] = []

    def start(self, queues: str | None = None, include: str = "") -> subprocess.Popen:
        """A worker on `queues` (comma-separated; this pool's queue when None),
        importing the task module `include` too when given."""
        nodename = f"delivery-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        log_path = self.log_dir / f"worker-{len(self.started)}.log"
        command = [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=info",
            f"--queues={queues or self.queue}",
            *([f"--include={include}"] if include else []),
            f"--hostname={nodename}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log_file, stderr=subprocess.STDOUT
            )
        process.log_path = log_path
        self.started.append(process)

        def answers() -> bool:
            if process.poll() is not None:
                pytest.fail(f"The worker exited early:\n{log_path.read_text()}", pytrace=False)
            try:
                return bool(app.control.ping(destination=[nodename], timeout=0.3))
            except Exception:  # the broker may be coming back
                return False

        if not wait_until(answers, timeout=60, every=0):
            pytest.fail(f"The worker did not answer ping:\n{log_path.read_text()}", pytrace=False)
        return process

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.log_path.name} ---\n{p.log_path.read_text(errors='replace')}"
            for p in self.started
        )

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)


def worker_env(*, email_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a worker on the test database, sending mail to email_url.

    The production settings module, not tests.settings: that one forces the
    in-memory (locmem) mailer, which another process's messages never reach.
    """
    database_url = (
        urlsplit(os.environ["DATABASE_URL"])
        ._replace(path="/" + connection.settings_dict["NAME"])
        .geturl()
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url,
        "EMAIL_URL": email_url,
        "GOVUK_NOTIFY_API_KEY": "",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        **overrides,
    }


def finish_with_sweeper(
    rows, *, timeout: float = 30, sending_after: timedelta = timedelta(seconds=10)
) -> bool:
    """Run the sweeper (with short thresholds) until every row is sent.

    Keep sending_after long unless the test killed a worker: a live send the
    sweeper takes back (a new worker's first one can take a second) goes twice.
    """

    def all_sent() -> bool:
        requeue_stuck(sending_after=sending_after, pending_after=timedelta(seconds=1))
        return not rows.exclude(delivery_status=DeliveryStatus.SENT).exists()

    return wait_until(all_sent, timeout=timeout, every=0.3)
