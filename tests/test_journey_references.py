"""References both ways, end to end: Haringey's manager gives a reference on a
Camden social worker after her placement there, she rates the placement, and
Camden's manager sees the reference among hers. Haringey's own page of what
social workers say waits for 3 ratings. Each person has their own browser, and
axe-core checks every page any of them visits.
"""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from learning.models import PlacementRating, Reference
from secondments.models import PlacementStatus
from tests.browser import _Journey, _journeys, follow, journey_context, visit
from tests.factories import PlacementFactory
from tests.personas import TwoFactorClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASH = "\N{EN DASH}"
COMMENTS = "Thorough assessments, and her recording was always up to date."


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


def _choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_a_reference_and_a_rating_after_a_completed_placement(
    open_browser: Callable[..., Page],
    camden_worker,
    haringey,
    haringey_manager,
    camden_manager,
):
    placement = PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.COMPLETED
    )

    # Haringey's manager gives the reference from the placement page.
    host = open_browser(haringey_manager)
    visit(host, placement.get_absolute_url())
    follow(host, host.get_by_role("link", name="Give or see the reference"))
    follow(host, host.get_by_role("button", name="Give reference"))  # nothing chosen yet
    expect(host.get_by_role("alert")).to_contain_text("Select a rating for case recording")
    for question, score in (
        ("Quality of social work practice", 5),
        ("Case recording", 4),
        ("Working with the team", 5),
        ("Reliability", 5),
    ):
        label = {5: "Excellent", 4: "Very good"}[score]
        _choose(host, question, f"{score} {DASH} {label}")
    _choose(host, "Would you host them again?", "Yes")
    host.get_by_label("Comments (optional)").fill(COMMENTS)
    follow(host, host.get_by_role("button", name="Give reference"))
    expect(host.get_by_role("alert", name="Success")).to_contain_text("Reference saved")
    expect(host.get_by_role("main")).to_contain_text(COMMENTS)
    assert Reference.objects.get().practice == 5

    # Fewer than 3 ratings: Haringey sees nothing yet.
    visit(host, reverse("borough_ratings", args=[haringey.gss_code]))
    expect(host.get_by_role("main")).to_contain_text(
        "Shown once at least 3 social workers have rated placements here"
    )

    # The worker rates her placement.
    worker = open_browser(camden_worker)
    visit(worker, placement.get_absolute_url())
    follow(worker, worker.get_by_role("link", name="Rate your placement"))
    for question in ("Induction", "Supervision", "Workload", "Support from the team"):
        _choose(worker, question, f"4 {DASH} Very good")
    _choose(worker, "Would you recommend this placement to another social worker?", "Yes")
    follow(worker, worker.get_by_role("button", name="Send rating"))
    expect(worker.get_by_role("alert", name="Success")).to_contain_text("Rating saved")
    assert PlacementRating.objects.get().induction == 4

    # Camden's manager sees the reference among the worker's.
    home = open_browser(camden_manager)
    visit(home, placement.get_absolute_url())
    follow(home, home.get_by_role("link", name=f"All references for {camden_worker}"))
    expect(home.get_by_role("main")).to_contain_text(COMMENTS)
    expect(home.get_by_role("main")).to_contain_text(f"5 {DASH} Excellent")
