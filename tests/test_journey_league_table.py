"""The league table in real Chromium, axe-core on every page: a member of the
public finds it from the start page, filters it to London boroughs and opens
Westminster's page; on a phone it still fits. Haringey's manager makes this
month's pressure report from the dashboard (after a typing slip) and the table
then shows Haringey's own figures."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from boroughs.workforce import load_workforce
from tests.browser import assert_accessible, follow, visit
from tests.personas import TwoFactorClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures():
    load_workforce()


def test_the_public_finds_filters_and_reads_the_league_table(page: Page, figures):
    visit(page, "/")
    follow(page, page.get_by_role("link", name="social work pressure league table"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Social work pressure league table")
    expect(page.locator("tbody tr")).to_have_count(153)

    page.get_by_label("Region").select_option("London")
    page.get_by_label("Kind of authority").select_option(label="London borough")
    follow(page, page.get_by_role("button", name="Show authorities"))
    expect(page.locator("tbody tr")).to_have_count(33)
    chart = page.locator("#E09000014 svg[role=img]")
    expect(chart).to_have_attribute(
        "aria-label", re.compile(r"^Pressure index of Haringey by year")
    )

    follow(page, page.get_by_role("link", name="Westminster", exact=True))
    expect(
        page.get_by_text("DfE 2025 figures not available: shows DfE 2024 figures")
    ).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(9)

    page.set_viewport_size({"width": 320, "height": 900})
    visit(page, "/league-table/?region=London")


def test_a_manager_reports_and_the_table_shows_it(
    page: Page, live_server, figures, haringey_manager
):
    client = TwoFactorClient()
    client.force_login(haringey_manager)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    month = f"{timezone.localdate():%B %Y}"
    visit(page, "/dashboard/")
    expect(page.locator("#pressure-report + p")).to_contain_text("Due")
    follow(page, page.get_by_role("button", name=f"Report for {month}"))
    page.get_by_label("Vacancy rate (%)").fill("130")
    page.get_by_label("Agency worker rate (%)").fill("25.5")
    page.get_by_label("Average caseload per social worker").fill("22")
    page.get_by_label("Assessments overdue").fill("160")
    # A typing slip: the form comes back (400) with the GOV.UK error summary.
    with page.expect_navigation():
        page.get_by_role("button", name="Save report").click()
    assert_accessible(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The vacancy rate must be 100% or less"
    )
    page.get_by_label("Vacancy rate (%)").fill("29")
    follow(page, page.get_by_role("button", name="Save report"))
    expect(page.get_by_text(f"Report for {month} saved")).to_be_visible()

    visit(page, "/league-table/?region=London")
    expect(page.locator("#E09000014")).to_contain_text(f"Own report, {month}")
