"""A social worker downloads their data, reads the privacy notice and asks for
their data to be removed; a coordinator confirms from the dashboard and the
worker can no longer use the service (UK GDPR, issue 12).

The journey runs in headless Chromium, and axe-core checks every page it visits.
"""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from secondments.models import PlacementStatus
from tests.browser import assert_accessible, follow, sign_in_with_both_factors, visit
from tests.factories import PlacementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_takes_their_data_and_asks_for_it_to_be_removed(
    page: Page, live_server, camden_worker, haringey, coordinator
) -> None:
    PlacementFactory(
        worker=camden_worker, help_request__borough=haringey, status=PlacementStatus.COMPLETED
    )
    sign_in_with_both_factors(page, camden_worker, live_server)
    visit(page, "/account/")
    follow(page, page.get_by_role("link", name="Download a copy of your data"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["full_name"] == "Wendy Worker"
    assert len(data["placements"]) == 1

    follow(page, page.get_by_role("link", name="privacy notice", exact=True))
    expect(page.get_by_role("table", name="Retention schedule")).to_be_visible()
    visit(page, "/accessibility/")
    expect(page.get_by_text("partially compliant", exact=False)).to_be_visible()

    visit(page, "/account/my-data/")
    follow(page, page.get_by_role("link", name="Find out more and ask for your data to be removed"))
    page.get_by_label("Why do you want your details removed? (optional)").fill("x" * 1001)
    # Refused with the GOV.UK error summary (answered 400, so not through follow()).
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for my data to be removed").click()
    assert_accessible(page)
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("1,000 characters or fewer")
    page.get_by_label("Why do you want your details removed? (optional)").fill("Leaving")
    follow(page, page.get_by_role("button", name="Ask for my data to be removed"))
    expect(page.get_by_text("A coordinator will confirm or refuse your request")).to_be_visible()

    page.context.clear_cookies()
    sign_in_with_both_factors(page, coordinator, live_server)
    visit(page, "/dashboard/")
    follow(page, page.get_by_role("link", name="Confirm or refuse 1 request"))
    follow(page, page.get_by_role("link", name="Wendy Worker"))
    follow(page, page.get_by_role("button", name="Confirm and remove their personal data"))
    expect(page.get_by_text("Personal details removed", exact=True)).to_be_visible()
    person = User.objects.get(pk=camden_worker.pk)
    expect(page.get_by_text(f"Former social worker {person.pk}")).to_be_visible()
    assert not person.is_active
