"""Queue background work after a change commits, without ever making the
person who made the change wait for, or fail because of, the broker.

If Redis is down the change is already saved; the work it would have started
is caught up by a periodic task (for matching, the nightly sweep), so the
broker's error is logged and swallowed here.
"""

import logging
import socket
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (
    KombuOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    socket.timeout,
    ConnectionError,
)


def enqueue(task, *args) -> bool:
    """Send the task to the broker once, with no retries; False when it is unreachable."""
    try:
        # retry=False: Celery would otherwise keep reconnecting, and the web
        # request would wait for it.
        task.apply_async(args=args, retry=False)
    except BROKER_ERRORS as error:
        logger.warning("Could not queue %s%r: %s", task.name, args, error)
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Queue the task once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(enqueue, task, *args))


# The tasks import the services that call these, so they are imported late.


def match_request_on_commit(help_request_pk: int) -> None:
    from secondments.tasks.matching import match_request

    enqueue_on_commit(match_request, help_request_pk)


def match_worker_on_commit(worker_pk: int) -> None:
    from secondments.tasks.matching import match_worker

    enqueue_on_commit(match_worker, worker_pk)
