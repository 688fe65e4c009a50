"""The learning side's beat tasks: thin, each calling one service."""

from celery import shared_task
from django.utils import timezone

from learning.events.digest import event_digests_send
from learning.references.reminders import feedback_reminders_send
from learning.supervision.reminders import supervision_reminders_send


@shared_task(name="learning.tasks.send_supervision_reminders")
def send_supervision_reminders() -> int:
    return supervision_reminders_send(today=timezone.localdate())


@shared_task(name="learning.tasks.send_feedback_reminders")
def send_feedback_reminders() -> dict[str, int]:
    return feedback_reminders_send(today=timezone.localdate())


@shared_task(name="learning.tasks.event_digests")
def event_digests() -> int:
    return event_digests_send()
