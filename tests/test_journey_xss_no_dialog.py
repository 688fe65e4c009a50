"""In a real browser, pages full of hostile text run none of it: a social
worker opens a help request and their application whose title, description,
location, note, message and their own name are all XSS payloads, and no
alert() dialog ever fires (issue 12, acceptance 6: a cheap end-to-end proof
beside the HTML checks in tests/test_xss_*.py)."""

import pytest
from playwright.sync_api import Page, expect

from secondments import services
from tests.browser import follow, visit
from tests.factories import PASSWORD
from tests.request_input import request_data
from tests.xss_payloads import payload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_full_of_payloads_fire_no_dialog(
    page: Page, live_server, camden_worker, haringey_manager, camden
) -> None:
    camden_worker.full_name = payload("xssname")
    camden_worker.save(update_fields=["full_name"])
    texts = {
        name: payload(f"xss{n}") for n, name in enumerate(["title", "description", "location"])
    }
    help_request = services.help_request_publish(
        help_request=services.help_request_create(by=haringey_manager, data=request_data(**texts)),
        by=haringey_manager,
    )
    application = services.application_volunteer(
        help_request=help_request, by=camden_worker, note=payload("xssnote")
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(camden_worker.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))
    visit(page, help_request.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text('<script>alert("xss0")</script>')
    visit(page, application.get_absolute_url())
    page.get_by_role("textbox", name="Write a message").fill(payload("xssmessage"))
    follow(page, page.get_by_role("button", name="Send message"))

    expect(page.locator("main")).to_contain_text('alert("xssmessage")')
    expect(page.locator("main")).to_contain_text('alert("xssnote")')
    assert page.locator("#xss0, #xssnote, #xssmessage, #xssname").count() == 0
    assert dialogs == []
