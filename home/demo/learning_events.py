"""The demo's learning events: a few upcoming sessions that boroughs open to
each other, one nearly full with a waiting list. Made through the services
(audited, notified); a second run creates nothing."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boroughs.models import Borough
from home.demo.people import DEMO_EMAIL_DOMAIN
from learning.events.services import booking_make, event_create
from learning.models import EventKind, LearningEvent

DEMO_MARK = "(demo event)"

EVENTS = [
    # host, kind, title, days ahead, start, end, place, link, capacity, levels, bookings
    ("haringey", EventKind.TRAINING, "Contextual safeguarding in practice", 9, (9, 30),
     (12, 30), "Haringey Civic Centre, High Road, London N22 8LE", "", 6, "1,2", 8),
    ("camden", EventKind.DISCUSSION, "Team discussion: working with interpreters", 16,
     (14, 0), (15, 30), "", "https://meet.example.org/camden-interpreters", 30, "", 3),
    ("hackney", EventKind.SHADOWING, "Shadowing day at the front door", 23, (9, 0),
     (17, 0), "Hackney Service Centre, 1 Hillman Street, London E8 1DY", "", 2, "1", 1),
]  # fmt: skip


def _manager(borough: str) -> User:
    return User.objects.get(email=f"manager1.{borough}@{DEMO_EMAIL_DOMAIN}")


@transaction.atomic
def seed_events() -> int:
    """Create the demo's learning events once; returns how many events were made."""
    if LearningEvent.objects.filter(description__endswith=DEMO_MARK).exists():
        return 0
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    made = 0
    for host, kind, title, ahead, start, end, place, link, capacity, levels, booked in EVENTS:
        manager = _manager(host)
        day = today + datetime.timedelta(days=ahead)
        event = event_create(
            borough=Borough.objects.get(name__iexact=host),
            data={
                "kind": kind,
                "title": title,
                "description": f"Open to social workers from every borough. {DEMO_MARK}",
                "starts_at": datetime.datetime.combine(day, datetime.time(*start), tzinfo=local),
                "ends_at": datetime.datetime.combine(day, datetime.time(*end), tzinfo=local),
                "place": place,
                "online_link": link,
                "capacity": capacity,
                "job_levels": levels,
            },
            by=manager,
        )
        bookers = (
            User.objects.workers()
            .filter(email__endswith=DEMO_EMAIL_DOMAIN, is_active=True)
            .exclude(borough=manager.borough)
            .order_by("email")[:booked]
        )
        for person in bookers:
            booking_make(event=event, by=person)
        made += 1
    return made
