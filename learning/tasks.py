"""The learning side's scheduled work."""

from celery import shared_task

from learning.events.digest import event_digests_send


@shared_task(name="learning.tasks.event_digests")
def event_digests() -> int:
    return event_digests_send()
