"""The statement, ledger and agency-rate pages in real Chromium: axe finds
nothing on any of them at desktop and phone width, and a statement printed
shows its table without the service's header, footer or buttons."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible, visit
from tests.statement_seed import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = ["E09000007", "E09000014", "2026-10"]


def _sign_in(client, page: Page, live_server, user) -> None:
    """The test client's two-factor sign-in, handed to the browser."""
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_statement_and_ledger_pages_are_accessible(
    client, page, live_server, camden, haringey, hackney, camden_manager, coordinator, width
):
    seed(camden, haringey, hackney)
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(client, page, live_server, camden_manager)

    visit(page, reverse("statement_list"))
    visit(page, reverse("statement_detail", args=STATEMENT))
    expect(page.get_by_role("button", name="Issue statement")).to_be_visible()
    page.get_by_role("button", name="Issue statement").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tick to confirm")
    assert_accessible(page)
    visit(page, reverse("borough_ledger", args=["E09000007"]))
    visit(page, reverse("borough_detail", args=["E09000007"]))
    visit(page, reverse("agency_rates"))
    _sign_in(client, page, live_server, coordinator)
    visit(page, reverse("ledger_report"))
    visit(page, reverse("agency_rates"))


def test_a_statement_prints_just_the_statement(
    client, page, live_server, camden, haringey, hackney, camden_manager
):
    seed(camden, haringey, hackney)
    _sign_in(client, page, live_server, camden_manager)
    visit(page, reverse("statement_detail", args=STATEMENT))

    page.emulate_media(media="print")

    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.locator(".govuk-footer")).to_be_hidden()
    expect(page.get_by_role("button", name="Issue statement")).to_be_hidden()
    expect(page.locator(".app-statement-table")).to_be_visible()
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.app-statement-table tbody tr')).display"
        )
        == "table-row"
    )
