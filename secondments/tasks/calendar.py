"""Moves made by the calendar: placements start and finish, requests expire."""

from celery import shared_task
from django.utils import timezone

from secondments import services


@shared_task(name="secondments.tasks.advance_placements")
def advance_placements() -> list[int]:
    started, ended = services.placements_advance(today=timezone.localdate())
    return [started, ended]


@shared_task(name="secondments.tasks.expire_due_requests")
def expire_due_requests() -> int:
    return services.help_requests_expire_due(today=timezone.localdate())
