"""Running jobs in threads of their own, each with its own PostgreSQL connection,
so that what they race over really happens at the same moment."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection


def _connect_when_a_slot_is_free() -> None:
    """Open this thread's connection, waiting while other test runs fill PostgreSQL.

    The server (max_connections 100) is shared with other runs; running out
    of slots before the race says nothing about what races, so wait rather than fail.
    """
    deadline = time.monotonic() + 30
    while True:
        try:
            connection.ensure_connection()
            return
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def all_at_once[T](jobs: list[Callable[[], Callable[[], T]]]) -> list[T | Exception]:
    """Run each job in its own thread, so its own connection, the racing parts released together.

    A job connects and prepares (signs in, say), then returns what is to race;
    every thread waits at the barrier before calling it.
    """
    barrier = threading.Barrier(len(jobs), timeout=60)
    results: list[T | Exception | None] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Callable[[], T]]) -> None:
        try:
            try:
                _connect_when_a_slot_is_free()
                act = job()
            except Exception:
                barrier.abort()  # the others stop waiting for a thread that will never come
                raise
            barrier.wait()
            results[index] = act()
        except Exception as error:
            results[index] = error
        finally:
            # Left open, the connection would hold one of PostgreSQL's slots
            # and block the flush after the test.
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, job), daemon=True)
        for index, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    if any(isinstance(result, threading.BrokenBarrierError) for result in results):
        causes = [r for r in results if not isinstance(r, threading.BrokenBarrierError)]
        pytest.fail(f"A thread failed before the race: {causes[:3]}")
    return results
