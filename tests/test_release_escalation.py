"""A release left waiting is reminded after 2 working days and escalated to the
coordinators after 5, counting England and Wales bank holidays as non-working."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from secondments import services
from secondments.models import Application, ApplicationStatus
from secondments.tasks import send_reminders
from tests.clock import LONDON, at
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

D = datetime.date


def _days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def _notified(event: str) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))


def _select(haringey_manager, camden_worker) -> Application:
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    return services.application_select(application=application, by=haringey_manager)


# Selected on the Thursday before the holiday. A count of weekdays alone would
# remind and escalate earlier: on the dates marked "naive".
WINDOWS = {
    "Easter 2027": {
        "selected": D(2027, 3, 25),  # Good Friday 26, Easter Monday 29 March
        "reminded": D(2027, 3, 31),  # naive: Monday 29 March
        "escalated": D(2027, 4, 5),  # naive: Thursday 1 April
    },
    "Christmas 2026": {
        "selected": D(2026, 12, 24),  # Christmas 25, Boxing Day 28 December, New Year 1 January
        "reminded": D(2026, 12, 30),  # naive: Monday 28 December
        "escalated": D(2027, 1, 5),  # naive: Thursday 31 December
    },
}


@pytest.fixture(params=list(WINDOWS), ids=list(WINDOWS))
def window(request) -> dict[str, datetime.date]:
    return WINDOWS[request.param]


def test_release_is_reminded_after_2_and_escalated_after_exactly_5_working_days(
    window, haringey_manager, camden_worker, camden_manager, coordinator
):
    with time_machine.travel(at(window["selected"], 10), tick=False) as traveller:
        application = _select(haringey_manager, camden_worker)

        for day in _days(window["selected"], window["escalated"]):
            traveller.move_to(at(day))
            send_reminders()

            application.refresh_from_db()
            reminded = _notified("release_reminder")
            assert reminded == ({camden_manager.email} if day >= window["reminded"] else set()), day
            if day < window["escalated"]:
                assert application.release_escalated_at is None, f"escalated early, on {day}"
                assert not _notified("release_escalated"), day

    assert application.release_escalated_at == at(window["escalated"])
    assert application.status == ApplicationStatus.SELECTED
    assert _notified("release_escalated") == {coordinator.email, camden_manager.email}
    (event,) = AuditEvent.objects.filter(action="application_escalated")
    assert (event.actor, event.object_type, event.object_id) == (
        None,
        "application",
        application.pk,
    )
    assert "5 working days" in event.reason
    (reminder,) = Notification.objects.filter(event="release_reminder")
    assert f"by {window['escalated']:%-d %B %Y}" in reminder.body


def test_running_the_reminders_again_sends_nothing_new(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    easter = WINDOWS["Easter 2027"]
    with time_machine.travel(at(easter["selected"], 10), tick=False) as traveller:
        application = _select(haringey_manager, camden_worker)
        traveller.move_to(at(easter["escalated"]))
        send_reminders()
        application.refresh_from_db()
        escalated_at = application.release_escalated_at
        rows = list(Notification.objects.values_list("idempotency_key", flat=True))
        events = AuditEvent.objects.count()

        send_reminders()
        traveller.move_to(at(easter["escalated"], 17))
        send_reminders()
        traveller.move_to(at(easter["escalated"] + datetime.timedelta(days=1)))
        send_reminders()

    application.refresh_from_db()
    assert application.release_escalated_at == escalated_at
    assert sorted(Notification.objects.values_list("idempotency_key", flat=True)) == sorted(rows)
    assert AuditEvent.objects.count() == events


def test_a_run_missed_for_days_escalates_without_also_reminding(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    easter = WINDOWS["Easter 2027"]
    with time_machine.travel(at(easter["selected"], 10), tick=False) as traveller:
        application = _select(haringey_manager, camden_worker)
        traveller.move_to(at(easter["escalated"] + datetime.timedelta(days=3)))
        send_reminders()

    application.refresh_from_db()
    assert application.release_escalated_at is not None
    assert not _notified("release_reminder")


def test_a_release_decided_in_time_is_neither_reminded_nor_escalated(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    easter = WINDOWS["Easter 2027"]
    with time_machine.travel(at(easter["selected"], 10), tick=False) as traveller:
        application = _select(haringey_manager, camden_worker)
        traveller.move_to(at(D(2027, 3, 30)))
        services.application_release(application=application, by=camden_manager)
        for day in _days(D(2027, 3, 30), easter["escalated"]):
            traveller.move_to(at(day))
            send_reminders()

    application.refresh_from_db()
    assert application.release_escalated_at is None
    assert not _notified("release_reminder")
    assert not _notified("release_escalated")


def test_after_escalation_a_coordinator_can_release_and_the_home_manager_knows(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    easter = WINDOWS["Easter 2027"]
    with time_machine.travel(at(easter["selected"], 10), tick=False) as traveller:
        application = _select(haringey_manager, camden_worker)
        traveller.move_to(at(easter["escalated"] - datetime.timedelta(days=3)))
        send_reminders()
        with pytest.raises(PermissionDenied, match="only once the release has been escalated"):
            services.application_release(application=application, by=coordinator)

        traveller.move_to(at(easter["escalated"]))
        send_reminders()
        application.refresh_from_db()
        services.application_release(application=application, by=coordinator)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.RELEASED
    (note,) = Notification.objects.filter(event="release_escalated", recipient=camden_manager)
    assert "escalated to the coordinators" in note.title
    assert note.link == application.get_absolute_url()
    assert (
        AuditEvent.objects.filter(object_type="application", object_id=application.pk)
        .latest("pk")
        .actor
        == coordinator
    )


def test_home_manager_is_told_when_a_coordinator_releases_their_worker(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    application = _select(haringey_manager, camden_worker)
    Application.objects.filter(pk=application.pk).update(
        release_escalated_at=datetime.datetime.now(tz=LONDON)
    )
    services.application_release(application=application, by=coordinator)
    assert camden_manager.email in _notified("application_released")


# --- The release queue -------------------------------------------------------------


def _row(page: str, application: Application) -> str:
    (row,) = [
        row
        for row in page.split('<tr class="govuk-table__row">')[1:]
        if f'href="{application.get_absolute_url()}"' in row
    ]
    return row


@pytest.fixture
def escalated_and_waiting(haringey_manager, camden_worker, camden_manager, camden):
    from tests.factories import AvailabilityFactory, UserFactory, WorkerProfileFactory

    escalated = _select(haringey_manager, camden_worker)
    other_worker = UserFactory(borough=camden, full_name="Olive Other")
    WorkerProfileFactory(user=other_worker)
    waiting = _select(haringey_manager, other_worker)
    # Both fit the request, so no warning sends the release to the application page.
    for application in (escalated, waiting):
        profile = application.worker.worker_profile
        profile.willing_boroughs.add(haringey_manager.borough)
        AvailabilityFactory(
            profile=profile,
            starts_on=application.help_request.starts_on,
            ends_on=application.help_request.ends_on,
        )
    with time_machine.travel(at(D(2027, 4, 5)), tick=False):
        Application.objects.filter(pk=escalated.pk).update(selected_at=at(D(2027, 3, 25)))
        Application.objects.filter(pk=waiting.pk).update(selected_at=at(D(2027, 4, 5)))
        send_reminders()
    escalated.refresh_from_db()
    assert escalated.release_escalated_at is not None
    return escalated, waiting


def test_coordinators_queue_offers_release_only_for_escalated_ones(
    client, escalated_and_waiting, coordinator
):
    escalated, waiting = escalated_and_waiting
    client.force_login(coordinator)

    page = client.get(reverse("release_queue")).content.decode()

    release = reverse("application_action", args=[escalated.pk, "release"])
    assert "Escalated" in _row(page, escalated)
    assert f'action="{release}"' in _row(page, escalated)
    assert "Refuse" in _row(page, escalated)
    assert "Escalated" not in _row(page, waiting)
    assert "Release" not in _row(page, waiting) and "Refuse" not in _row(page, waiting)
    assert "Waiting for Camden" in _row(page, waiting)

    response = client.post(release)
    assert response.status_code == 302
    escalated.refresh_from_db()
    assert escalated.status == ApplicationStatus.RELEASED


def test_home_managers_queue_offers_release_for_all_and_tags_the_escalated(
    client, escalated_and_waiting, camden_manager
):
    escalated, waiting = escalated_and_waiting
    client.force_login(camden_manager)

    page = client.get(reverse("release_queue")).content.decode()

    assert "Escalated" in _row(page, escalated)
    assert "Escalated" not in _row(page, waiting)
    for application in (escalated, waiting):
        release = reverse("application_action", args=[application.pk, "release"])
        assert f'action="{release}"' in _row(page, application)
