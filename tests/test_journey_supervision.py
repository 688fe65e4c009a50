"""Supervision of a newly qualified worker, end to end in the browser.

Camden's newly qualified social worker is on an active placement in Haringey,
from a request suitable for a newly qualified worker. Haringey's manager opens
the placement, sees the supervision arrangement, follows the link to the
supervision record and records a session; Camden's manager (the home borough)
opens the same placement and reads the session. Each person has their own
browser, and axe-core (with the fits-width check) checks every page visited.
"""

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from learning.models import SupervisionSession
from tests.browser import _Journey, _journeys, follow, journey_context, visit
from tests.personas import TwoFactorClient
from tests.supervision_setup import newly_qualified_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Reviewed the first three assessments; agreed to co-work the next home visit."


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


def test_the_host_records_supervision_and_the_home_manager_reads_it(
    open_browser: Callable[..., Page],
    camden_worker,
    haringey,
    haringey_manager,
    camden_manager,
):
    placement = newly_qualified_placement(camden_worker, haringey)
    held_on = timezone.localdate() - datetime.timedelta(days=2)

    host = open_browser(haringey_manager)
    visit(host, placement.get_absolute_url())
    expect(host.get_by_role("heading", name="Supervision arrangement")).to_be_visible()
    expect(host.get_by_text("No more than 12 cases")).to_be_visible()
    follow(host, host.get_by_role("link", name="Supervision record"))
    expect(host.get_by_text("No supervision sessions recorded yet")).to_be_visible()
    _fill_date(host, "Date of the session", held_on)
    host.get_by_label("Note").fill(NOTE)
    follow(host, host.get_by_role("button", name="Record session"))
    expect(host.get_by_role("alert", name="Success")).to_contain_text(
        "Supervision session recorded"
    )
    expect(host.get_by_role("cell", name=NOTE)).to_be_visible()
    assert SupervisionSession.objects.get().held_on == held_on

    home = open_browser(camden_manager)
    visit(home, placement.get_absolute_url())
    follow(home, home.get_by_role("link", name="Supervision record"))
    expect(home.get_by_role("cell", name=NOTE)).to_be_visible()
    expect(home.get_by_role("button", name="Record session")).to_have_count(0)
