"""Beat's reminders: hourly reminders and escalations, and the Monday digest."""

from celery import shared_task
from django.utils import timezone

from secondments import services


@shared_task(name="secondments.tasks.send_reminders")
def send_reminders() -> dict[str, int]:
    return services.reminders_send(now=timezone.now())


@shared_task(name="secondments.tasks.weekly_digest")
def weekly_digest() -> int:
    return services.weekly_digests_send(today=timezone.localdate())
