"""Learning events and bookings through the API: the same list and filters as the
events page, posting for managers, booking with a waiting list, cancelling, and
the host's view of who booked."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from learning.events import services as events
from learning.models import Booking, BookingStatus, LearningEvent
from tests.api_clients import api_client_for
from tests.api_query_counts import list_queries
from tests.factories import LearningEventFactory, WorkerFactory

pytestmark = pytest.mark.django_db

NEXT_WEEK = timezone.localdate() + datetime.timedelta(days=7)


def _event_form(**overrides) -> dict:
    return {
        "kind": "training",
        "title": "Signs of Safety refresher",
        "description": "A morning on the practice framework",
        "date": NEXT_WEEK.isoformat(),
        "start_time": "09:30",
        "end_time": "12:00",
        "place": "Camden Town Hall",
        "capacity": 12,
        "job_levels": [1, 2],
    } | overrides


def test_a_manager_posts_an_event_for_their_borough(camden, camden_manager):
    response = api_client_for(camden_manager).post(
        "/api/v1/learning-events/", _event_form(), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["borough"]["gss_code"] == "E09000007" and body["job_levels"] == [1, 2]
    assert body["starts_at"].startswith(NEXT_WEEK.isoformat())
    event = LearningEvent.objects.get()
    assert AuditEvent.objects.filter(action="event_created", object_id=event.pk).exists()


def test_bad_events_get_the_forms_messages(camden, camden_manager, camden_worker):
    client = api_client_for(camden_manager)

    past = client.post(
        "/api/v1/learning-events/", _event_form(date="2020-01-01", capacity=0), format="json"
    )
    nowhere = client.post("/api/v1/learning-events/", _event_form(place=""), format="json")
    by_worker = api_client_for(camden_worker).post(
        "/api/v1/learning-events/", _event_form(), format="json"
    )

    assert past.status_code == 400
    assert past.json()["date"] == ["Date must be today or in the future"]
    assert past.json()["capacity"] == ["Places must be between 1 and 500"]
    assert nowhere.json() == {"place": ["Enter an address or an online link"]}
    assert by_worker.status_code == 403
    assert not LearningEvent.objects.exists()


def test_booking_fills_places_then_the_waiting_list(haringey, haringey_manager, camden):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager, capacity=1)
    first, second = (WorkerFactory(borough=camden) for _ in range(2))
    url = f"/api/v1/learning-events/{event.pk}/book/"

    booked = api_client_for(first).post(url)
    second_client = api_client_for(second)
    waiting = second_client.post(url)
    twice = second_client.post(url)

    assert booked.status_code == 201 and booked.json()["status"] == BookingStatus.BOOKED
    assert waiting.json()["status"] == BookingStatus.WAITING
    assert twice.status_code == 409
    assert "already booked" in twice.json()["detail"]


def test_cancelling_a_booking_moves_the_next_person_up(haringey, haringey_manager, camden):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager, capacity=1)
    first, second = (WorkerFactory(borough=camden) for _ in range(2))
    booking = events.booking_make(event=event, by=first)
    waiting = events.booking_make(event=event, by=second)
    client = api_client_for(first)

    cancelled = client.post(f"/api/v1/bookings/{booking.pk}/cancel/")
    again = client.post(f"/api/v1/bookings/{booking.pk}/cancel/")
    by_other = api_client_for(second).post(f"/api/v1/bookings/{booking.pk}/cancel/")

    assert cancelled.status_code == 200 and cancelled.json()["status"] == BookingStatus.CANCELLED
    assert again.status_code == 409
    assert by_other.status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED


def test_a_person_lists_their_own_bookings_only(haringey, haringey_manager, camden, camden_worker):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
    mine = events.booking_make(event=event, by=camden_worker)
    events.booking_make(event=event, by=WorkerFactory(borough=camden))

    response = api_client_for(camden_worker).get("/api/v1/bookings/")

    assert [b["id"] for b in response.json()["results"]] == [mine.pk]


def test_only_the_host_sees_who_booked(haringey, haringey_manager, camden_manager, camden_worker):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
    events.booking_make(event=event, by=camden_worker)
    url = f"/api/v1/learning-events/{event.pk}/bookings/"

    host = api_client_for(haringey_manager).get(url)
    other = api_client_for(camden_manager).get(url)

    assert [b["person_name"] for b in host.json()["results"]] == [camden_worker.full_name]
    assert other.status_code == 403


def test_the_host_cancels_and_a_cancelled_event_is_hidden_from_others(
    haringey, haringey_manager, hackney_manager
):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
    client = api_client_for(haringey_manager)

    cancelled = client.post(f"/api/v1/learning-events/{event.pk}/cancel/", {}, format="json")
    again = client.post(f"/api/v1/learning-events/{event.pk}/cancel/", {}, format="json")

    assert cancelled.json()["status"] == "cancelled"
    assert again.status_code == 409
    assert (
        api_client_for(hackney_manager).get(f"/api/v1/learning-events/{event.pk}/").status_code
        == 404
    )


def test_the_list_filters_like_the_page(
    camden, haringey, haringey_manager, camden_manager, camden_worker
):
    LearningEventFactory(borough=haringey, created_by=haringey_manager, title="In Haringey")
    LearningEventFactory(borough=camden, created_by=camden_manager, title="In Camden")
    client = api_client_for(camden_worker)

    haringey_only = client.get("/api/v1/learning-events/?borough=E09000014").json()
    bad = client.get("/api/v1/learning-events/?kind=party")
    paged = client.get("/api/v1/learning-events/?page_size=1").json()

    assert [e["title"] for e in haringey_only["results"]] == ["In Haringey"]
    assert bad.status_code == 400 and bad.json()["kind"]
    assert paged["count"] == 2 and len(paged["results"]) == 1


@pytest.mark.parametrize("size", [1, 6])
def test_the_lists_cost_the_same_however_many(haringey, haringey_manager, camden_worker, size):
    for _ in range(size):
        event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
        events.booking_make(event=event, by=camden_worker)
    client = api_client_for(camden_worker)

    # The token, the count, the page of events with their places, their specialisms.
    assert list_queries(client, "/api/v1/learning-events/") == 4
    # The token, the count and the page of bookings with their events.
    assert list_queries(client, "/api/v1/bookings/") == 3
    assert Booking.objects.count() == size
