"""The iCalendar invitation a booking confirmation carries."""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from learning.models import LearningEvent

PRODID = "-//London Secondment Exchange//Learning events//EN"


def event_uid(event: LearningEvent) -> str:
    """The same for every invitation to one event, so a calendar updates it in place."""
    host = urlsplit(settings.SITE_URL).hostname or "secondments.invalid"
    return f"learning-event-{event.pk}@{host}"


def invitation_ics(event: LearningEvent, *, sequence: int = 0) -> str:
    """A VCALENDAR with one VEVENT for the event, times in UTC."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("sequence", sequence)
    vevent.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    vevent.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    vevent.add("dtend", event.ends_at.astimezone(datetime.UTC))
    vevent.add("summary", event.title)
    vevent.add("location", event.location)
    description = event.description
    if event.online_link:
        description += f"\n\nJoin online: {event.online_link}"
    description += f"\n\nDetails: {settings.SITE_URL}{event.get_absolute_url()}"
    vevent.add("description", description)
    calendar.add_component(vevent)
    return calendar.to_ical().decode()
