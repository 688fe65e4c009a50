"""Booking a learning event: a place while there is one, the waiting list after,
never a started or cancelled event; cancelling moves the waiting list up; the
host records attendance; a home manager agrees where the host asks for it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from learning.events import services
from learning.models import Booking, BookingStatus
from notifications.models import Notification
from tests.factories import LearningEventFactory, UserFactory, WorkerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(haringey, haringey_manager):
    return LearningEventFactory(borough=haringey, created_by=haringey_manager, capacity=2)


def _workers(borough, count: int):
    people = [UserFactory(borough=borough, full_name=f"Worker {n}") for n in range(count)]
    for person in people:
        WorkerProfileFactory(user=person)
    return people


def test_a_full_event_puts_the_next_person_on_the_waiting_list(event, camden):
    first, second, third = _workers(camden, 3)

    bookings = [services.booking_make(event=event, by=person) for person in (first, second, third)]

    assert [b.status for b in bookings] == ["booked", "booked", "waiting"]
    assert Notification.objects.get(recipient=third).title.startswith("You are on the waiting list")
    assert Notification.objects.get(recipient=first).attachment_ics.startswith("BEGIN:VCALENDAR")


def test_cancelling_a_place_moves_the_first_waiting_up_and_tells_them(event, camden):
    first, second, third, fourth = _workers(camden, 4)
    booking = services.booking_make(event=event, by=first)
    for person in (second, third, fourth):
        services.booking_make(event=event, by=person)

    services.booking_cancel(booking=booking, by=first)

    statuses = dict(Booking.objects.values_list("person__full_name", "status"))
    assert statuses == {
        "Worker 0": "cancelled",
        "Worker 1": "booked",
        "Worker 2": "booked",
        "Worker 3": "waiting",
    }
    promoted = AuditEvent.objects.get(action="booking_promoted")
    assert (promoted.from_state, promoted.to_state) == ("waiting", "booked")
    told = Notification.objects.get(recipient=third, event="event_place_offered")
    assert told.title == f"A place came free: you are booked on {event.title}"


def test_booking_twice_is_refused(event, camden_worker):
    services.booking_make(event=event, by=camden_worker)

    with pytest.raises(ValidationError, match="already booked"):
        services.booking_make(event=event, by=camden_worker)
    assert Booking.objects.count() == 1


def test_an_event_that_has_started_cannot_be_booked(event, camden_worker):
    event.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    event.save()

    with pytest.raises(ValidationError, match="has started"):
        services.booking_make(event=event, by=camden_worker)
    assert not Booking.objects.exists()


def test_a_cancelled_event_cannot_be_booked_and_everyone_booked_is_told(
    event, camden_worker, haringey_manager
):
    services.booking_make(event=event, by=camden_worker)

    services.event_cancel(event=event, reason="Trainer unwell", by=haringey_manager)

    told = Notification.objects.get(recipient=camden_worker, event="event_changed")
    assert told.title == f"{event.title} is cancelled" and told.body == "Trainer unwell"
    with pytest.raises(ValidationError, match="cancelled"):
        services.booking_make(event=event, by=UserFactory(borough=camden_worker.borough))


def test_a_change_tells_everyone_booked_or_waiting(event, camden, haringey_manager):
    people = _workers(camden, 3)
    for person in people:
        services.booking_make(event=event, by=person)

    changed = services.event_update(
        event=event, data={"place": "Haringey Civic Centre, N22 8LE"}, by=haringey_manager
    )

    assert changed == ["place"]
    told = Notification.objects.filter(event="event_changed")
    assert {n.recipient for n in told} == set(people)
    assert all("Haringey Civic Centre" in n.attachment_ics for n in told)


def test_places_cannot_go_below_the_people_booked(event, camden, haringey_manager):
    for person in _workers(camden, 2):
        services.booking_make(event=event, by=person)

    with pytest.raises(ValidationError, match="places cannot go below 2"):
        services.event_update(event=event, data={"capacity": 1}, by=haringey_manager)


def test_another_boroughs_manager_cannot_change_or_cancel(event, hackney_manager):
    with pytest.raises(PermissionDenied):
        services.event_update(event=event, data={"title": "Ours now"}, by=hackney_manager)
    with pytest.raises(PermissionDenied):
        services.event_cancel(event=event, by=hackney_manager)


def test_attendance_is_recorded_by_the_host_once_the_event_has_started(
    event, camden_worker, haringey_manager, camden_manager
):
    booking = services.booking_make(event=event, by=camden_worker)
    with pytest.raises(ValidationError, match="once the event has started"):
        services.attendance_record(event=event, attended={booking.pk: True}, by=haringey_manager)

    event.starts_at = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    with pytest.raises(PermissionDenied):
        services.attendance_record(event=event, attended={booking.pk: True}, by=camden_manager)
    changed = services.attendance_record(
        event=event, attended={booking.pk: True}, by=haringey_manager
    )

    assert changed == 1
    booking.refresh_from_db()
    assert booking.attended is True
    assert AuditEvent.objects.filter(action="attendance_recorded").count() == 1


def test_a_home_manager_agrees_before_a_worker_attends(
    event, camden_worker, camden_manager, hackney_manager
):
    event.home_manager_must_agree = True
    event.save()

    booking = services.booking_make(event=event, by=camden_worker)
    assert booking.status == BookingStatus.PENDING_HOME_AGREEMENT
    assert Notification.objects.filter(recipient=camden_manager, event="event_agreement_needed")
    with pytest.raises(PermissionDenied):
        services.booking_home_decide(booking=booking, agree=True, by=hackney_manager)

    services.booking_home_decide(booking=booking, agree=True, by=camden_manager)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    told = Notification.objects.get(recipient=camden_worker, event="event_agreement_decided")
    assert told.attachment_ics


def test_a_coordinator_does_not_book(event, coordinator):
    with pytest.raises(PermissionDenied):
        services.booking_make(event=event, by=coordinator)
