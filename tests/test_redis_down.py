"""With Redis down, the workflow carries on at full speed; once it is back,
every notification the workflow wrote is delivered, once.

The test starts a Redis server of its own on a free loopback port (never the
machine's shared one), points the Celery app at it, stops it, and drives 20
workflow actions through the web client. Then it starts Redis again and a
worker, runs the sweeper, and counts what the SMTP server received.
"""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.urls import reverse

from accounts.models import Role
from config.celery import app
from notifications.models import DeliveryStatus, Notification
from notifications.queueing import reset_broker_rest
from secondments import services
from secondments.models import Application
from tests.delivery_workers import Workers, finish_with_sweeper, wait_until, worker_env
from tests.factories import MatchFactory, UserFactory, WorkerProfileFactory
from tests.request_input import request_data

pytestmark = pytest.mark.worker

ACTION_TIME_LIMIT = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A throwaway redis-server on a loopback port of its own, nothing kept on disk."""

    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        assert wait_until(answers, timeout=10), f"redis-server did not start on {self.port}"
        client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(tmp_path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def _use_broker(url: str) -> None:
    """Point this process's Celery app at url.

    The app caches its connection and producer pools; dropping them makes it
    look them up again for the new URL. (Never close them: kombu keeps one pool
    per URL for the whole process, and the shared Redis's pool is used again
    after this test.)
    """
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url


@pytest.fixture
def broker_on_own_redis(own_redis) -> Iterator[OwnRedis]:
    shared = app.conf.broker_url
    _use_broker(own_redis.url)
    reset_broker_rest()
    yield own_redis
    _use_broker(shared)
    reset_broker_rest()


def _worker(borough, email: str):
    person = UserFactory(email=email, full_name=email.split("@")[0].title(), borough=borough)
    WorkerProfileFactory(user=person)
    return person


def _published(by, **overrides):
    draft = services.help_request_create(by=by, data=request_data(**overrides))
    return services.help_request_publish(help_request=draft, by=by)


def test_workflow_keeps_working_with_redis_down_and_delivers_everything_once_it_is_back(
    transactional_db,
    broker_on_own_redis,
    delivery_queue,
    smtp_sink,
    tmp_path,
    client,
    camden,
    hackney,
    camden_manager,
    haringey_manager,
    hackney_manager,
    coordinator,
):
    own_redis = broker_on_own_redis
    w1, w2, w4, w7 = (_worker(camden, f"w{n}@camden.gov.uk") for n in (1, 2, 4, 7))
    w3, w5, w6 = (_worker(hackney, f"w{n}@hackney.gov.uk") for n in (3, 5, 6))
    first = _published(haringey_manager, title="Assessment team cover", places=2)
    second = _published(haringey_manager, title="Duty desk cover", places=1)
    third = _published(hackney_manager, title="Hospital discharge team", places=1)
    assert not Notification.objects.exists()

    own_redis.stop()

    timings: list[tuple[str, int, float]] = []

    def act(person, url_name: str, args: list, data: dict | None = None) -> None:
        client.force_login(person)
        reset_broker_rest()  # every action tries the broker, none skips it
        before = Notification.objects.count()
        started = time.monotonic()
        response = client.post(reverse(url_name, args=args), data or {})
        timings.append(
            (f"{person} {url_name} {args}", response.status_code, time.monotonic() - started)
        )
        assert response.status_code == 302, (url_name, args, response.content.decode()[:2000])
        assert Notification.objects.count() > before, f"{url_name} {args} told nobody"

    def application(worker, help_request) -> Application:
        return Application.objects.get(worker=worker, help_request=help_request)

    def on(worker, help_request, action: str, by, reason: str = "") -> None:
        pk = application(worker, help_request).pk
        act(by, "application_action", [pk, action], {"reason": reason} if reason else {})

    for worker, help_request in ((w1, first), (w2, first), (w3, first), (w4, second), (w5, second)):
        act(worker, "request_volunteer", [help_request.pk], {"note": "I can help"})  # 1-5
    on(w1, first, "select", haringey_manager)  # 6
    on(w2, first, "select", haringey_manager)  # 7
    on(w3, first, "decline", haringey_manager, "We have enough offers")  # 8
    on(w1, first, "release", camden_manager)  # 9
    on(w2, first, "refuse", camden_manager, "Needed for the inspection")  # 10
    on(w1, first, "approve", coordinator)  # 11
    MatchFactory(help_request=second, worker=w6, score=70)
    act(haringey_manager, "request_invite", [second.pk], {"worker": w6.pk})  # 12
    on(w6, second, "accept", w6)  # 13
    on(w4, second, "select", haringey_manager)  # 14
    on(w5, second, "withdraw", w5)  # 15
    on(w4, second, "release", camden_manager)  # 16
    on(w4, second, "reject", coordinator, "Dates clash with leave")  # 17
    act(
        haringey_manager, "request_close", [second.pk], {"reason": "Recruited an agency worker"}
    )  # 18
    act(w7, "request_volunteer", [third.pk], {"note": ""})  # 19
    act(coordinator, "request_cancel", [third.pk], {"reason": "Funding withdrawn"})  # 20

    assert len(timings) == 20
    slow = [timing for timing in timings if timing[2] >= ACTION_TIME_LIMIT]
    assert slow == [], slow
    assert all(status < 500 for _, status, _ in timings)
    rows = Notification.objects.all()
    total = rows.count()
    assert set(rows.values_list("delivery_status", flat=True)) == {DeliveryStatus.PENDING}
    print(
        f"20 actions with Redis down: slowest {max(t for *_, t in timings):.3f} s, "
        f"total {sum(t for *_, t in timings):.3f} s; {total} notifications pending"
    )

    own_redis.start()
    workers = Workers(
        delivery_queue, tmp_path, worker_env(email_url=smtp_sink.url, REDIS_URL=own_redis.url)
    )
    try:
        workers.start()
        assert finish_with_sweeper(rows), (
            f"not all sent: {list(rows.exclude(delivery_status='sent').values_list('pk', 'delivery_status'))}"
            f"\n{workers.logs()}"
        )
        wait_until(lambda: smtp_sink.count() >= total, timeout=5)
        time.sleep(0.2)
    finally:
        workers.stop_all()

    received = smtp_sink.received()
    assert {key: n for key, n in received.items() if n > 1} == {}, "sent twice"
    assert set(received) == set(rows.values_list("idempotency_key", flat=True))
    assert sum(received.values()) == total
    assert rows.filter(delivery_status=DeliveryStatus.SENT).count() == total
    # Everyone the workflow involved heard by email, coordinators included.
    recipients = set(rows.values_list("recipient__role", flat=True))
    assert recipients == {Role.WORKER, Role.MANAGER, Role.COORDINATOR}
