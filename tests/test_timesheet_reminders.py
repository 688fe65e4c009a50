"""The morning timesheet reminders: on working days, once per week.

The worker hears of each week of their placement that has ended without a
timesheet; the host's managers of each week waiting 2 working days for sign-off.
Running the task twice, or on a weekend or bank holiday, sends nothing more.
"""

import datetime

import pytest
import time_machine
from django.conf import settings

from config.celery import app as celery_app
from money.tasks import send_timesheet_reminders
from money.timesheets import services
from notifications.models import Notification
from secondments.models import PlacementStatus
from tests.clock import at
from tests.timesheet_scenes import FIRST_WEEK, SECOND_WEEK, haringey_placement, submitted

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
MONDAY = D(2026, 10, 5)  # the placement's first week (from Wednesday 30 September) has ended


def _titles(event: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(event=event).values_list("recipient__email", "title"))


@pytest.fixture
def placement(camden_worker, haringey, haringey_manager):
    return haringey_placement(camden_worker, haringey)


def test_beat_runs_the_timesheet_reminders_on_weekday_mornings():
    entry = settings.CELERY_BEAT_SCHEDULE["timesheet-reminders"]
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}


def test_the_worker_is_reminded_once_of_each_ended_week_not_submitted(placement):
    with time_machine.travel(at(MONDAY - DAY, 8), tick=False) as traveller:
        send_timesheet_reminders()  # a Sunday: the week has not ended, and no one is chased
        assert _titles("timesheet_reminder") == []

        traveller.move_to(at(MONDAY, 8))
        send_timesheet_reminders()
        send_timesheet_reminders()

        assert _titles("timesheet_reminder") == [
            (
                "worker@camden.gov.uk",
                "Submit your timesheet: Haringey, week starting 28 September 2026",
            )
        ]
        link = Notification.objects.get(event="timesheet_reminder").link
        assert link == f"/placements/{placement.pk}/timesheets/2026-09-28/"

        traveller.move_to(at(MONDAY, 10))
        submitted(placement, FIRST_WEEK, days={})
        for day in range(1, 8):
            traveller.move_to(at(MONDAY + day * DAY, 8))
            send_timesheet_reminders()
        # The next Monday: only the week just ended is new.
        assert [title for _, title in _titles("timesheet_reminder")] == [
            "Submit your timesheet: Haringey, week starting 28 September 2026",
            "Submit your timesheet: Haringey, week starting 5 October 2026",
        ]


def test_weeks_of_a_placement_not_started_or_cancelled_are_not_chased(camden_worker, haringey):
    haringey_placement(camden_worker, haringey, status=PlacementStatus.CANCELLED)

    with time_machine.travel(at(MONDAY + 14 * DAY, 8), tick=False):
        send_timesheet_reminders()

    assert _titles("timesheet_reminder") == []


def test_no_reminders_on_a_bank_holiday(camden_worker, haringey):
    # Christmas 2026 falls on a Friday; Boxing Day's holiday moves to Monday 28 December.
    haringey_placement(camden_worker, haringey, starts_on=D(2026, 12, 14), ends_on=D(2027, 1, 29))

    with time_machine.travel(at(D(2026, 12, 28), 8), tick=False) as traveller:
        send_timesheet_reminders()
        assert _titles("timesheet_reminder") == []

        traveller.move_to(at(D(2026, 12, 29), 8))
        send_timesheet_reminders()

    assert [title for _, title in _titles("timesheet_reminder")] == [
        "Submit your timesheet: Haringey, week starting 14 December 2026",
        "Submit your timesheet: Haringey, week starting 21 December 2026",
    ]


def test_host_managers_are_reminded_of_a_week_waiting_2_working_days(
    placement, haringey_manager, camden_manager
):
    with time_machine.travel(at(D(2026, 10, 2), 10), tick=False) as traveller:
        # Submitted on Friday: the weekend does not count, Monday is the first working day.
        timesheet = submitted(placement, FIRST_WEEK, days={})
        traveller.move_to(at(D(2026, 10, 3), 8))
        send_timesheet_reminders()
        traveller.move_to(at(D(2026, 10, 5), 8))
        send_timesheet_reminders()
        reminded_on_monday = _titles("timesheet_sign_off_reminder")
        traveller.move_to(at(D(2026, 10, 6), 8))
        send_timesheet_reminders()
        send_timesheet_reminders()

    assert reminded_on_monday == []
    reminders = Notification.objects.filter(event="timesheet_sign_off_reminder")
    assert haringey_manager.pk in {n.recipient_id for n in reminders}
    assert camden_manager.pk not in {n.recipient_id for n in reminders}
    assert reminders.filter(recipient=haringey_manager).get().title == (
        "Waiting for your sign-off: Wendy Worker, week starting 28 September 2026"
    )
    assert timesheet.times_submitted == 1


def test_a_corrected_week_is_chased_again_and_a_signed_off_one_never(placement, haringey_manager):
    with time_machine.travel(at(D(2026, 10, 5), 10), tick=False) as traveller:
        first = submitted(placement, FIRST_WEEK, days={})
        services.timesheet_query(timesheet=first, reason="Check Wednesday", by=haringey_manager)
        corrected = submitted(placement, FIRST_WEEK, days={})
        traveller.move_to(at(D(2026, 10, 12), 10))
        other = submitted(placement, SECOND_WEEK, days={})
        services.timesheet_sign_off(timesheet=other, by=haringey_manager)
        traveller.move_to(at(D(2026, 10, 14), 8))
        send_timesheet_reminders()

    reminders = Notification.objects.filter(
        event="timesheet_sign_off_reminder", recipient=haringey_manager
    )
    assert [n.title for n in reminders] == [
        "Waiting for your sign-off: Wendy Worker, week starting 28 September 2026"
    ]
    assert reminders.get().idempotency_key.endswith(f"{corrected.pk}:2:{haringey_manager.pk}")
