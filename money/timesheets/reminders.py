"""Timesheet nudges, run by Celery beat each weekday morning (money/tasks.py).

On working days only (no one is chased on a bank holiday): the worker hears
of each week of their placement that has ended without a timesheet, and the
host borough's managers of each week that has waited 2 working days for
sign-off. Safe to run twice or late: each notification's idempotency key
names its placement and week (or its timesheet and which submission), so a
repeat writes nothing.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from money.models import Timesheet, TimesheetStatus
from money.timesheets.weeks import RECORDED_STATES, long_date, placement_weeks, week_has_ended
from notifications.services import managers_of, notify
from secondments.models import Placement
from secondments.working_days import is_working_day, latest_start

# Weeks that ended longer ago than this are not chased: a placement that
# finished months before this feature existed would otherwise get a reminder
# for every week at once. The weeks still show as not submitted on its page.
REMINDER_WINDOW = datetime.timedelta(weeks=8)


@transaction.atomic
def weeks_to_submit_remind(*, today: datetime.date) -> int:
    """Remind workers of each ended week with no timesheet, once. Returns how many are due."""
    since = today - REMINDER_WINDOW
    placements = list(
        Placement.objects.filter(
            status__in=RECORDED_STATES, starts_on__lt=today, ends_on__gte=since
        ).select_related("worker", "host")
    )
    recorded = set(
        Timesheet.objects.filter(placement__in=placements).values_list(
            "placement_id", "week_starting"
        )
    )
    count = 0
    for placement in placements:
        for monday in placement_weeks(placement, today):
            ended = week_has_ended(monday, today) and monday + datetime.timedelta(days=6) >= since
            if not ended or (placement.pk, monday) in recorded:
                continue
            notify(
                recipients=[placement.worker],
                event="timesheet_reminder",
                title=f"Submit your timesheet: {placement.host}, week starting {long_date(monday)}",
                body=(
                    "Record the days you worked that week, even if none, so the host "
                    "borough can sign them off."
                ),
                link=reverse("timesheet_week", args=[placement.pk, monday.isoformat()]),
                key=f"{placement.pk}:{monday.isoformat()}",
            )
            count += 1
    return count


@transaction.atomic
def weeks_to_sign_off_remind(*, today: datetime.date) -> int:
    """Remind the host's managers of each week waiting 2 working days for sign-off,
    once per submission. Returns how many are due."""
    working_days = settings.TIMESHEET_SIGN_OFF_REMINDER_WORKING_DAYS
    waiting = Timesheet.objects.filter(
        status=TimesheetStatus.SUBMITTED,
        submitted_at__date__lte=latest_start(today, working_days),
    ).select_related("placement__worker")
    count = 0
    for timesheet in waiting:
        placement = timesheet.placement
        notify(
            recipients=managers_of(placement.host_id),
            event="timesheet_sign_off_reminder",
            title=(
                f"Waiting for your sign-off: {placement.worker}, week starting "
                f"{long_date(timesheet.week_starting)}"
            ),
            body=(
                f"Submitted {working_days} or more working days ago. Sign the week off, "
                "or query it with a reason."
            ),
            link=reverse(
                "timesheet_week", args=[placement.pk, timesheet.week_starting.isoformat()]
            ),
            key=f"{timesheet.pk}:{timesheet.times_submitted}",
        )
        count += 1
    return count


def timesheet_reminders_send(*, today: datetime.date) -> dict[str, int]:
    if not is_working_day(today):
        return {"weeks_to_submit": 0, "weeks_to_sign_off": 0}
    return {
        "weeks_to_submit": weeks_to_submit_remind(today=today),
        "weeks_to_sign_off": weeks_to_sign_off_remind(today=today),
    }
