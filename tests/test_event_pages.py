"""The learning event pages: posting with clear errors, the list with its filters
and places left, booking from the event page, the host's lists and attendance."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import JobLevel, Specialism
from learning.events import services
from learning.models import Booking, BookingStatus, EventStatus, LearningEvent
from tests.factories import LearningEventFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _form(**overrides) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "kind": "training",
        "title": "Contextual safeguarding",
        "description": "A morning on extra-familial harm",
        "date-day": str(day.day),
        "date-month": str(day.month),
        "date-year": str(day.year),
        "start_time": "09:30",
        "end_time": "12:30",
        "place": "Haringey Civic Centre, N22 8LE",
        "online_link": "",
        "capacity": "12",
        "job_levels": [str(JobLevel.SOCIAL_WORKER), str(JobLevel.SENIOR_PRACTITIONER)],
    }
    return data | overrides


def test_a_manager_posts_an_event_for_their_borough(client, haringey_manager):
    client.force_login(haringey_manager)

    response = client.post(reverse("event_create"), _form())

    event = LearningEvent.objects.get()
    assert response.url == reverse("event_detail", args=[event.pk])
    assert event.borough == haringey_manager.borough
    assert event.job_levels == "1,2"
    local = timezone.localtime(event.starts_at)
    assert (local.hour, local.minute) == (9, 30)
    page = _text(client.get(response.url))
    assert "Contextual safeguarding" in page and "12 of 12 places left" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "09:00"}, "End time must be after the start time"),
        ({"capacity": "0"}, "Places must be between 1 and 500"),
        ({"capacity": "10000"}, "Places must be between 1 and 500"),
        ({"place": "", "online_link": "http://example.org/meet"}, "starts https://"),
        ({"place": "", "online_link": ""}, "Enter an address or an online link"),
        ({"start_time": "25:00"}, "Enter the start time as hours and minutes, like 14:00"),
        ({"date-year": "2020"}, "Date must be today or in the future"),
        ({"date-year": "2099"}, "Date must be within the next 2 years"),
        ({"title": "x" * 151}, "Title must be 150 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, haringey_manager, overrides, message):
    client.force_login(haringey_manager)

    response = client.post(reverse("event_create"), _form(**overrides))

    assert response.status_code == 200
    assert message in _text(response)
    assert not LearningEvent.objects.exists()


def test_a_worker_cannot_post_an_event(client, camden_worker):
    client.force_login(camden_worker)

    assert client.get(reverse("event_create")).status_code == 403
    assert client.post(reverse("event_create"), _form()).status_code == 403


def test_the_list_filters_and_shows_places_left_or_the_waiting_list(
    client, camden, haringey, haringey_manager, camden_manager, camden_worker
):
    specialism = Specialism.objects.first()
    full = LearningEventFactory(
        borough=haringey, created_by=haringey_manager, title="Full one", capacity=1
    )
    services.booking_make(event=full, by=camden_manager)
    shadowing = LearningEventFactory(
        borough=camden, created_by=camden_manager, title="Shadow a team", kind="shadowing"
    )
    shadowing.specialisms.set([specialism])
    LearningEventFactory(
        borough=camden, created_by=camden_manager, title="Seniors only", job_levels="3"
    )
    LearningEventFactory(
        borough=camden,
        created_by=camden_manager,
        title="Long past",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    client.force_login(camden_worker)

    page = _text(client.get(reverse("event_list")))
    assert "3 events" in page and "Long past" not in page
    assert "Full \u2013 waiting list" in page and "10 places left" in page

    by_kind = _text(client.get(reverse("event_list"), {"kind": "shadowing"}))
    assert "Shadow a team" in by_kind and "Full one" not in by_kind
    by_borough = _text(client.get(reverse("event_list"), {"borough": haringey.pk}))
    assert "Full one" in by_borough and "Shadow a team" not in by_borough
    by_specialism = _text(client.get(reverse("event_list"), {"specialism": specialism.pk}))
    assert "1 event " in by_specialism and "Shadow a team" in by_specialism
    by_level = _text(client.get(reverse("event_list"), {"job_level": 1}))
    assert "Seniors only" not in by_level and "Full one" in by_level
    week = timezone.localdate() + datetime.timedelta(days=7)
    by_dates = _text(
        client.get(
            reverse("event_list"),
            {"starts_from": week.isoformat(), "starts_to": week.isoformat()},
        )
    )
    assert "3 events" in by_dates
    none = _text(client.get(reverse("event_list"), {"starts_to": timezone.localdate().isoformat()}))
    assert "No upcoming events match your filters" in none


def test_booking_from_the_event_page_then_cancelling(
    client, haringey, haringey_manager, camden_worker
):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
    client.force_login(camden_worker)
    assert "Book a place" in _text(client.get(event.get_absolute_url()))

    response = client.post(reverse("event_book", args=[event.pk]), follow=True)

    assert "You are booked: we have emailed you a calendar invitation" in _text(response)
    assert "Cancel my booking" in _text(response)
    booking = Booking.objects.get()
    client.post(reverse("booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_booking_a_started_event_is_refused_with_a_message(
    client, haringey, haringey_manager, camden_worker
):
    event = LearningEventFactory(
        borough=haringey,
        created_by=haringey_manager,
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    client.force_login(camden_worker)

    response = client.post(reverse("event_book", args=[event.pk]))

    assert response.status_code == 409
    assert "This event has started: it can no longer be booked" in _text(response)
    assert not Booking.objects.exists()


def test_the_host_sees_bookings_and_the_waiting_list_and_records_attendance(
    client, haringey, haringey_manager, camden_worker, camden_manager
):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager, capacity=1)
    booked = services.booking_make(event=event, by=camden_worker)
    services.booking_make(event=event, by=camden_manager)
    client.force_login(haringey_manager)

    page = _text(client.get(event.get_absolute_url()))
    assert "Wendy Worker" in page and "Waiting list" in page and "Cara Manager" in page
    assert client.post(reverse("event_attendance", args=[event.pk])).status_code == 409

    LearningEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    response = client.post(
        reverse("event_attendance", args=[event.pk]), {f"attended_{booked.pk}": "yes"}
    )

    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.attended is True


def test_another_borough_cannot_edit_cancel_or_record_attendance(
    client, haringey, haringey_manager, hackney_manager
):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
    client.force_login(hackney_manager)

    assert client.get(event.get_absolute_url()).status_code == 200
    for name in ("event_edit", "event_cancel", "event_attendance"):
        assert client.post(reverse(name, args=[event.pk]), _form()).status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN and event.title.startswith("Training session")


def test_the_host_changes_and_cancels_an_event(client, haringey, haringey_manager):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
    client.force_login(haringey_manager)
    form = client.get(reverse("event_edit", args=[event.pk]))
    assert 'value="10:00"' in form.content.decode()

    client.post(reverse("event_edit", args=[event.pk]), _form(title="Renamed"))
    client.post(reverse("event_cancel", args=[event.pk]), {"reason": "Room flooded"})

    event.refresh_from_db()
    assert (event.title, event.status) == ("Renamed", EventStatus.CANCELLED)
