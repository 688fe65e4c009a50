"""Joint training, end to end: Haringey's manager posts a training session, a
Camden social worker finds it by filtering the events by host borough and
books it, and once it has begun the host records that she came. Each person
has their own browser, and axe-core checks every page any of them visits.
"""

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from learning.models import Booking, BookingStatus, LearningEvent
from tests.browser import _Journey, _journeys, follow, journey_context, visit
from tests.personas import TwoFactorClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Contextual safeguarding in practice"


@pytest.fixture
def open_browser(
    request: pytest.FixtureRequest, browser: Browser, live_server
) -> Iterator[Callable[..., Page]]:
    """A browser of its own (no shared cookies) for one signed-in person, set up
    as the `page` fixture's is, so that every page it loads must be checked too."""
    opened: list[tuple[Page, _Journey]] = []

    def open_page(person) -> Page:
        context = journey_context(browser, live_server)
        # Signed in with both factors, as tests/test_journey_working_day.py
        # does: the sign-in pages have journeys of their own.
        client = TwoFactorClient()
        client.force_login(person)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        new_page = context.new_page()
        journey = _journeys[new_page] = _Journey()
        new_page.on("load", lambda loaded: journey.loads.append(loaded.url))
        new_page.on(
            "pageerror", lambda error: journey.script_errors.append(f"{new_page.url}: {error}")
        )
        opened.append((new_page, journey))
        return new_page

    failed_before = request.session.testsfailed
    try:
        yield open_page
    finally:
        for opened_page, _ in opened:
            opened_page.context.close()
    if request.session.testsfailed == failed_before:
        unchecked = [url for _, journey in opened for url in journey.loads[journey.checked :]]
        assert not unchecked, (
            "These pages were visited but never checked with assert_accessible "
            f"(load them with visit() or follow()): {unchecked}"
        )


def _fill_date(page: Page, legend: str, day: datetime.date) -> None:
    boxes = page.get_by_role("group", name=legend)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def test_a_host_posts_an_event_a_worker_of_another_borough_books_it_and_attends(
    open_browser: Callable[..., Page], camden, haringey, haringey_manager, camden_worker
) -> None:
    day = timezone.localdate() + datetime.timedelta(days=10)

    # 1. Haringey's manager posts a training session from the dashboard.
    host = open_browser(haringey_manager)
    visit(host, reverse("dashboard"))
    follow(host, host.get_by_role("link", name="Post a training or shadowing event"))
    expect(host.get_by_role("heading", level=1)).to_have_text("Post an event")
    host.get_by_label("Training session").check()
    host.get_by_label("Title").fill(TITLE)
    host.get_by_label("Description").fill("A morning on extra-familial harm, led by our team.")
    _fill_date(host, "Date", day)
    host.get_by_label("Start time").fill("09:30")
    host.get_by_label("End time").fill("09:00")
    host.get_by_label("Address (optional if online)").fill("Haringey Civic Centre, N22 8LE")
    host.get_by_label("Places").fill("12")
    follow(host, host.get_by_role("button", name="Post event"))
    expect(host.get_by_role("alert")).to_contain_text("End time must be after the start time")
    host.get_by_label("End time").fill("12:30")
    follow(host, host.get_by_role("button", name="Post event"))
    expect(host.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(host.get_by_text("12 of 12 places left")).to_be_visible()
    event = LearningEvent.objects.get()

    # 2. Camden's social worker finds it by the host borough and books it.
    worker = open_browser(camden_worker)
    visit(worker, reverse("dashboard"))
    follow(worker, worker.get_by_role("link", name="Events", exact=True))
    expect(worker.get_by_role("heading", level=1)).to_have_text("Training and shadowing")
    worker.get_by_label("Host borough").select_option(label="Haringey")
    follow(worker, worker.get_by_role("button", name="Apply filters"))
    expect(worker.locator("#result-count")).to_have_text("1 event")
    follow(worker, worker.get_by_role("link", name=TITLE))
    follow(worker, worker.get_by_role("button", name="Book a place"))
    expect(worker.get_by_role("alert", name="Success")).to_contain_text("You are booked")
    expect(worker.get_by_role("button", name="Cancel my booking")).to_be_visible()
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.BOOKED

    # 3. The session begins; the host records that she came.
    LearningEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    visit(host, event.get_absolute_url())
    expect(host.get_by_role("table", name="People booked")).to_contain_text("Wendy Worker")
    follow(host, host.get_by_role("link", name="Record attendance"))
    host.get_by_role("group", name="Did Wendy Worker (Camden) attend?").get_by_label("Yes").check()
    follow(host, host.get_by_role("button", name="Save attendance"))
    expect(host.get_by_role("alert", name="Success")).to_contain_text("Attendance saved")
    booking.refresh_from_db()
    assert booking.attended is True
