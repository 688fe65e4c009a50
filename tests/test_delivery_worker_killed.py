"""Kill -9 the Celery worker while it delivers a batch: no notification is lost,
and a notification that arrives twice arrives under its first copy's Message-ID.

A real worker process (started here, on a queue of its own, against the test
database) sends email over real SMTP to a small SMTP server run by the test,
which keeps every message it accepts. The worker is killed with SIGKILL in the
middle of the batch, a new worker is started, the sweeper re-queues what was
stranded, and then every row must be `sent`, every row's Message-ID must have
reached the server, and each Message-ID must belong to one row and each row
to one Message-ID (the X-Secondments-Notification header names the row).

Two rounds kill at the moment that makes a duplicate: the SMTP server has
accepted a message and kills the worker before answering 250, so the row is
still "sending" and goes again. One kills as a message starts, which the server
then never has: it must still arrive. Two kill from the test at whatever point
the worker has reached.
"""

import contextlib
import email.message
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.db import connection, transaction

from config.celery import app
from notifications.delivery import message_id, requeue_stuck
from notifications.models import DeliveryStatus, Notification
from notifications.services import notify
from notifications.tasks import deliver_notification
from tests.factories import UserFactory

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parent.parent
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
                elif verb == b"RCPT" and line.split(b":", 1)[1].strip(b" <>\r\n") in sink.refused:
                    self.reply(b"550 5.1.1 No such mailbox here")
                elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                    self.reply(b"250 OK")
                elif verb == b"DATA":
                    sink.data_starting()
                    self.reply(b"354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while (line := self.rfile.readline()) != b".\r\n":
                        if not line:
                            return  # dropped before the final ".": no message, as RFC 5321 says
                        lines.append(line[1:] if line.startswith(b"..") else line)
                    if not sink.accept(b"".join(lines)):
                        return  # accepted, but the client never hears so
                    self.reply(b"250 OK queued")
                elif verb == b"QUIT":
                    self.reply(b"221 Bye")
                    return
                else:
                    self.reply(b"502 Command not implemented")
        except OSError:
            return  # connection reset by a killed client


class SmtpSink:
    """Keeps every message accepted after its final ".". Can SIGKILL a process
    just after accepting the n-th message, before answering it, or as the n-th
    message starts (so it is never accepted); refuse recipients; or hang up on
    the next message once it has accepted it."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.refused: set[bytes] = set()
        self._lock = threading.Lock()
        self._kill: tuple[int, int, str] | None = None
        self._hang_up_after_next = False
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
        self.server.daemon_threads = True
        self.server.sink = self
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.server.server_address[1]}"

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def _kill_if(self, moment: str, number: int) -> None:
        """SIGKILL the process if this is the moment, and the message, to."""
        with self._lock:
            kill = self._kill
            if not (kill and kill[2] == moment and number >= kill[1]):
                return
            self._kill = None
        os.kill(kill[0], signal.SIGKILL)

    def data_starting(self) -> None:
        self._kill_if("starting", self.count() + 1)

    def accept(self, data: bytes) -> bool:
        """Keep the message; whether to answer the client."""
        with self._lock:
            self.messages.append(data)
            number = len(self.messages)
            answer, self._hang_up_after_next = not self._hang_up_after_next, False
        self._kill_if("accepted", number)
        return answer

    def kill_at(self, pid: int, number: int, moment: str) -> None:
        """SIGKILL pid when the number-th message starts, or is accepted."""
        assert moment in ("starting", "accepted")
        with self._lock:
            self._kill = (pid, number, moment)

    def hang_up_after_next(self) -> None:
        with self._lock:
            self._hang_up_after_next = True

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self._kill = None

    def parsed(self) -> list[email.message.Message]:
        with self._lock:
            messages = list(self.messages)
        return [email.message_from_bytes(data) for data in messages]

    def received(self) -> Counter:
        """How many times each notification (by its idempotency key) arrived."""
        return Counter(message[HEADER] for message in self.parsed())

    def deliveries(self) -> list[tuple[str, str]]:
        """(Message-ID, notification key) of each message, in the order accepted."""
        return [(message["Message-ID"], message[HEADER]) for message in self.parsed()]

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


# --- The test -----------------------------------------------------------------


def test_killing_the_worker_mid_batch_loses_nothing_and_repeats_only_under_one_message_id(
    transactional_db, smtp_sink, workers
):
    people = [UserFactory(email=f"person{n}@camden.gov.uk") for n in range(10)]
    worker = workers.start()
    started = time.monotonic()
    repeats = 0

    # (message number, when): killed by the SMTP server just after it accepted
    # that message (before answering 250: a repeat), or as that message starts
    # (the server never has it: a loss, for a design that marks rows sent first),
    # or by the test at whatever point the worker has reached.
    kills = [(5, "accepted"), (8, "any time"), (4, "starting"), (11, "any time"), (6, "accepted")]
    for round_number, (kill_at, moment) in enumerate(kills):
        smtp_sink.clear()
        if moment != "any time":
            smtp_sink.kill_at(worker.pid, kill_at, moment)
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

        if moment == "any time":
            reached = wait_until(lambda n=kill_at: smtp_sink.count() >= n, timeout=30, every=0.002)
            assert reached, workers.logs()
            os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=30) == -signal.SIGKILL, workers.logs()
        delivered_before_kill = smtp_sink.count()
        assert kill_at - 1 <= delivered_before_kill < BATCH, "the kill must land mid-batch"

        worker = workers.start()  # finishes this batch, and is the next round's victim
        assert finish_with_sweeper(rows, sending_after=timedelta(seconds=1)), (
            f"round {round_number}: not all sent: "
            f"{list(rows.values_list('pk', 'delivery_status'))}\n{workers.logs()}"
        )
        time.sleep(0.2)  # a copy the killed worker left in its socket is read by now

        deliveries = smtp_sink.deliveries()
        expected = {row.idempotency_key: message_id(row) for row in rows}
        ids_of_row: dict[str, set[str]] = defaultdict(set)
        rows_of_id: dict[str, set[str]] = defaultdict(set)
        for sent_id, key in deliveries:
            ids_of_row[key].add(sent_id)
            rows_of_id[sent_id].add(key)
        lost = set(expected) - set(ids_of_row)
        assert not lost, f"round {round_number}: lost {sorted(lost)}\n{workers.logs()}"
        assert dict(ids_of_row) == {key: {expected[key]} for key in expected}, (
            f"round {round_number}: a row went out under a Message-ID not its own, or two"
        )
        assert all(len(keys) == 1 for keys in rows_of_id.values()), rows_of_id
        copies = Counter(sent_id for sent_id, _ in deliveries)
        if moment == "accepted":
            # The message the server accepted as the worker died went again.
            killed_id = deliveries[kill_at - 1][0]
            assert copies[killed_id] >= 2, f"round {round_number}: {copies}"
        repeats += sum(n - 1 for n in copies.values())

    elapsed = time.monotonic() - started
    print(
        f"{len(kills)} batches of {BATCH}, each killed mid-batch: 0 lost, {repeats} repeats, {elapsed:.1f} s"
    )
    assert elapsed < 60
