"""A person's calendar feed at a secret link: their placements, the learning
events they are booked on and their timesheet deadlines, readable by any
calendar app without signing in, and stopped by revoking or replacing it."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import CalendarFeed
from audit.models import AuditEvent
from home.calendar_feed import timesheet_due_on
from learning.events import services as events
from money.models import week_starting
from people.calendar import calendar_feed_create, calendar_feed_revoke
from secondments.models import PlacementStatus
from tests.factories import LearningEventFactory, PlacementFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def _feed(client, token: str):
    return client.get(reverse("calendar_feed", args=[token]))


def _parsed(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _summaries(calendar: icalendar.Calendar) -> list[str]:
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


@pytest.fixture
def placement(camden_worker, hackney):
    return PlacementFactory(
        worker=camden_worker,
        help_request__borough=hackney,
        status=PlacementStatus.ACTIVE,
        report_to_address="Hackney Service Centre, 1 Hillman Street",
    )


@pytest.fixture
def booked_event(camden_worker, hackney, hackney_manager):
    event = LearningEventFactory(
        borough=hackney, created_by=hackney_manager, title="Contextual safeguarding"
    )
    events.booking_make(event=event, by=camden_worker)
    return event


def test_the_feed_parses_and_holds_the_workers_placement_events_and_deadlines(
    client, camden_worker, placement, booked_event
):
    token = calendar_feed_create(person=camden_worker)

    calendar = _parsed(_feed(client, token))  # signed out: no session at all

    by_summary = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    stay = by_summary["Placement in Hackney"]
    assert stay.decoded("DTSTART") == placement.starts_on
    assert stay.decoded("DTEND") == placement.ends_on + datetime.timedelta(days=1)
    assert "Hillman Street" in str(stay["DESCRIPTION"])
    assert "Contextual safeguarding" in by_summary
    assert by_summary["Contextual safeguarding"].decoded("DTSTART") == booked_event.starts_at
    first_week = week_starting(placement.starts_on)
    deadline = by_summary[f"Timesheet due: week starting {first_week:%-d %B %Y}"]
    assert deadline.decoded("DTSTART") == timesheet_due_on(first_week)
    assert timesheet_due_on(first_week) == first_week + datetime.timedelta(days=7)
    for event in calendar.walk("VEVENT"):
        assert event["UID"] and event["DTSTAMP"]
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_the_uids_stay_the_same_from_one_fetch_to_the_next(client, camden_worker, placement):
    token = calendar_feed_create(person=camden_worker)

    first = [str(e["UID"]) for e in _parsed(_feed(client, token)).walk("VEVENT")]
    second = [str(e["UID"]) for e in _parsed(_feed(client, token)).walk("VEVENT")]

    assert first == second and first


def test_an_unknown_token_gets_404(client, db):
    assert _feed(client, "not-a-real-token").status_code == 404


def test_a_revoked_token_gets_404(client, camden_worker, placement):
    token = calendar_feed_create(person=camden_worker)
    assert _feed(client, token).status_code == 200

    calendar_feed_revoke(person=camden_worker)

    assert _feed(client, token).status_code == 404


def test_a_new_token_makes_the_old_one_answer_404(client, camden_worker, placement):
    old = calendar_feed_create(person=camden_worker)
    new = calendar_feed_create(person=camden_worker)

    assert _feed(client, old).status_code == 404
    assert "Placement in Hackney" in _summaries(_parsed(_feed(client, new)))
    assert CalendarFeed.objects.filter(user=camden_worker).count() == 1


def test_only_a_hash_of_the_token_is_stored(camden_worker):
    token = calendar_feed_create(person=camden_worker)

    feed = CalendarFeed.objects.get(user=camden_worker)
    assert token not in feed.token_hash
    assert feed.token_hash == CalendarFeed.hash_token(token)
    assert len(token) >= 43


def test_another_users_token_never_shows_your_data(
    client, camden_worker, hackney_worker, placement, booked_event
):
    token = calendar_feed_create(person=hackney_worker)

    calendar = _parsed(_feed(client, token))

    text = calendar.to_ical().decode()
    assert "Placement in Hackney" not in text
    assert "Contextual safeguarding" not in text
    assert camden_worker.full_name not in text
    assert "Hillman Street" not in text


def test_a_host_manager_sees_their_boroughs_placements_and_hosted_events(
    client, hackney_manager, camden_worker, placement, booked_event, camden
):
    elsewhere = PlacementFactory(help_request__borough=camden, status=PlacementStatus.ACTIVE)
    token = calendar_feed_create(person=hackney_manager)

    summaries = _summaries(_parsed(_feed(client, token)))

    assert f"{camden_worker} in Hackney" in summaries
    assert "Contextual safeguarding" in summaries
    assert f"{elsewhere.worker} in Camden" not in summaries
    assert not any(summary.startswith("Timesheet due") for summary in summaries)


def test_the_feed_notes_when_it_was_last_read(client, camden_worker):
    token = calendar_feed_create(person=camden_worker)

    _feed(client, token)

    assert CalendarFeed.objects.get(user=camden_worker).last_used_at <= timezone.now()


@pytest.mark.parametrize("size", [1, 12])
def test_the_feed_costs_the_same_queries_however_much_it_holds(
    client, camden_worker, hackney, hackney_manager, size
):
    for n in range(size):
        PlacementFactory(
            worker=camden_worker,
            help_request__borough=hackney,
            help_request__starts_on=timezone.localdate() + datetime.timedelta(days=30 * n + 1),
            help_request__ends_on=timezone.localdate() + datetime.timedelta(days=30 * n + 20),
        )
        event = LearningEventFactory(borough=hackney, created_by=hackney_manager)
        events.booking_make(event=event, by=camden_worker)
    token = calendar_feed_create(person=camden_worker)

    with CaptureQueriesContext(connection) as queries:
        response = _feed(client, token)

    assert response.status_code == 200
    assert len(_summaries(_parsed(response))) > 2 * size
    # The feed, noting its use, the placements, the events.
    assert len(queries) == 4


# --- The account page ----------------------------------------------------------


def test_the_account_page_links_to_the_calendar_page(client, camden_worker):
    client.force_login(camden_worker)

    page = client.get(reverse("account")).content.decode()

    assert reverse("calendar_link") in page


def test_making_a_link_shows_it_once_and_it_works(client, camden_worker, placement):
    client.force_login(camden_worker)

    response = client.post(reverse("calendar_link"), {"action": "create"}, follow=True)

    page = response.content.decode()
    assert "Copy this link now" in page
    feed_path = page.split("/calendar/")[1].split(".ics")[0]
    assert CalendarFeed.objects.for_token(feed_path).exists()
    again = client.get(reverse("calendar_link")).content.decode()
    assert feed_path not in again
    assert "Make a new calendar link" in again
    client.logout()
    assert "Placement in Hackney" in _summaries(_parsed(_feed(client, feed_path)))


def test_stopping_the_link_from_the_account_page(client, camden_worker):
    token = calendar_feed_create(person=camden_worker)
    client.force_login(camden_worker)

    response = client.post(reverse("calendar_link"), {"action": "revoke"}, follow=True)

    assert "Your calendar link has been stopped" in response.content.decode()
    assert not CalendarFeed.objects.exists()
    client.logout()
    assert _feed(client, token).status_code == 404


def test_each_change_to_the_link_is_audited_once(camden_worker):
    calendar_feed_create(person=camden_worker)
    calendar_feed_create(person=camden_worker)
    calendar_feed_revoke(person=camden_worker)
    calendar_feed_revoke(person=camden_worker)  # nothing to stop: nothing written

    actions = list(
        AuditEvent.objects.filter(action__startswith="calendar_feed")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["calendar_feed_created", "calendar_feed_replaced", "calendar_feed_revoked"]


def test_the_calendar_page_needs_sign_in(client, db):
    response = client.get(reverse("calendar_link"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_worker_with_no_placements_gets_an_empty_but_valid_calendar(client, db):
    worker = WorkerFactory()
    token = calendar_feed_create(person=worker)

    assert _summaries(_parsed(_feed(client, token))) == []


def test_an_unknown_action_is_refused_and_changes_nothing(client, camden_worker):
    client.force_login(camden_worker)

    response = client.post(reverse("calendar_link"), {"action": "explode"})

    assert response.status_code == 400
    assert not CalendarFeed.objects.exists()


def test_calendar_apps_may_ask_with_head_but_never_post(client, camden_worker, placement):
    token = calendar_feed_create(person=camden_worker)
    url = reverse("calendar_feed", args=[token])

    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
