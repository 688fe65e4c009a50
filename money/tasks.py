"""The money side's beat tasks: thin, each calling one service with today's date."""

from celery import shared_task
from django.utils import timezone

from money.timesheets.reminders import timesheet_reminders_send


@shared_task(name="money.tasks.send_timesheet_reminders")
def send_timesheet_reminders() -> dict[str, int]:
    return timesheet_reminders_send(today=timezone.localdate())
