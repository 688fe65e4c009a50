"""Bookings made at the same moment on PostgreSQL (issue 10, acceptance 2): an
event with 5 places takes exactly 5, the other 15 wait in the order they came,
and a cancellation moves the first of them up and tells them."""

import pytest
from django.db import connection
from django.urls import reverse

from learning.events import services
from learning.models import Booking, BookingStatus
from notifications.models import Notification
from tests.concurrency import all_at_once
from tests.factories import LearningEventFactory, UserFactory, WorkerProfileFactory
from tests.personas import TwoFactorClient

pytestmark = pytest.mark.django_db(transaction=True)


def _booking(person, url: str):
    client = TwoFactorClient()
    client.force_login(person)
    return lambda: client.post(url)


def test_twenty_bookings_at_once_for_five_places_book_five_and_queue_fifteen(
    haringey, haringey_manager, camden, hackney, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager, capacity=5)
    people = [
        UserFactory(borough=camden if n % 2 else hackney, full_name=f"Worker {n}")
        for n in range(20)
    ]
    for person in people:
        WorkerProfileFactory(user=person)
    url = reverse("event_book", args=[event.pk])

    results = all_at_once([lambda person=person: _booking(person, url) for person in people])

    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors[:3]
    assert [response.status_code for response in results] == [302] * 20
    bookings = list(Booking.objects.filter(event=event).order_by("position"))
    assert [b.position for b in bookings] == list(range(1, 21))
    assert [b.status for b in bookings] == [BookingStatus.BOOKED] * 5 + [BookingStatus.WAITING] * 15
    # Positions follow the order the bookings were made in.
    assert [b.created_at for b in bookings] == sorted(b.created_at for b in bookings)

    first_waiting = bookings[5]
    services.booking_cancel(booking=bookings[0], by=bookings[0].person)

    moved = Booking.objects.get(pk=first_waiting.pk)
    assert moved.status == BookingStatus.BOOKED
    assert Booking.objects.filter(event=event, status=BookingStatus.BOOKED).count() == 5
    assert Booking.objects.filter(event=event, status=BookingStatus.WAITING).count() == 14
    told = Notification.objects.get(recipient=moved.person, event="event_place_offered")
    assert told.title == f"A place came free: you are booked on {event.title}"
    assert told.attachment_ics.startswith("BEGIN:VCALENDAR")
