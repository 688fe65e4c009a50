"""The booking confirmation email carries an iCalendar invitation (issue 10,
acceptance 3): sent through the real delivery path, it parses with the
`icalendar` package and gives the event's start, end and place."""

import datetime

import icalendar
import pytest
from django.core import mail

from learning.events import services
from notifications.models import Notification
from notifications.tasks import deliver_notification
from tests.factories import LearningEventFactory

pytestmark = pytest.mark.django_db


def _invitation(message) -> icalendar.Calendar:
    attachments = [a for a in message.attachments if a[0] == "invitation.ics"]
    assert len(attachments) == 1
    _name, content, mimetype = attachments[0]
    assert mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(content)


def _deliver(person, event_type: str) -> None:
    row = Notification.objects.get(recipient=person, event=event_type)
    assert deliver_notification.apply(args=[row.pk]).get() == "sent"


def test_the_booking_email_carries_the_event_as_a_calendar_invitation(
    haringey, haringey_manager, camden_worker
):
    event = LearningEventFactory(
        borough=haringey,
        created_by=haringey_manager,
        title="Contextual safeguarding",
        place="Haringey Civic Centre, High Road, London N22 8LE",
    )

    services.booking_make(event=event, by=camden_worker)
    _deliver(camden_worker, "event_booked")

    (message,) = mail.outbox
    assert message.to == ["worker@camden.gov.uk"]
    assert message.subject == "You are booked on Contextual safeguarding"
    calendar = _invitation(message)
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert vevent.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert str(vevent["LOCATION"]) == "Haringey Civic Centre, High Road, London N22 8LE"
    assert str(vevent["SUMMARY"]) == "Contextual safeguarding"
    assert str(vevent["UID"]).startswith(f"learning-event-{event.pk}@")
    assert "DTSTAMP" in vevent
    assert f"/events/{event.pk}/" in str(vevent["DESCRIPTION"])


def test_an_online_event_gives_its_link_as_the_location(haringey, haringey_manager, camden_worker):
    event = LearningEventFactory(
        borough=haringey,
        created_by=haringey_manager,
        place="",
        online_link="https://teams.example.org/meet/123",
    )

    services.booking_make(event=event, by=camden_worker)
    _deliver(camden_worker, "event_booked")

    (vevent,) = _invitation(mail.outbox[0]).walk("VEVENT")
    assert str(vevent["LOCATION"]) == "https://teams.example.org/meet/123"


def test_joining_the_waiting_list_sends_no_invitation(haringey, haringey_manager, camden_worker):
    event = LearningEventFactory(borough=haringey, created_by=haringey_manager, capacity=1)
    services.booking_make(event=event, by=haringey_manager)

    services.booking_make(event=event, by=camden_worker)
    _deliver(camden_worker, "event_booked")

    (message,) = mail.outbox
    assert "waiting list" in message.subject
    assert message.attachments == []
