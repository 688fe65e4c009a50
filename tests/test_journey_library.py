"""The outside view and the practice library, end to end, in real Chromium.

A Camden social worker writes a learning report on her completed placement in
Haringey, keeps her name from the host and agrees to the library; a
coordinator removes the details and publishes it; Hackney's manager searches
the library for "assessments" and finds it. axe-core checks every page.
"""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from learning.models import LearningReport
from secondments.models import PlacementStatus
from tests.browser import _Journey, _journeys, follow, journey_context, visit
from tests.factories import PlacementFactory
from tests.personas import TwoFactorClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_a_report_goes_through_moderation_into_the_library(
    open_browser: Callable[..., Page],
    camden_worker,
    haringey,
    haringey_manager,
    coordinator,
    hackney_manager,
):
    placement = PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.COMPLETED
    )

    worker = open_browser(camden_worker)
    visit(worker, reverse("learning_report_edit", args=[placement.pk]))
    worker.get_by_label("What works well in the host borough").fill(
        "A weekly assessment clinic where Jo Bloggs reviews every plan."
    )
    worker.get_by_label("What you will take home").fill("Shorter assessment write-ups.")
    worker.get_by_label("What the host borough could do differently").fill("Laptops on day one.")
    worker.get_by_label("Keep my name from the host borough").check()
    worker.get_by_label("I agree that a coordinator may publish").check()
    follow(worker, worker.get_by_role("button", name="Save learning report"))
    expect(worker.get_by_text("Awaiting moderation")).to_be_visible()
    report = LearningReport.objects.get()

    host = open_browser(haringey_manager)
    visit(host, reverse("learning_report_list"))
    follow(host, host.get_by_role("link", name="Camden to Haringey"))
    expect(host.get_by_text("Anonymous", exact=True)).to_be_visible()
    expect(host.get_by_text("Wendy Worker")).to_have_count(0)

    moderator = open_browser(coordinator)
    visit(moderator, reverse("library_moderation"))
    follow(moderator, moderator.get_by_role("link", name="Camden to Haringey"))
    expect(
        moderator.get_by_text("remove every personal and case-identifying detail")
    ).to_be_visible()
    moderator.get_by_label("Title in the library").fill("An assessment clinic")
    moderator.get_by_label("Text in the library").fill(
        "A weekly assessment clinic where a senior practitioner reviews every plan."
    )
    follow(moderator, moderator.get_by_role("button", name="Publish in the library"))
    expect(moderator.get_by_text("Published in the practice library")).to_be_visible()

    reader = open_browser(hackney_manager)
    visit(reader, reverse("library"))
    reader.get_by_label("Search the library").fill("assessments")
    follow(reader, reader.get_by_role("button", name="Apply filters"))
    expect(reader.locator("#library-results mark").first).to_have_text("assessment")
    follow(reader, reader.get_by_role("link", name="An assessment clinic"))
    expect(reader.get_by_text("Anonymous", exact=True)).to_be_visible()
    expect(reader.get_by_text("Jo Bloggs")).to_have_count(0)
    assert reader.url.endswith(reverse("library_entry", args=[report.pk]))
