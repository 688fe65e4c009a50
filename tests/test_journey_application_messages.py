"""The message thread in real Chromium: the worker sends an empty message and is
told why, then writes; the host and home managers read it and reply. axe-core
checks every page, the error and a thread with messages included."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from secondments import services
from tests.browser import assert_accessible, follow, visit
from tests.personas import TwoFactorClient
from tests.request_input import request_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(page: Page, person, live_server) -> Page:
    """The browser carries a session signed in with both factors, as TwoFactorClient makes."""
    client = TwoFactorClient()
    client.force_login(person)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def _write(page: Page, body: str) -> None:
    page.get_by_label("Write a message").fill(body)
    follow(page, page.get_by_role("button", name="Send message"))


def _write_nothing(page: Page) -> None:
    # Refused with 400, which follow() takes for a failed load: check it here.
    page.get_by_label("Write a message").fill("   ")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send message").click()
    assert navigation.value.status == 400
    assert_accessible(page)


def test_the_worker_and_both_managers_talk_in_the_thread(
    page, live_server, haringey_manager, camden_manager, camden_worker
):
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    url = application.get_absolute_url()

    _signed_in(page, camden_worker, live_server)
    visit(page, url)
    expect(page.get_by_text("No messages yet.")).to_be_visible()
    # GOV.UK's character count is running: it counts down as the worker types.
    page.get_by_label("Write a message").fill("Hello")
    expect(page.get_by_text("You have 4,995 characters remaining").first).to_be_visible()
    _write_nothing(page)
    expect(page.get_by_role("alert")).to_contain_text("Enter a message")
    expect(page).to_have_title(
        f"Error: Wendy Worker for {help_request.title} \N{EN DASH} Secondment Exchange"
    )
    _write(page, "Could I start a week later?\nMy current case conference is that Monday.")
    thread = page.locator("#messages")
    expect(thread.get_by_role("listitem")).to_have_count(1)
    expect(thread).to_contain_text("My current case conference is that Monday.")

    for manager, reply in (
        (haringey_manager, "Yes, the second week works for us."),
        (camden_manager, "Fine by Camden."),
    ):
        page.context.clear_cookies()
        _signed_in(page, manager, live_server)
        visit(page, url)
        expect(page.locator("#messages")).to_contain_text("Could I start a week later?")
        _write(page, reply)

    expect(thread.get_by_role("listitem")).to_have_count(3)
    expect(thread.get_by_role("listitem").last).to_contain_text("Borough manager, Camden")
    expect(thread.get_by_role("listitem").last).to_contain_text("Fine by Camden.")
