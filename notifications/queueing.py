"""Queue background work by task name once a change commits, without ever
making the person who made the change wait for, or fail because of, the broker.

Every app queues through here. Tasks are named, not imported, so an app can
start work that belongs to an app to its right (a changed request starts
matching) without importing it (DESIGN.md, "Layout").

If Redis is down the change is already saved; the work it would have started
is caught up by a periodic task (pending notifications by the delivery
sweeper, matching by the nightly sweep), so the broker's error is logged and
swallowed here.
"""

import logging
import socket
import time
from functools import partial

import kombu.exceptions
import redis.exceptions
from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    socket.timeout,
    OSError,
)

# A broker that is down answers in milliseconds (connection refused; settings
# bound the publish retries), but one that is unreachable costs a connect
# timeout. After a failure, this process skips queueing for this long.
BROKER_REST_SECONDS = 15.0
_broker_down_until = 0.0


def broker_resting() -> bool:
    return time.monotonic() < _broker_down_until


def broker_failed() -> None:
    global _broker_down_until
    _broker_down_until = time.monotonic() + BROKER_REST_SECONDS


def reset_broker_rest() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def enqueue(task_name: str, *args: object) -> bool:
    """Send the named task to the broker once; False when it could not be queued.

    A task registered in this process is sent through its own object, so the
    demo (no broker: tasks run in-process) runs it at once; otherwise by name.
    """
    if broker_resting():
        logger.info("Not queueing %s%r: the broker failed moments ago", task_name, args)
        return False
    app = current_app._get_current_object()
    task = app.tasks.get(task_name)
    try:
        # retry=False: Celery would otherwise keep reconnecting, and the web
        # request would wait for it.
        if task is not None:
            task.apply_async(args=args, retry=False)
        else:
            app.send_task(task_name, args=args, retry=False)
    except BROKER_ERRORS as error:
        broker_failed()
        logger.warning("Could not queue %s%r: %s", task_name, args, error)
        return False
    return True


def enqueue_on_commit(task_name: str, *args: object) -> None:
    """Queue the named task once the current transaction commits (at once outside one).

    Robust: an error while queueing is logged and never reaches the request
    whose change has already been saved.
    """
    transaction.on_commit(partial(enqueue, task_name, *args), robust=True)
