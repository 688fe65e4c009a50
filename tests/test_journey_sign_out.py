"""Signing out from the header in real Chromium: the form carries the page's
own CSRF token (put in after the remembered header HTML), so the live server,
which checks CSRF, accepts it and the person is signed out."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser import follow, visit
from tests.personas import TwoFactorClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_out_from_the_header_works_twice_in_a_row(page: Page, live_server, camden_worker):
    for _ in range(2):
        client = TwoFactorClient()
        client.force_login(camden_worker)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        visit(page, "/dashboard/")
        follow(page, page.get_by_role("button", name="Sign out"))
        expect(page.get_by_text("You have signed out.")).to_be_visible()
        expect(
            page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in")
        ).to_be_visible()
