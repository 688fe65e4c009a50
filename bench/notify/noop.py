"""The benchmark's yardstick tasks, imported by its worker only (`-I bench.notify.noop`)."""

import os

import redis
from celery import shared_task


@shared_task(name="bench.notify.noop", ignore_result=True)
def noop(number: int) -> None:
    """Nothing: what a task costs the broker and the worker on its own."""


@shared_task(name="bench.notify.finished", ignore_result=True)
def finished(key: str) -> None:
    """Queued after the no-op tasks; the one worker runs them in order, so this
    marks the last of them done."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.set(key, "1", ex=600)
    client.close()
