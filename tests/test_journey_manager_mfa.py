"""A new borough manager must set up an authenticator app before anything else.

The journey runs in headless Chromium, and axe-core checks every page it visits.
"""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.browser import follow, visit
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SET_UP_PATH = "/accounts/2fa/totp/activate/"


def test_new_manager_sets_up_an_authenticator_app_and_reaches_their_dashboard(
    page: Page, camden
) -> None:
    manager = UserFactory(
        email="new.manager@camden.gov.uk",
        full_name="Nadia Manager",
        role=Role.MANAGER,
        borough=camden,
    )

    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))

    expect(page).to_have_url(re.compile(f"{SET_UP_PATH}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")

    # Until an authenticator is set up, the dashboard sends them back here.
    visit(page, "/dashboard/")
    expect(page).to_have_url(re.compile(f"{SET_UP_PATH}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")

    # Someone who cannot scan the QR code types in the secret key instead.
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.get_by_label("Secret key").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(
        pyotp.TOTP(secret).now()
    )
    follow(page, page.get_by_role("button", name="Continue"))

    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()
    # The new recovery codes come next, without asking for the password again
    # a minute after signing in.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).not_to_have_count(0)
    follow(page, page.get_by_role("button", name="Continue"))

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Camden")
    expect(page.get_by_text("Borough manager", exact=True)).to_be_visible()
