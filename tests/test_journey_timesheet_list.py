"""A host borough's manager finds the weeks waiting for their sign-off across
every placement, narrows them, and downloads exactly those rows as CSV; the
list fits a phone.

The journey runs in headless Chromium, and axe-core checks every page it visits.
"""

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from money.models import TimesheetStatus, week_starting
from secondments.models import PlacementStatus
from tests.browser import assert_fits_width, follow, sign_in_with_both_factors, visit
from tests.factories import PlacementFactory, worked_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_host_manager_downloads_the_weeks_waiting_for_sign_off(
    page: Page, live_server, hackney_manager, hackney, camden_worker
) -> None:
    placement = PlacementFactory(
        worker=camden_worker, help_request__borough=hackney, status=PlacementStatus.ACTIVE
    )
    monday = week_starting(placement.starts_on)
    worked_week(placement, monday, 2, status=TimesheetStatus.SUBMITTED)
    signed = PlacementFactory(help_request__borough=hackney, status=PlacementStatus.ACTIVE)
    worked_week(signed, week_starting(signed.starts_on), 3)
    sign_in_with_both_factors(page, hackney_manager, live_server)

    visit(page, "/dashboard/")
    follow(page, page.get_by_role("link", name="Timesheets in and out of Hackney"))
    expect(page.locator("#result-count")).to_have_text("2 weeks")
    page.get_by_label("Coming in: Hackney signs them off").check()
    page.get_by_label("Status").select_option(label="Waiting for sign-off")
    follow(page, page.get_by_role("button", name="Apply filters"))

    expect(page.locator("#result-count")).to_have_text("1 week")
    expect(page.get_by_role("table")).to_contain_text("Wendy Worker")
    download = page.get_by_role("link", name="Download as CSV")
    href = download.get_attribute("href")
    assert "status=submitted" in href and "direction=in" in href and "format=csv" in href
    response = page.request.get(href)
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert [(row["Social worker"], row["Status"], row["Week starting"]) for row in rows] == [
        ("Wendy Worker", "Waiting for sign-off", monday.isoformat())
    ]

    page.set_viewport_size({"width": 320, "height": 900})
    visit(page, href.replace("format=csv", "page=1"))
    assert_fits_width(page)
