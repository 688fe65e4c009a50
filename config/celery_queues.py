"""Which queue each background task goes to, by task name.

Three queues, so that a long run of one kind of work never holds up another:

- ``delivery``: sending notifications (and the sweeper that re-queues stuck
  ones). People wait for these: a nightly matching sweep must never delay them.
- ``matching``: ranking candidates (``matching.tasks.*``, the nightly sweep among them).
- ``default``: everything else (expiries, reminders, digests, the retention purge).

A worker started without ``-Q`` consumes all three (they are the configured
task queues); a worker per queue is ``celery -A config worker -Q delivery``.
With no broker (the demo) tasks run in the web process and no queue is used.

``CELERY_QUEUE_PREFIX`` (optional) puts every queue name behind a prefix, so
two deployments or test runs can share one Redis database without taking
each other's work.
"""

import os

from kombu import Exchange, Queue

__all__ = ["CELERY_TASK_DEFAULT_QUEUE", "CELERY_TASK_QUEUES", "CELERY_TASK_ROUTES"]

DEFAULT = "default"
MATCHING = "matching"
DELIVERY = "delivery"
QUEUE_NAMES = (DEFAULT, MATCHING, DELIVERY)

# Task name (or glob) -> queue. Anything not listed goes to DEFAULT.
ROUTES = {
    "matching.tasks.*": MATCHING,
    "notifications.tasks.deliver_notification": DELIVERY,
    "notifications.tasks.deliver_notifications": DELIVERY,
    "notifications.tasks.requeue_stuck_notifications": DELIVERY,
}


def queue_settings(prefix: str = "") -> tuple[str, tuple[Queue, ...], dict]:
    """The default queue's name, every queue, and the routes, for Celery's settings."""
    # Each queue its own direct exchange, as Celery makes for a queue it creates.
    names = [prefix + name for name in QUEUE_NAMES]
    queues = tuple(Queue(name, Exchange(name), routing_key=name) for name in names)
    routes = {pattern: {"queue": prefix + queue} for pattern, queue in ROUTES.items()}
    return prefix + DEFAULT, queues, routes


CELERY_TASK_DEFAULT_QUEUE, CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = queue_settings(
    os.environ.get("CELERY_QUEUE_PREFIX", "")
)
