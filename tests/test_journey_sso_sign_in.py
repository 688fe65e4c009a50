"""Signing in with Microsoft in real Chromium, axe on every page: the sign-in
page's organisation button, the round trip through Microsoft (its sign-in page
stood in for by sending the browser straight back with a code; its token
endpoint, Graph and keys answered with `responses`), then the dashboard, or
the page that says why not."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from accounts.models import Role, User
from tests.browser import assert_accessible, follow, visit
from tests.identity_provider import (
    LOGIN,
    OTHER_TENANT,
    configure_single_sign_on,
    microsoft_answers,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sso(settings, camden, hackney):
    configure_single_sign_on(settings, camden, hackney)


def _microsoft_signs_in_whoever_comes(page: Page, live_server) -> None:
    """Our button's POST goes to the server as usual; its redirect to Microsoft
    is turned straight back to the callback with a code (Playwright routes
    only a chain's first request, so the redirect is rewritten here)."""

    def back_with_a_code(route: Route) -> None:
        ours = route.fetch(max_redirects=0)
        authorize = urlsplit(ours.headers["location"])
        assert f"{authorize.scheme}://{authorize.netloc}".startswith(LOGIN)
        state = parse_qs(authorize.query)["state"][0]
        callback = f"{live_server.url}/accounts/microsoft/login/callback/?code=c0de&state={state}"
        route.fulfill(response=ours, headers=ours.headers | {"location": callback})

    page.route("**/accounts/microsoft/login/", back_with_a_code)


def test_a_new_camden_social_worker_signs_in_with_microsoft(page: Page, live_server, sso, camden):
    _microsoft_signs_in_whoever_comes(page, live_server)
    visit(page, "/accounts/login/")

    with microsoft_answers(email="sam.smith@camden.gov.uk"):
        follow(page, page.get_by_role("button", name="Sign in with Microsoft"))

    expect(page.locator("h1")).to_have_text("Your dashboard")
    user = User.objects.get(email="sam.smith@camden.gov.uk")
    assert (user.borough, user.role) == (camden, Role.WORKER)


def test_an_untrusted_tenant_sees_what_to_do(page: Page, live_server, sso):
    _microsoft_signs_in_whoever_comes(page, live_server)
    visit(page, "/accounts/login/")

    with (
        microsoft_answers(email="sam.smith@camden.gov.uk", tenant=OTHER_TENANT),
        page.expect_navigation() as arrived,
    ):
        page.get_by_role("button", name="Sign in with Microsoft").click()
    assert arrived.value.status == 403
    assert_accessible(page)

    expect(page.locator("h1")).to_have_text("You cannot sign in with this account")
    expect(page.get_by_text("Camden has not set up signing in")).to_be_visible()
    assert not User.objects.filter(email="sam.smith@camden.gov.uk").exists()
