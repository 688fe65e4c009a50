"""Sending notifications: a task per batch of rows (or per row), and the sweeper
that re-queues stuck rows. All three go to the delivery queue (config/celery_queues.py).

The work, and the reasoning about delivering each row at least once and
never losing one, is in notifications/delivery/.
"""

from celery import shared_task

from notifications import delivery


@shared_task(
    name="notifications.tasks.deliver_notification",
    autoretry_for=(delivery.DeliveryFailed,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=delivery.MAX_ATTEMPTS - 1,
    acks_late=True,
    reject_on_worker_lost=True,
    # Well below delivery.SENDING_STUCK_AFTER: a row the sweeper finds stuck
    # in "sending" has no live send behind it (prefork enforces these).
    soft_time_limit=60,
    time_limit=90,
)
def deliver_notification(notification_id: int) -> str:
    return delivery.deliver(notification_id)


@shared_task(
    name="notifications.tasks.deliver_notifications",
    autoretry_for=(delivery.DeliveryFailed,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=delivery.MAX_ATTEMPTS - 1,
    acks_late=True,
    reject_on_worker_lost=True,
    # A batch is small (services.DELIVERY_BATCH rows) and stops at the first
    # send that fails; the limits are the single row's.
    soft_time_limit=60,
    time_limit=90,
)
def deliver_notifications(notification_ids: list[int]) -> dict[str, int]:
    return delivery.deliver_many(notification_ids)


# Both limits: the soft one defaults to CELERY_TASK_SOFT_TIME_LIMIT (240 s), and
# Celery refuses to send a task whose soft limit is above its hard one.
@shared_task(
    name="notifications.tasks.requeue_stuck_notifications", soft_time_limit=100, time_limit=120
)
def requeue_stuck_notifications() -> int:
    return delivery.requeue_stuck()
