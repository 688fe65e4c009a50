"""The reports in real Chromium, at desktop width and on a 320 px phone: a
coordinator and a borough manager go from their dashboard to the reports,
through every report, mistype a month and correct it, and narrow to one
borough. axe-core checks every page, and `assert_fits_width` fails a page
wider than the window (the flows matrix and the tables stack on a phone; the
charts scale to the screen)."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser import follow, visit
from tests.personas import TwoFactorClient
from tests.reports_history import seed_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 320, "height": 720}}
REPORTS = ["Requests and fill rate", "Who helped whom", "Month by month", "Crisis call responses"]


@pytest.fixture(params=sorted(SIZES))
def sized(request, page: Page) -> Page:
    page.set_viewport_size(SIZES[request.param])
    return page


def _signed_in(page: Page, person, live_server) -> Page:
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


def _set_period(page: Page, start: tuple[str, str], end: tuple[str, str]) -> None:
    page.locator("#id_start").fill(start[0])
    page.locator("#id_start-year").fill(start[1])
    page.locator("#id_end").fill(end[0])
    page.locator("#id_end-year").fill(end[1])


def test_a_coordinator_reads_every_report(
    sized, live_server, coordinator, camden, haringey, hackney
):
    seed_history(camden, haringey, hackney)
    page = _signed_in(sized, coordinator, live_server)
    visit(page, "/")
    follow(page, page.locator("main").get_by_role("link", name="Reports: fill rates"))

    # A period that ends before it starts: the error, then the correction.
    _set_period(page, ("6", "2026"), ("1", "2026"))
    follow(page, page.get_by_role("button", name="Show figures"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "To month must be the same as or after the from month"
    )
    _set_period(page, ("1", "2026"), ("6", "2026"))
    follow(page, page.get_by_role("button", name="Show figures"))
    expect(page.locator("#report-period")).to_contain_text("January 2026 to June 2026")

    for title in REPORTS:
        # In the page, not the menu: the menu has a "Crisis calls" link too.
        follow(page, page.locator("#main-content").get_by_role("link", name=title))
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator("#report-period")).to_contain_text("January 2026 to June 2026")
        expect(page.get_by_role("link", name="Download this report as CSV")).to_be_visible()
        follow(page, page.get_by_role("link", name="All reports"))

    follow(page, page.get_by_role("link", name="Who helped whom"))
    expect(
        page.get_by_role("img", name="Signed-off days lent from borough to borough")
    ).to_be_visible()
    expect(page.locator("#flows-chart-summary")).to_contain_text("Haringey lent Camden 9 days")
    page.locator("#borough").select_option(label="Haringey")
    follow(page, page.get_by_role("button", name="Show figures"))
    expect(page.locator(".govuk-caption-l")).to_have_text("Reports: Haringey")
    expect(page.locator("#flows-chart-summary")).not_to_contain_text("Islington")


def test_a_manager_reads_their_boroughs_reports(
    sized, live_server, camden_manager, camden, haringey, hackney
):
    seed_history(camden, haringey, hackney)
    page = _signed_in(sized, camden_manager, live_server)
    visit(page, "/reports/?start-month=1&start-year=2026&end-month=6&end-year=2026")
    expect(page.locator("#borough")).to_have_count(0)

    follow(page, page.get_by_role("link", name="Month by month"))
    expect(page.get_by_role("img", name="Requests posted and filled each month")).to_be_visible()
    expect(page.locator("#days-chart-summary")).to_contain_text("14.5 signed-off days")
    follow(page, page.get_by_role("link", name="All reports"))
    follow(page, page.locator("#main-content").get_by_role("link", name="Crisis call responses"))
    expect(page.locator("#crisis-calls")).to_contain_text("Camden")
    expect(page.locator("#crisis-calls")).not_to_contain_text("Haringey")
