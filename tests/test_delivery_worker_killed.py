"""Kill -9 the Celery worker while it delivers a batch: every notification still
arrives exactly once.

A real worker process (started here, on a queue of its own, against the test
database) sends email over real SMTP to a small SMTP server run by the test,
which keeps every message it accepts. The worker is killed with SIGKILL in the
middle of the batch, a new worker is started, the sweeper re-queues what was
stranded, and then every row must be `sent` and the server must hold each
notification exactly once (counted by its X-Secondments-Notification header).

Half of the rounds kill at the worst moment for a "send, then mark sent"
design: the SMTP server has the whole message and kills the worker before
answering 250. The other half kill from the test at whatever point the worker
has reached.
"""

import contextlib
import email
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.db import connection, transaction

from config.celery import app
from notifications.delivery import requeue_stuck
from notifications.models import DeliveryStatus, Notification
from notifications.services import notify
from notifications.tasks import deliver_notification
from tests.factories import UserFactory

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5
BATCH = 30
HEADER = "X-Secondments-Notification"


def wait_until(condition: Callable[[], object], *, timeout: float, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


# --- A minimal SMTP server ----------------------------------------------------


class _SmtpHandler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: bytes) -> None:
        with contextlib.suppress(OSError):  # a killed client: nothing to answer
            self.wfile.write(line + b"\r\n")

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink
        self.reply(b"220 sink.test ESMTP")
        try:
            while line := self.rfile.readline():
                verb = line.strip().split(b" ", 1)[0].upper()
                if verb == b"EHLO":
                    self.reply(b"250-sink.test\r\n250 8BITMIME")
                elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                    self.reply(b"250 OK")
                elif verb == b"DATA":
                    self.reply(b"354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while (line := self.rfile.readline()) != b".\r\n":
                        if not line:
                            return  # dropped before the final ".": no message, as RFC 5321 says
                        lines.append(line[1:] if line.startswith(b"..") else line)
                    sink.accept(b"".join(lines))
                    self.reply(b"250 OK queued")
                elif verb == b"QUIT":
                    self.reply(b"221 Bye")
                    return
                else:
                    self.reply(b"502 Command not implemented")
        except OSError:
            return  # connection reset by a killed client


class SmtpSink:
    """Keeps every message accepted after its final "."; can SIGKILL a process
    just after accepting the n-th message, before answering it."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self._lock = threading.Lock()
        self._kill: tuple[int, int] | None = None
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
        self.server.daemon_threads = True
        self.server.sink = self
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.server.server_address[1]}"

    def accept(self, data: bytes) -> None:
        with self._lock:
            self.messages.append(data)
            kill = self._kill if self._kill and len(self.messages) >= self._kill[1] else None
            if kill:
                self._kill = None
        if kill:
            os.kill(kill[0], signal.SIGKILL)

    def kill_after(self, pid: int, count: int) -> None:
        with self._lock:
            self._kill = (pid, count)

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self._kill = None

    def received(self) -> Counter:
        with self._lock:
            messages = list(self.messages)
        return Counter(email.message_from_bytes(data)[HEADER] for data in messages)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    yield sink
    sink.close()


# --- Workers of our own -------------------------------------------------------


@pytest.fixture
def delivery_queue(monkeypatch) -> Iterator[str]:
    """A queue of this test's own: delivery tasks queued here go to it, and only
    the workers started here listen to it (xdist processes share a run's queue)."""
    queue = f"delivery-{uuid.uuid4().hex[:12]}"
    task = deliver_notification._get_current_object()
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

    def start(self) -> subprocess.Popen:
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
            f"--queues={self.queue}",
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


@pytest.fixture
def workers(delivery_queue, smtp_sink, tmp_path) -> Iterator[Workers]:
    pool = Workers(delivery_queue, tmp_path, worker_env(email_url=smtp_sink.url))
    yield pool
    pool.stop_all()


def finish_with_sweeper(rows, *, timeout: float = 30) -> bool:
    """Run the sweeper (with short thresholds) until every row is sent."""

    def all_sent() -> bool:
        requeue_stuck(sending_after=timedelta(seconds=1), pending_after=timedelta(seconds=1))
        return not rows.exclude(delivery_status=DeliveryStatus.SENT).exists()

    return wait_until(all_sent, timeout=timeout, every=0.3)


# --- The test -----------------------------------------------------------------


def test_killing_the_worker_mid_batch_still_delivers_each_notification_exactly_once(
    transactional_db, smtp_sink, workers
):
    people = [UserFactory(email=f"person{n}@camden.gov.uk") for n in range(10)]
    worker = workers.start()
    started = time.monotonic()

    for round_number in range(ROUNDS):
        kill_at = (5, 8, 4, 11, 6)[round_number]
        killed_by_sink = round_number % 2 == 0
        smtp_sink.clear()
        if killed_by_sink:
            smtp_sink.kill_after(worker.pid, kill_at)
        with transaction.atomic():
            for n in range(BATCH // len(people)):
                notify(
                    recipients=people,
                    event="application_approved",
                    title=f"Round {round_number}: placement agreed, notice {n}",
                    link="/placements/1/",
                    key=f"round{round_number}-{n}",
                )
        rows = Notification.objects.filter(idempotency_key__contains=f":round{round_number}-")
        assert rows.count() == BATCH

        if not killed_by_sink:
            reached = wait_until(lambda n=kill_at: smtp_sink.count() >= n, timeout=30, every=0.002)
            assert reached, workers.logs()
            os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=30) == -signal.SIGKILL, workers.logs()
        delivered_before_kill = smtp_sink.count()
        assert kill_at <= delivered_before_kill < BATCH, "the kill must land mid-batch"

        worker = workers.start()  # finishes this batch, and is the next round's victim
        assert finish_with_sweeper(rows), (
            f"round {round_number}: not all sent: "
            f"{list(rows.values_list('pk', 'delivery_status'))}\n{workers.logs()}"
        )

        # A row is marked sent just before the server gets the message's final
        # ".", so the server may be a moment behind the database.
        wait_until(lambda: smtp_sink.count() >= BATCH, timeout=5)
        time.sleep(0.2)  # and any second copy would have arrived by now
        received = smtp_sink.received()
        keys = set(rows.values_list("idempotency_key", flat=True))
        duplicates = {key: n for key, n in received.items() if n > 1}
        assert duplicates == {}, f"round {round_number}: sent twice: {duplicates}"
        missing = keys - set(received)
        assert not missing, (
            f"round {round_number}: missing "
            f"{list(rows.filter(idempotency_key__in=missing).values())}\n{workers.logs()}"
        )
        assert sum(received.values()) == BATCH
        assert rows.filter(delivery_status=DeliveryStatus.SENT).count() == BATCH

    assert time.monotonic() - started < 60
