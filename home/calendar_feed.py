"""A person's calendar at their secret link (people/calendar.py makes the link).

No sign-in: a calendar app fetches it unattended, so the token in the URL is the
only key. Only a hash of it is stored; an unknown or stopped token answers 404.
What it holds is what the person sees on their own pages:

- placements: a worker's own (all day, first to last day, with the host borough
  and the first-day details the host has given); a manager's borough's, coming
  in and going out, as on their placements list;
- learning events they are booked on (or waiting for their manager to agree),
  and, for a manager, the open events their borough hosts;
- timesheet deadlines: for each week of a worker's placement, the day its
  timesheet is due. A week runs Monday to Sunday (money.models.week_starting),
  so it is due the Monday after, the day the reminders start
  (money/timesheets/reminders.py).

A handful of queries however much it holds, so calendars polling it stay cheap.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import CalendarFeed, User
from learning.events.invitation import event_uid
from learning.models import BookingStatus, EventStatus, LearningEvent
from money.models import week_starting
from secondments.models import BOOKED_STATES, HOLDING_STATES, Placement

PRODID = "-//London Secondment Exchange//Calendar feed//EN"
ONE_DAY = datetime.timedelta(days=1)
ONE_WEEK = datetime.timedelta(days=7)
# Placements that ended longer ago than this are left out: a calendar needs
# what is coming, not every week of years past.
HISTORY = datetime.timedelta(days=365)
BOOKED = (BookingStatus.BOOKED, BookingStatus.PENDING_HOME_AGREEMENT)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "secondments.invalid"


def timesheet_due_on(monday: datetime.date) -> datetime.date:
    """The day a week's timesheet is due: the Monday after the week ends."""
    return monday + ONE_WEEK


def _all_day(uid: str, summary: str, first: datetime.date, last: datetime.date, stamp):
    event = icalendar.Event()
    event.add("uid", f"{uid}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", last + ONE_DAY)  # DTEND of an all-day event is the day after
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    return event


def _first_day_details(placement: Placement) -> list[str]:
    lines = []
    if placement.report_to_address:
        lines.append(f"Report to: {placement.report_to_address}")
    if placement.first_day_starts_at:
        lines.append(f"Start time on day one: {placement.first_day_starts_at:%H:%M}")
    if placement.host_contact_name:
        contact = placement.host_contact_name
        if placement.host_contact_phone:
            contact += f", {placement.host_contact_phone}"
        lines.append(f"Contact: {contact}")
    return lines


def _placement_event(placement: Placement, user: User, stamp) -> icalendar.Event:
    own = placement.worker_id == user.pk
    summary = f"Placement in {placement.host}" if own else f"{placement.worker} in {placement.host}"
    event = _all_day(
        f"placement-{placement.pk}", summary, placement.starts_on, placement.ends_on, stamp
    )
    lines = [
        f"Host borough: {placement.host}",
        f"Home borough: {placement.home}",
        f"{placement.days_per_week} days a week",
    ]
    lines += _first_day_details(placement)
    lines.append(f"Details: {settings.SITE_URL}{placement.get_absolute_url()}")
    event.add("description", "\n".join(lines))
    if placement.report_to_address:
        event.add("location", placement.report_to_address)
    return event


def _timesheet_deadlines(placement: Placement, stamp) -> list[icalendar.Event]:
    events = []
    monday = week_starting(placement.starts_on)
    while monday <= placement.ends_on:
        due = timesheet_due_on(monday)
        event = _all_day(
            f"timesheet-due-{placement.pk}-{monday:%Y%m%d}",
            f"Timesheet due: week starting {monday:%-d %B %Y}",
            due,
            due,
            stamp,
        )
        event.add(
            "description",
            f"Record the days you worked in {placement.host} that week.\n"
            f"{settings.SITE_URL}{placement.get_absolute_url()}",
        )
        events.append(event)
        monday += ONE_WEEK
    return events


def _learning_event(event: LearningEvent, summary_prefix: str, stamp) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    vevent.add("dtend", event.ends_at.astimezone(datetime.UTC))
    vevent.add("summary", f"{summary_prefix}{event.title}")
    if event.location:
        vevent.add("location", event.location)
    vevent.add("description", f"Details: {settings.SITE_URL}{event.get_absolute_url()}")
    return vevent


def feed_calendar(user: User, today: datetime.date) -> icalendar.Calendar:
    stamp = timezone.now().astimezone(datetime.UTC)
    since = today - HISTORY
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Secondments")

    placements = Placement.objects.filter(status__in=HOLDING_STATES, ends_on__gte=since)
    placements = placements.visible_to(user) if user.is_manager else placements.filter(worker=user)
    for placement in placements.select_related("worker", "host", "home").order_by(
        "starts_on", "pk"
    ):
        calendar.add_component(_placement_event(placement, user, stamp))
        if placement.worker_id == user.pk and placement.status in BOOKED_STATES:
            for deadline in _timesheet_deadlines(placement, stamp):
                calendar.add_component(deadline)

    booked = Q(bookings__person=user, bookings__status__in=BOOKED)
    hosted = Q(borough_id=user.borough_id, status=EventStatus.OPEN) if user.is_manager else Q()
    events = (
        LearningEvent.objects.filter((booked | hosted) if hosted else booked)
        .filter(ends_at__date__gte=since)
        .distinct()
        .order_by("starts_at", "pk")
    )
    for event in events:
        cancelled = "Cancelled: " if event.status == EventStatus.CANCELLED else ""
        calendar.add_component(_learning_event(event, cancelled, stamp))
    return calendar


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.for_token(token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    now = timezone.now()
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    calendar = feed_calendar(feed.user, timezone.localdate(now))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="secondments.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
