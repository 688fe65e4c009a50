"""Journeys in real headless Chromium, with axe-core on every page they visit.

Playwright drives Debian's Chromium (`make test` installs it); `playwright
install` is never used. Tests that use the `page` fixture must be marked
`@pytest.mark.browser`; they run against pytest-django's `live_server`, so
their database is transactional.

Every page load goes through `visit` or `follow`, which run `assert_accessible`
on the page that arrives: axe-core, and a check that nothing is wider than
the window (so journeys at 320 px fail when a table overflows). A test that loads a page some other way and never
checks it fails at teardown, naming the page.
"""

import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright

from tests.personas import TwoFactorClient

__all__ = [
    "assert_accessible",
    "assert_fits_width",
    "browser",
    "follow",
    "journey_context",
    "page",
    "visit",
]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Long enough for a cold page on a busy CI machine, short enough that a
# missing element fails the journey in seconds rather than minutes.
TIMEOUT_MS = 10_000


@dataclass
class _Journey:
    """What one page (tab) has loaded, and how much of it axe has seen."""

    loads: list[str] = field(default_factory=list)
    checked: int = 0
    script_errors: list[str] = field(default_factory=list)


_journeys: weakref.WeakKeyDictionary[Page, _Journey] = weakref.WeakKeyDictionary()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's chromium. "
            "`make test` installs it (or `apt-get install chromium`); "
            "never `playwright install`.",
            pytrace=False,
        )
    # Playwright's sync API keeps an asyncio loop running in this thread for
    # as long as it is started, and Django refuses ORM calls from a thread with
    # a running loop. The tests only touch the ORM between browser steps,
    # never concurrently with them, so allow it while Playwright is running.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                ],
            )
            try:
                yield chromium
            finally:
                chromium.close()


def journey_context(browser: Browser, live_server) -> BrowserContext:
    """A browser context of its own (no shared cookies) for one person's journey."""
    # The CSP allows no inline or injected scripts; bypassing it is how axe gets in.
    context = browser.new_context(bypass_csp=True, base_url=live_server.url, locale="en-GB")
    if AXE.is_file():
        # axe-core in every document the context loads, from the browser's
        # side: cheaper than sending half a megabyte of script after each load.
        context.add_init_script(path=str(AXE))
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser, live_server) -> Iterator[Page]:
    if request.node.get_closest_marker("browser") is None:
        pytest.fail("Tests that use the browser must be marked @pytest.mark.browser", pytrace=False)
    context = journey_context(browser, live_server)
    new_page = context.new_page()
    journey = _journeys[new_page] = _Journey()
    new_page.on("load", lambda loaded: journey.loads.append(loaded.url))
    new_page.on("pageerror", lambda error: journey.script_errors.append(f"{new_page.url}: {error}"))
    failed_before = request.session.testsfailed
    try:
        yield new_page
    finally:
        context.close()
    # Only when the test itself passed: a failed step already explains itself.
    if request.session.testsfailed == failed_before:
        unchecked = journey.loads[journey.checked :]
        assert not unchecked, (
            "These pages were visited but never checked with assert_accessible "
            f"(load them with visit() or follow()): {unchecked}"
        )


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail listing every WCAG 2.2 AA violation."""
    if not AXE.is_file():
        pytest.fail(
            f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (or `make assets`) first.",
            pytrace=False,
        )
    journey = _journeys.get(page)
    if journey is not None and journey.script_errors:
        pytest.fail("JavaScript errors:\n" + "\n".join(journey.script_errors), pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # Only violations come back: axe still runs every rule of the tags, but
    # skips collecting the nodes that passed, and Playwright carries back a
    # few kilobytes instead of every passing node of the page.
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })).violations""",
        AXE_TAGS,
    )
    if journey is not None:
        journey.checked = len(journey.loads)
    assert_fits_width(page)
    if violations:
        lines = [f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                f" <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                summary = " ".join(node.get("failureSummary", "").split())
                lines.append(f"    at {target}: {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


_OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("main table, main pre, main img, main .govuk-summary-list")]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return {width, scrollWidth: document.documentElement.scrollWidth, wide};
}"""


def assert_fits_width(page: Page) -> None:
    """Fail if the page scrolls sideways, or a table (or summary list) is wider
    than the window: at 320 px wide, tables must stack or wrap."""
    found = page.evaluate(_OVERFLOW)
    assert not found["wide"] and found["scrollWidth"] <= found["width"], (
        f"{page.url} is wider than the {found['width']} px window "
        f"(scroll width {found['scrollWidth']} px); too wide: {found['wide']}"
    )


def visit(page: Page, path: str) -> Page:
    """Go to a path on the live server and check the page that arrives."""
    response = page.goto(path)
    assert response is not None and response.ok, (
        f"GET {path} answered {response.status if response else 'nothing'} at {page.url}"
    )
    assert_accessible(page)
    return page


def follow(page: Page, action: Locator | Callable[[], object]) -> Page:
    """Click a link or button (or run `action`) that loads a page, then check it."""
    with page.expect_navigation() as navigation:
        if isinstance(action, Locator):
            action.click()
        else:
            action()
    response = navigation.value
    assert response is not None and response.ok, (
        f"{page.url} answered {response.status if response else 'nothing'}"
    )
    assert_accessible(page)
    return page


def sign_in_with_both_factors(page: Page, person, live_server) -> Page:
    """Give the browser a session signed in with both factors, as TwoFactorClient
    makes one: for journeys whose subject is not signing in."""
    client = TwoFactorClient()
    client.force_login(person)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page
