"""A social worker makes a calendar link from their account, their calendar
app reads it without signing in, and a new link stops the old one.

The journey runs in headless Chromium, and axe-core checks every page it visits.
"""

import urllib.error
import urllib.request

import icalendar
import pytest
from playwright.sync_api import Page, expect

from secondments.models import PlacementStatus
from tests.browser import follow, visit
from tests.factories import PASSWORD, PlacementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _read(live_server, feed_url: str) -> tuple[int, bytes]:
    """Fetch the feed as a calendar app would: no cookies, no sign-in."""
    path = "/calendar/" + feed_url.split("/calendar/", 1)[1]
    try:
        with urllib.request.urlopen(live_server.url + path) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _sign_in(page: Page, email: str) -> None:
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))


def test_a_worker_makes_a_calendar_link_and_replaces_it(
    page: Page, live_server, camden_worker, hackney
) -> None:
    PlacementFactory(
        worker=camden_worker, help_request__borough=hackney, status=PlacementStatus.ACTIVE
    )
    _sign_in(page, camden_worker.email)

    follow(
        page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your account")
    )
    follow(page, page.get_by_role("link", name="Make one calendar link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your calendar link")
    follow(page, page.get_by_role("button", name="Make a calendar link"))

    first = page.get_by_label("Calendar link").input_value()
    status, body = _read(live_server, first)
    assert status == 200
    calendar = icalendar.Calendar.from_ical(body)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert "Placement in Hackney" in summaries

    # Shown once: after a refresh the page no longer holds the link.
    visit(page, "/account/calendar/")
    expect(page.get_by_label("Calendar link")).to_have_count(0)

    follow(page, page.get_by_role("button", name="Make a new calendar link"))
    second = page.get_by_label("Calendar link").input_value()
    assert second != first
    assert _read(live_server, first)[0] == 404
    assert _read(live_server, second)[0] == 200

    follow(page, page.get_by_role("button", name="Stop my calendar link"))
    expect(page.get_by_text("Your calendar link has been stopped")).to_be_visible()
    assert _read(live_server, second)[0] == 404
    follow(page, page.get_by_role("link", name="Back to your account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
