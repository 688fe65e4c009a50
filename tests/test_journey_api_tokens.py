"""A social worker makes an API token from their account, another system uses
it, and revoking it stops it at once.

The journey runs in headless Chromium, and axe-core checks every page it visits.
"""

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.browser import follow, visit
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _call(live_server, token: str) -> int:
    """Call the API as another system would: a Bearer token, no cookies."""
    request = urllib.request.Request(
        live_server.url + "/api/v1/requests/", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_worker_makes_uses_and_revokes_an_api_token(page: Page, live_server, camden_worker):
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(camden_worker.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))

    follow(
        page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your account")
    )
    follow(page, page.get_by_role("link", name="make, see or revoke your API tokens"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your API tokens")
    follow(page, page.get_by_role("button", name="Make token"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the token")

    page.get_by_label("Name").fill("Payroll export")
    page.get_by_label("30 days").check()
    follow(page, page.get_by_role("button", name="Make token"))
    token = page.get_by_label("Token", exact=True).input_value()
    assert _call(live_server, token) == 200

    follow(page, page.get_by_role("link", name="Revoke Payroll export"))
    follow(page, page.get_by_role("button", name="Revoke token"))
    expect(page.get_by_role("table")).to_contain_text("Revoked")
    assert _call(live_server, token) == 401
