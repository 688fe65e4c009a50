"""The hourly reminders: each fires once, at its moment, and never again."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from config.celery import app as celery_app
from notifications.models import Notification
from secondments import services
from secondments.models import Placement, PlacementStatus
from secondments.tasks import send_reminders
from tests.clock import at
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
# An ordinary fortnight: no bank holiday between 7 and 25 June 2027.
THURSDAY = D(2027, 6, 10)


def _rows(event: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(event=event).values_list("recipient__email", "title"))


def _emails(event: str) -> list[str]:
    return sorted(email for email, _ in _rows(event))


def _released(haringey_manager, camden_worker, camden_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    return services.application_release(application=application, by=camden_manager)


def _placement(haringey_manager, camden_worker, camden_manager, coordinator) -> Placement:
    application = _released(haringey_manager, camden_worker, camden_manager)
    return services.application_approve(application=application, by=coordinator)


def test_beat_runs_tasks_that_exist():
    # As a worker starts: find every app's tasks (until something imports a
    # tasks module, this process knows only the ones imported so far).
    celery_app.autodiscover_tasks(force=True)
    for name in ("send-reminders", "weekly-digest"):
        assert settings.CELERY_BEAT_SCHEDULE[name]["task"] in celery_app.tasks


def test_coordinators_are_reminded_once_of_an_approval_waiting_2_working_days(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    with time_machine.travel(at(THURSDAY, 15), tick=False) as traveller:
        _released(haringey_manager, camden_worker, camden_manager)
        for day in (THURSDAY, THURSDAY + DAY, THURSDAY + 2 * DAY, THURSDAY + 3 * DAY):
            traveller.move_to(at(day))
            send_reminders()
        # Friday is 1 working day, the weekend none: nothing until Monday.
        assert _emails("approval_reminder") == []

        traveller.move_to(at(THURSDAY + 4 * DAY))  # Monday
        send_reminders()
        assert _emails("approval_reminder") == [coordinator.email]

        send_reminders()
        traveller.move_to(at(THURSDAY + 5 * DAY))
        send_reminders()
    assert _emails("approval_reminder") == [coordinator.email]


def test_placement_start_is_announced_a_week_ahead_and_the_day_before_once_each(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    with time_machine.travel(at(THURSDAY), tick=False) as traveller:
        placement = _placement(haringey_manager, camden_worker, camden_manager, coordinator)
        everyone = sorted([camden_worker.email, haringey_manager.email, camden_manager.email])
        start = placement.starts_on

        traveller.move_to(at(start - 8 * DAY))
        send_reminders()
        assert _emails("placement_starting") == []

        traveller.move_to(at(start - 7 * DAY))
        send_reminders()
        send_reminders()
        assert _emails("placement_starting") == everyone
        assert all("starts in 7 days" in title for _, title in _rows("placement_starting"))

        for days_before in (6, 5, 2):
            traveller.move_to(at(start - days_before * DAY))
            send_reminders()
        assert _emails("placement_starting") == everyone

        traveller.move_to(at(start - DAY))
        send_reminders()
        traveller.move_to(at(start - DAY, 17))
        send_reminders()
        traveller.move_to(at(start))
        send_reminders()

    assert _emails("placement_starting") == sorted(everyone * 2)
    tomorrow = [title for _, title in _rows("placement_starting") if "starts tomorrow" in title]
    assert len(tomorrow) == 3


def test_a_cancelled_placement_is_not_announced(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    with time_machine.travel(at(THURSDAY), tick=False) as traveller:
        placement = _placement(haringey_manager, camden_worker, camden_manager, coordinator)
        services.placement_cancel(placement=placement, by=haringey_manager, reason="Filled locally")
        traveller.move_to(at(placement.starts_on - DAY))
        send_reminders()
    assert _emails("placement_starting") == []


@pytest.mark.parametrize("completed_by_the_calendar", [True, False])
def test_worker_and_host_are_asked_for_feedback_once_a_placement_ends(
    haringey_manager, camden_worker, camden_manager, coordinator, completed_by_the_calendar
):
    with time_machine.travel(at(THURSDAY), tick=False) as traveller:
        placement = _placement(haringey_manager, camden_worker, camden_manager, coordinator)

        traveller.move_to(at(placement.ends_on, 17))
        send_reminders()
        assert _emails("feedback_requested") == []

        traveller.move_to(at(placement.ends_on + DAY))
        if completed_by_the_calendar:
            services.placements_advance(today=placement.ends_on + DAY)
        send_reminders()
        send_reminders()
        traveller.move_to(at(placement.ends_on + 3 * DAY))
        send_reminders()

    placement.refresh_from_db()
    assert (placement.status == PlacementStatus.COMPLETED) is completed_by_the_calendar
    # The host manager and the worker: the home manager was not there.
    assert _emails("feedback_requested") == sorted([camden_worker.email, haringey_manager.email])
    (row,) = Notification.objects.filter(event="feedback_requested", recipient=camden_worker)
    # Each to their own form: the worker rates the placement, the host gives a reference.
    assert row.link == reverse("placement_rating", args=[placement.pk])
    (row,) = Notification.objects.filter(event="feedback_requested", recipient=haringey_manager)
    assert row.link == reverse("placement_reference", args=[placement.pk])


def test_expiring_registration_is_reminded_once_per_expiry_date(camden_worker, camden_manager):
    profile = camden_worker.worker_profile
    with time_machine.travel(at(THURSDAY), tick=False) as traveller:
        profile.registration_expires_on = THURSDAY + 61 * DAY
        profile.save()
        send_reminders()
        assert _emails("registration_expiring") == []

        traveller.move_to(at(THURSDAY + DAY))  # now 60 days before
        send_reminders()
        send_reminders()
        traveller.move_to(at(THURSDAY + 30 * DAY))
        send_reminders()
        assert _emails("registration_expiring") == sorted(
            [camden_worker.email, camden_manager.email]
        )
        (own,) = Notification.objects.filter(event="registration_expiring", recipient=camden_worker)
        assert f"{THURSDAY + 61 * DAY:%-d %B %Y}" in own.title

        # Renewed for a year: the new date is reminded in its turn.
        profile.registration_expires_on = THURSDAY + 395 * DAY
        profile.save()
        traveller.move_to(at(THURSDAY + 340 * DAY))
        send_reminders()
        send_reminders()

    assert len(_emails("registration_expiring")) == 4


def test_an_expired_registration_is_not_reminded(camden_worker):
    profile = camden_worker.worker_profile
    profile.registration_expires_on = THURSDAY - DAY
    profile.save()
    with time_machine.travel(at(THURSDAY), tick=False):
        send_reminders()
    assert _emails("registration_expiring") == []
