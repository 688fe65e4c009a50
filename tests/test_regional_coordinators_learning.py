"""Coordinators act on learning within their own regions only (issue 13).

London's coordinator posts events for London boroughs, agrees to London staff's
bookings, moderates learning reports of London placements (and is told of
them), and sees the references given there. The North East's coordinator may
post only for North East boroughs, is not told of London's reports, finds
none of them in the moderation queue, and gets 404 on what they may not know
exists and 403 on an open event they see but may not change.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import JobLevel
from learning.events import services as events
from learning.models import BookingStatus, EventStatus, LearningEvent, LearningReport
from learning.reports import services as reports
from notifications.models import Notification
from tests.factories import BoroughFactory, LearningEventFactory
from tests.learning_reports import completed_placement, written

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _event_form(borough) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=14)
    return {
        "borough": str(borough.pk),
        "kind": "training",
        "title": "Contextual safeguarding",
        "description": "A morning on extra-familial harm",
        "date-day": str(day.day),
        "date-month": str(day.month),
        "date-year": str(day.year),
        "start_time": "09:30",
        "end_time": "12:30",
        "place": "Camden Town Hall, WC1H 9JE",
        "online_link": "",
        "capacity": "12",
        "job_levels": [str(JobLevel.SOCIAL_WORKER)],
    }


# --- Events and bookings --------------------------------------------------------


def test_a_coordinator_posts_events_only_for_the_boroughs_of_their_regions(
    client, camden, london_coordinator, north_east_coordinator
):
    newcastle = BoroughFactory(name="Newcastle upon Tyne", region="North East")
    client.force_login(north_east_coordinator)
    form = client.get(reverse("event_create")).content.decode()
    assert "Newcastle upon Tyne" in form and "Camden" not in form

    refused = client.post(reverse("event_create"), _event_form(camden))
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not LearningEvent.objects.exists()
    assert client.post(reverse("event_create"), _event_form(newcastle)).status_code == 302

    client.force_login(london_coordinator)
    assert client.post(reverse("event_create"), _event_form(camden)).status_code == 302
    assert sorted(LearningEvent.objects.values_list("borough__name", flat=True)) == [
        "Camden",
        "Newcastle upon Tyne",
    ]


def test_another_regions_coordinator_sees_an_open_event_but_may_not_change_it(
    client, camden, camden_manager, london_coordinator, north_east_coordinator
):
    event = LearningEventFactory(borough=camden, created_by=camden_manager)
    client.force_login(north_east_coordinator)

    assert client.get(event.get_absolute_url()).status_code == 200
    for name in ("event_edit", "event_cancel", "event_attendance"):
        assert client.post(reverse(name, args=[event.pk]), {"reason": "No"}).status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN

    client.force_login(london_coordinator)
    client.post(reverse("event_cancel", args=[event.pk]), {"reason": "Room flooded"})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_a_cancelled_london_event_is_not_there_for_another_regions_coordinator(
    client, camden, camden_manager, london_coordinator, north_east_coordinator
):
    event = LearningEventFactory(borough=camden, created_by=camden_manager)
    events.event_cancel(event=event, reason="Room flooded", by=camden_manager)

    client.force_login(london_coordinator)
    assert client.get(event.get_absolute_url()).status_code == 200
    client.force_login(north_east_coordinator)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_only_the_coordinators_of_the_workers_region_agree_to_a_booking(
    client, haringey, haringey_manager, camden_worker, london_coordinator, north_east_coordinator
):
    event = LearningEventFactory(
        borough=haringey, created_by=haringey_manager, home_manager_must_agree=True
    )
    booking = events.booking_make(event=event, by=camden_worker)
    assert booking.status == BookingStatus.PENDING_HOME_AGREEMENT
    url = reverse("booking_home_decision", args=[booking.pk])

    client.force_login(north_east_coordinator)
    assert client.post(url, {"decision": "agree"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING_HOME_AGREEMENT

    client.force_login(london_coordinator)
    assert client.post(url, {"decision": "agree"}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


# --- Learning reports and the practice library ----------------------------------


def test_a_london_report_is_moderated_by_londons_coordinators_alone(
    client, camden_worker, haringey, coordinator, london_coordinator, north_east_coordinator
):
    report = written(camden_worker, haringey)
    reports.report_consent_give(report=report, by=camden_worker)

    told = set(
        Notification.objects.filter(event="learning_report_offered").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {coordinator.email, london_coordinator.email}
    moderate = reverse("learning_report_moderate", args=[report.pk])

    client.force_login(north_east_coordinator)
    assert moderate not in client.get(reverse("library_moderation")).content.decode()
    assert client.get(moderate).status_code == 404
    assert client.get(report.get_absolute_url()).status_code == 404
    assert "Haringey" not in _text(client.get(reverse("learning_report_list")))

    client.force_login(london_coordinator)
    assert moderate in client.get(reverse("library_moderation")).content.decode()
    response = client.post(
        moderate,
        {"action": "publish", "title": "Huddles", "text": "Daily huddles keep work moving."},
    )
    assert response.status_code == 302
    assert LearningReport.objects.get().is_published


# --- References -----------------------------------------------------------------


def test_references_of_london_placements_are_not_there_for_another_region(
    client, camden_worker, haringey, london_coordinator, north_east_coordinator
):
    placement = completed_placement(camden_worker, haringey)
    reference = reverse("placement_reference", args=[placement.pk])
    references = reverse("person_references", args=[camden_worker.pk])

    client.force_login(london_coordinator)
    assert client.get(reference).status_code == 200
    assert client.get(references).status_code == 200

    client.force_login(north_east_coordinator)
    assert client.get(reference).status_code == 404
    assert client.get(references).status_code == 404
