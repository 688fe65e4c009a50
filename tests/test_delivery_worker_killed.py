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

import os
import signal
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import transaction

from notifications.delivery import message_id
from notifications.models import Notification
from notifications.services import notify
from tests.delivery_workers import Workers, finish_with_sweeper, wait_until, worker_env
from tests.factories import UserFactory

pytestmark = pytest.mark.worker

BATCH = 30


# --- Workers of our own, sending to the SMTP sink ------------------------------


@pytest.fixture
def workers(delivery_queue, smtp_sink, tmp_path) -> Iterator[Workers]:
    pool = Workers(delivery_queue, tmp_path, worker_env(email_url=smtp_sink.url))
    yield pool
    pool.stop_all()


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
