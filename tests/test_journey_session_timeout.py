"""The timeout warning in real Chromium: shown before the idle timeout, read
out as an alert dialog that holds the focus, and "Stay signed in" keeps the
sign-in going. The timeouts are shortened through settings (the live server
runs in this process): a 1-minute idle timeout, warned 55 seconds before."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.session_limits import SESSION_KEY
from tests.browser import assert_accessible, follow, sign_in_with_both_factors, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def short_timeouts(settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 1
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 55


def _dialog(page: Page):
    return page.get_by_role("alertdialog", name=re.compile("about to be signed out"))


def test_the_warning_shows_before_the_timeout_and_stay_signed_in_keeps_the_sign_in(
    short_timeouts, page: Page, live_server, camden_worker
):
    sign_in_with_both_factors(page, camden_worker, live_server)
    visit(page, "/profile/")

    dialog = _dialog(page)
    expect(dialog).to_be_visible(timeout=15_000)
    expect(dialog).to_contain_text(re.compile(r"we will sign you out in \d+ seconds"))
    # The action that keeps the person going has the focus.
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    expect(dialog.get_by_role("button", name="Sign out")).to_be_visible()
    # The absolute limit's "Continue" is not offered for the idle timeout.
    expect(dialog.get_by_role("button", name="Continue")).to_be_hidden()
    expect(page.locator("[data-announcement]")).to_have_text(
        re.compile(r"You will be signed out in \d+ seconds\.")
    )
    assert_accessible(page)
    # A modal <dialog>: the page behind it is inert.
    assert page.evaluate("() => document.getElementById('session-timeout').matches(':modal')")

    with page.expect_response(re.compile("/session/keep-alive/$")) as kept:
        stay.click()
    assert kept.value.ok
    expect(dialog).to_be_hidden()
    assert page.url.endswith("/profile/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The server counted it: the session's last activity moved on.
    from django.contrib.sessions.models import Session

    (session,) = Session.objects.all()
    assert (
        session.get_decoded()[SESSION_KEY]["seen"] > session.get_decoded()[SESSION_KEY]["signed_in"]
    )

    # It warns again before the next timeout; signing out from it works.
    expect(dialog).to_be_visible(timeout=15_000)
    follow(page, dialog.get_by_role("button", name="Sign out"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(_dialog(page)).to_have_count(0)


def test_escape_means_stay_signed_in(short_timeouts, page: Page, live_server, camden_worker):
    sign_in_with_both_factors(page, camden_worker, live_server)
    visit(page, "/dashboard/")
    dialog = _dialog(page)
    expect(dialog).to_be_visible(timeout=15_000)

    with page.expect_response(re.compile("/session/keep-alive/$")) as kept:
        page.keyboard.press("Escape")

    assert kept.value.ok
    expect(dialog).to_be_hidden()
