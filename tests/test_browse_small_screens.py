"""Browse on a phone: nothing wider than a 320 px screen, the filters folded
away above the results, every result's facts stacked under its title."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import expect

from secondments.models import Urgency
from tests.browser import follow, visit
from tests.factories import ApplicationFactory, HelpRequestFactory

pytestmark = pytest.mark.django_db

LONG_TITLE = "Cover for the disabled children's team while two senior practitioners are away"


def _signed_in(client, page, live_server, person, width: int) -> None:
    client.force_login(person)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 800})


def _widest(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.browser
def test_at_320_px_nothing_overflows_and_the_filters_fold_away(
    client, page, live_server, camden_worker, haringey
):
    applied = HelpRequestFactory(borough=haringey, title=LONG_TITLE, urgency=Urgency.CRISIS)
    ApplicationFactory(help_request=applied, worker=camden_worker)
    for n in range(24):
        HelpRequestFactory(borough=haringey, title=f"Duty cover {n}", urgency=Urgency.URGENT)
    _signed_in(client, page, live_server, camden_worker, 320)

    visit(page, reverse("request_list"))

    assert _widest(page) <= 320
    filters = page.locator("details[data-app-filters]")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.get_by_label("Urgency")).not_to_be_visible()
    first = page.get_by_role("row").nth(1)
    expect(first.get_by_role("link", name=LONG_TITLE)).to_be_visible()
    expect(first.get_by_text("Applied")).to_be_visible()
    expect(first.get_by_text("Host borough")).to_be_visible()

    page.get_by_text("Filter help requests").click()
    page.get_by_label("Urgency").select_option("crisis")
    follow(page, page.get_by_role("button", name="Apply filters"))

    assert _widest(page) <= 320
    expect(page.locator("#result-count")).to_have_text("1 help request")


@pytest.mark.browser
def test_at_desktop_width_the_filters_sit_open_beside_a_table(
    client, page, live_server, camden_worker, haringey
):
    HelpRequestFactory(borough=haringey, title=LONG_TITLE)
    _signed_in(client, page, live_server, camden_worker, 1280)

    visit(page, reverse("request_list"))

    expect(page.get_by_label("Urgency")).to_be_visible()
    expect(page.get_by_text("Filter help requests")).not_to_be_visible()
    expect(page.get_by_role("columnheader", name="Host borough")).to_be_visible()
    assert _widest(page) <= 1280
