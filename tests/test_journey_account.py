"""A social worker changes their name and phone number from their account,
and finds their password, email and two-factor pages from it.

The journey runs in headless Chromium, and axe-core checks every page it visits.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser import follow, visit
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_social_worker_changes_their_details_from_their_account(page: Page, camden) -> None:
    worker = UserFactory(email="sam@camden.gov.uk", full_name="Sam Worker", borough=camden)
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))

    follow(
        page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your account")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    follow(page, page.get_by_role("link", name="Change name"))

    # A landline cannot get text messages: the error says what to enter.
    page.get_by_label("Full name").fill("Samira Worker")
    page.get_by_label("Mobile phone number (optional)").fill("020 7946 0123")
    follow(page, page.get_by_role("button", name="Save changes"))
    expect(page).to_have_title(re.compile(r"^Error: Change your name and phone number"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a UK mobile number, like 07700 900 982"
    )
    assert User.objects.get(pk=worker.pk).full_name == "Sam Worker"

    page.get_by_label("Mobile phone number (optional)").fill("07700 900 982")
    follow(page, page.get_by_role("button", name="Save changes"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("Your details have been saved")).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Samira Worker")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("07700 900982")

    for link, heading in [
        ("Change password", "Change your password"),
        ("Change email address", "Your email addresses"),
        ("Change two-factor authentication", "Two-factor authentication"),
        ("Change notification settings", "Notification settings"),
    ]:
        follow(page, page.get_by_role("link", name=link))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        follow(page, page.get_by_role("link", name="Back to your account"))
