"""Background work goes to three queues by task name (config/celery_queues.py), so a
long matching run never holds up a notification: delivery has workers of its own."""

import json
import time
import uuid

import pytest
import redis
from celery.beat import Scheduler
from django.conf import settings
from django.db import transaction

from config.beat_schedule import CELERY_BEAT_SCHEDULE
from config.celery import app
from notifications.services import notify
from tests.delivery_workers import Workers, wait_until, worker_env
from tests.factories import UserFactory

# This run's queues: "<run>-default", "<run>-matching", "<run>-delivery".
PREFIX = settings.CELERY_TASK_DEFAULT_QUEUE.removesuffix("default")


def queue(name: str) -> str:
    return PREFIX + name


def expected_queue(task_name: str) -> str:
    if task_name.startswith("matching.tasks."):
        return queue("matching")
    if task_name.startswith("notifications.tasks."):
        return queue("delivery")
    return queue("default")


@pytest.fixture
def broker():
    client = redis.Redis.from_url(app.conf.broker_url)
    yield client
    client.close()


def queued_where(client: redis.Redis, task_id: str) -> list[str]:
    """The queues (Redis lists) holding the message of this task id, which it takes out."""
    found = []
    for name in (queue("default"), queue("matching"), queue("delivery")):
        for raw in client.lrange(name, 0, -1):
            if json.loads(raw)["headers"]["id"] == task_id:
                found.append(name)
                client.lrem(name, 0, raw)
    return found


@pytest.mark.parametrize(
    "task_name",
    [
        "matching.tasks.match_sweep",
        "matching.tasks.match_request",
        "notifications.tasks.deliver_notifications",
        "notifications.tasks.deliver_notification",
        "notifications.tasks.requeue_stuck_notifications",
        "secondments.tasks.expire_due_requests",
        "home.tasks.weekly_digest",
    ],
)
def test_a_task_queued_by_name_lands_in_its_queue_on_redis(broker, task_name):
    task_id = uuid.uuid4().hex

    app.send_task(task_name, args=[0], task_id=task_id)

    assert queued_where(broker, task_id) == [expected_queue(task_name)]


def test_every_beat_entry_lands_in_its_queue(broker):
    """As beat sends them: each scheduled task by its name, through the routes."""
    scheduler = Scheduler(app, lazy=True)
    landed = {}
    with app.producer_or_acquire() as producer:
        for name, entry in CELERY_BEAT_SCHEDULE.items():
            result = scheduler.apply_async(scheduler.Entry(name=name, app=app, **entry), producer)
            landed[entry["task"]] = queued_where(broker, result.id)

    assert landed == {task: [expected_queue(task)] for task in landed}
    assert landed["matching.tasks.match_sweep"] == [queue("matching")]
    assert landed["notifications.tasks.requeue_stuck_notifications"] == [queue("delivery")]


def test_the_test_worker_listens_to_every_queue():
    names = {q.name for q in settings.CELERY_TASK_QUEUES}

    assert names == {queue("default"), queue("matching"), queue("delivery")}


# --- Real workers, one per queue ------------------------------------------------


@pytest.fixture
def workers(smtp_sink, tmp_path):
    env = worker_env(email_url=smtp_sink.url, CELERY_QUEUE_PREFIX=PREFIX)
    with redis.Redis.from_url(app.conf.broker_url) as client:
        client.delete(queue("matching"), queue("delivery"))
    pool = Workers(queue("default"), tmp_path, env)
    yield pool
    pool.stop_all()


@pytest.mark.worker
def test_a_notification_arrives_while_a_long_matching_task_holds_the_matching_worker(
    transactional_db, smtp_sink, workers, tmp_path
):
    # One worker per queue, as `docker compose` can run them.
    workers.start(queue("matching"), include="tests.queue_tasks")
    workers.start(queue("delivery"))
    started = tmp_path / "hold.started"
    # A long matching task takes the matching worker, and the nightly sweep waits behind it.
    app.send_task("tests.queue_tasks.hold", args=[60, str(started)], queue=queue("matching"))
    app.send_task("matching.tasks.match_sweep")
    assert wait_until(started.exists, timeout=30), workers.logs()
    person = UserFactory(email="someone@camden.gov.uk")

    queued_at = time.monotonic()
    with transaction.atomic():
        notify(
            recipients=[person],
            event="application_approved",
            title="Placement agreed",
            link="/placements/1/",
            key="while-matching-runs",
        )

    assert wait_until(lambda: smtp_sink.count() == 1, timeout=20), workers.logs()
    arrived_after = time.monotonic() - queued_at
    assert arrived_after < 20
    assert not started.with_suffix(".done").exists(), "the matching task was still running"
    with redis.Redis.from_url(app.conf.broker_url) as client:
        assert client.llen(queue("matching")) == 1, "the sweep still waits for its worker"
    message = smtp_sink.parsed()[0]
    assert message["To"] == "someone@camden.gov.uk"
    assert message["Subject"] == "Placement agreed"
