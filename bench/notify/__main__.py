"""Benchmark: delivering 10,000 notifications through a real Celery worker.

    .venv/bin/python -m bench.notify [--rows 10000] [--rounds 2] [--per-row]

Needs PostgreSQL (its own database, `secondments_bench_notify`, created when
missing) and Redis (REDIS_URL, else redis://127.0.0.1:6379/0; its queues are
named `bench-notify-*`, apart from any deployment's). One worker subprocess
(`celery worker --pool=solo`, the production settings, mail to the in-memory
locmem backend, GOV.UK Notify off) consumes the delivery queue.

Each round, in turn:
- noop: queue `--rows` no-op tasks (and a last one that marks the end) and
  time until the worker has run them all: what the broker and the worker
  cost per task, the floor for one task per notification;
- delivery: write `--rows` pending notification rows (not timed), then time
  from `queue_delivery` (as `notify()` queues) until every row is sent.
  `--per-row` also times the old way, one `deliver_notification` task per row.

Prints a line per round and last

    notify: rows=N seconds=S noop_seconds=T ratio=R

S and T the median over the rounds; R = S / T. Goal: R <= 2.
"""

import argparse
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from bench.database import configure, create_database_if_missing

DATABASE = "secondments_bench_notify"
EVENT = "application_approved"
RECIPIENTS = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--per-row", action="store_true")
    options = parser.parse_args()

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    configure(DATABASE)
    os.environ |= {
        "REDIS_URL": redis_url,
        "CELERY_QUEUE_PREFIX": "bench-notify-",
        "GOVUK_NOTIFY_API_KEY": "",
    }
    create_database_if_missing(DATABASE)

    import django

    django.setup()
    from django.core.management import call_command

    from bench.notify.worker import start_worker, stop_worker

    call_command("migrate", verbosity=0)
    people = recipients()
    log_path = Path(tempfile.mkdtemp(prefix="bench-notify-")) / "worker.log"
    worker, queue = start_worker(log_path)
    print(f"worker on {queue}; its log: {log_path}")
    timings: dict[str, list[float]] = {"noop": [], "delivery": [], "per_row": []}
    try:
        for round_number in range(1, options.rounds + 1):
            kinds = ["noop", "delivery"] + (["per_row"] if options.per_row else [])
            for kind in kinds:
                seconds = RUNS[kind](options.rows, people, queue)
                timings[kind].append(seconds)
                print(
                    f"notify: round={round_number} kind={kind} rows={options.rows} "
                    f"seconds={seconds:.2f} ms_per_row={1000 * seconds / options.rows:.3f}"
                )
    finally:
        stop_worker(worker)
    if options.per_row:
        print(f"notify: per_row_seconds={statistics.median(timings['per_row']):.2f}")
    delivery, noop = statistics.median(timings["delivery"]), statistics.median(timings["noop"])
    print(
        f"notify: rows={options.rows} seconds={delivery:.2f} noop_seconds={noop:.2f} "
        f"ratio={delivery / noop:.2f}"
    )


def recipients() -> list:
    from accounts.models import Role, User

    people = list(User.objects.filter(email__endswith="@bench-notify.example"))
    if len(people) < RECIPIENTS:
        User.objects.bulk_create(
            User(
                email=f"person{n}@bench-notify.example",
                full_name=f"Person {n}",
                role=Role.COORDINATOR,
                password="!",
            )
            for n in range(len(people), RECIPIENTS)
        )
        people = list(User.objects.filter(email__endswith="@bench-notify.example"))
    return people


def pending_rows(rows: int, people: list) -> list[int]:
    """Fresh pending rows (the previous round's deleted), as notify() writes them."""
    from notifications.models import Notification

    Notification.objects.all().delete()
    run = uuid.uuid4().hex[:8]
    created = Notification.objects.bulk_create(
        (
            Notification(
                recipient=people[n % len(people)],
                event=EVENT,
                title=f"Placement agreed: notice {n}",
                body="Your secondment to Camden starts on Monday 4 January.",
                link=f"/placements/{n}/",
                idempotency_key=f"{EVENT}:bench-{run}-{n}:{people[n % len(people)].pk}",
            )
            for n in range(rows)
        ),
        batch_size=2000,
    )
    return [row.pk for row in created]


def wait_all_sent(rows: int) -> None:
    from notifications.models import DeliveryStatus, Notification

    while Notification.objects.filter(delivery_status=DeliveryStatus.SENT).count() < rows:
        if Notification.objects.filter(delivery_status=DeliveryStatus.FAILED).exists():
            raise SystemExit("A notification failed: see the worker's log")
        time.sleep(0.05)


def run_delivery(rows: int, people: list, queue: str) -> float:
    from notifications.services import queue_delivery

    ids = pending_rows(rows, people)
    started = time.perf_counter()
    assert queue_delivery(ids) == rows
    wait_all_sent(rows)
    return time.perf_counter() - started


def run_per_row(rows: int, people: list, queue: str) -> float:
    from notifications.queueing import enqueue

    ids = pending_rows(rows, people)
    started = time.perf_counter()
    for pk in ids:
        enqueue("notifications.tasks.deliver_notification", pk)
    wait_all_sent(rows)
    return time.perf_counter() - started


def run_noop(rows: int, people: list, queue: str) -> float:
    import redis
    from celery import current_app

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    key = f"bench-notify-finished-{uuid.uuid4().hex}"
    started = time.perf_counter()
    with current_app.producer_or_acquire() as producer:
        for number in range(rows):
            current_app.send_task(
                "bench.notify.noop", args=[number], queue=queue, producer=producer
            )
        current_app.send_task("bench.notify.finished", args=[key], queue=queue, producer=producer)
    while not client.exists(key):
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    client.delete(key)
    client.close()
    return seconds


RUNS = {"noop": run_noop, "delivery": run_delivery, "per_row": run_per_row}

if __name__ == "__main__":
    main()
