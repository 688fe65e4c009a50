from celery import shared_task
from django.utils import timezone

from secondments import services


@shared_task(acks_late=True)
def advance_placements() -> list[int]:
    started, ended = services.placements_advance(today=timezone.localdate())
    return [started, ended]


@shared_task(acks_late=True)
def expire_due_requests() -> int:
    return services.help_requests_expire_due(today=timezone.localdate())
