"""Moves made by the calendar and the clock: placements start and finish,
requests expire, reminders and escalations go out.

Tasks are thin: they take primary keys or a date, re-fetch, and call a
service. Each sets its name explicitly, so beat and callers do not depend on
the module.
"""

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


@shared_task(name="secondments.tasks.send_reminders")
def send_reminders() -> dict[str, int]:
    return services.reminders_send(now=timezone.now())
