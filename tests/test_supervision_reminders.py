"""The host managers are reminded when a newly qualified worker's supervision is
due: the frequency's days (weekly 7, fortnightly 14, monthly 30) after the last
session, or after the placement's start; once per due date."""

import datetime

import pytest
from django.conf import settings

from learning.models import SupervisionSession
from learning.supervision.reminders import supervision_reminders_send
from learning.tasks import send_supervision_reminders
from notifications.models import Notification
from secondments.models import PlacementStatus
from tests.supervision_setup import newly_qualified_placement

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def placement(camden_worker, haringey):
    # Active, started 30 days ago (tests/factories.py), weekly supervision.
    return newly_qualified_placement(camden_worker, haringey, supervision_frequency="weekly")


def _reminders():
    """What Haringey's manager got (the request's author, another Haringey manager, gets the same)."""
    return Notification.objects.filter(
        event="supervision_due", recipient__email="manager@haringey.gov.uk"
    )


def test_no_session_since_the_start_reminds_the_host_managers_once(
    placement, haringey_manager, camden_manager
):
    today = placement.starts_on + 7 * DAY
    assert supervision_reminders_send(today=today - DAY) == 0
    assert supervision_reminders_send(today=today) == 1
    assert supervision_reminders_send(today=today) == 1  # the same due date again
    assert supervision_reminders_send(today=today + DAY) == 1  # still overdue, same due date
    reminder = _reminders().get()
    assert not Notification.objects.filter(recipient=camden_manager).exists()
    assert "Supervision of Wendy Worker is due" in reminder.title
    assert reminder.link == f"/placements/{placement.pk}/supervision/"


def test_a_recorded_session_moves_the_due_date(placement, haringey_manager):
    held_on = placement.starts_on + 5 * DAY
    SupervisionSession.objects.create(
        placement=placement, held_on=held_on, note="First", recorded_by=haringey_manager
    )
    assert supervision_reminders_send(today=placement.starts_on + 7 * DAY) == 0
    assert supervision_reminders_send(today=held_on + 7 * DAY) == 1
    assert _reminders().count() == 1
    # The next due date is a new reminder.
    SupervisionSession.objects.create(
        placement=placement, held_on=held_on + 8 * DAY, note="Second", recorded_by=haringey_manager
    )
    supervision_reminders_send(today=held_on + 15 * DAY)
    assert _reminders().count() == 2


@pytest.mark.parametrize(("frequency", "days"), [("fortnightly", 14), ("monthly", 30)])
def test_each_frequency_has_its_interval(camden_worker, haringey, frequency, days):
    placement = newly_qualified_placement(camden_worker, haringey, supervision_frequency=frequency)
    assert supervision_reminders_send(today=placement.starts_on + (days - 1) * DAY) == 0
    assert supervision_reminders_send(today=placement.starts_on + days * DAY) == 1


def test_only_active_placements_are_reminded(camden_worker, haringey):
    completed = newly_qualified_placement(camden_worker, haringey, status=PlacementStatus.COMPLETED)
    assert supervision_reminders_send(today=completed.ends_on + 60 * DAY) == 0


def test_the_daily_beat_task_runs_the_reminders(placement, haringey_manager):
    assert "learning.tasks.send_supervision_reminders" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    # Started 30 days ago, weekly, nothing recorded: due.
    assert send_supervision_reminders() == 1
    assert _reminders().count() == 1
