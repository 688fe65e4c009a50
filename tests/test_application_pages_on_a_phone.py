"""The application and placement pages and the lists of them on a 320px-wide
phone, in real Chromium: nothing makes the page scroll sideways (the tables
stack, one row a block), and axe-core passes on every page.

Wendy Worker (Camden) is waiting for a coordinator's approval to help
Haringey, waiting for Camden to release her to Hackney, and has a booked
placement in Hackney with its first-day details given.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from secondments import services
from tests.browser import visit
from tests.factories import PlacementFactory
from tests.personas import TwoFactorClient
from tests.request_input import request_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
LONG_TITLE = "Cover for the disabled children's team while two senior practitioners are away"


def _published(manager, title: str, starts_in: int):
    starts_on = timezone.localdate() + datetime.timedelta(days=starts_in)
    data = request_data(
        places=1, title=title, starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=60)
    )
    draft = services.help_request_create(by=manager, data=data)
    return services.help_request_publish(help_request=draft, by=manager)


def _sign_in(page: Page, person, live_server) -> None:
    """The test client's two-factor sign-in, handed to the browser."""
    client = TwoFactorClient()
    client.force_login(person)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _fits(page: Page, path: str) -> None:
    visit(page, path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{path} is {width}px wide at a {WIDTH}px viewport"


@pytest.fixture
def wendys_week(camden_worker, camden_manager, haringey_manager, hackney_manager, hackney):
    to_haringey = services.application_volunteer(
        help_request=_published(haringey_manager, LONG_TITLE, starts_in=120), by=camden_worker
    )
    services.application_select(application=to_haringey, by=haringey_manager)
    services.application_release(application=to_haringey, by=camden_manager)
    services.application_message_post(
        application=to_haringey,
        by=camden_worker,
        body="Could I start a week later? My current case conference is that Monday.",
    )
    to_hackney = services.application_volunteer(
        help_request=_published(hackney_manager, "Front door cover", starts_in=200),
        by=camden_worker,
    )
    services.application_select(application=to_hackney, by=hackney_manager)
    placement = PlacementFactory(
        worker=camden_worker,
        help_request__borough=hackney,
        help_request__title="Duty and assessment team cover for the winter",
        report_to_address="Hackney Service Centre, 1 Hillman Street, London E8 1DY\nAsk at reception",
        host_contact_name="Amara Stewart, team manager",
        host_contact_phone="02079460123",
        first_day_starts_at=datetime.time(9, 30),
    )
    return to_haringey, placement


def test_every_application_page_and_list_fits_a_phone(
    page, live_server, wendys_week, camden_worker, camden_manager, coordinator
):
    application, placement = wendys_week
    page.set_viewport_size({"width": WIDTH, "height": 800})

    _sign_in(page, coordinator, live_server)
    _fits(page, application.get_absolute_url())
    # The coordinator decides here: the warnings, the reason and the buttons are all on the page.
    expect(page.locator("#decision-warnings")).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Could I start a week later?")
    for name in ("approvals_queue", "release_queue", "placement_list"):
        _fits(page, reverse(name))
    expect(page.get_by_role("link", name="Wendy Worker in")).to_be_visible()

    _sign_in(page, camden_manager, live_server)
    _fits(page, reverse("release_queue"))
    expect(page.get_by_role("link", name="Wendy Worker", exact=True)).to_be_visible()
    _fits(page, reverse("placement_list"))

    _sign_in(page, camden_worker, live_server)
    for path in (
        reverse("my_applications"),
        reverse("my_placements"),
        application.get_absolute_url(),
        placement.get_absolute_url(),
    ):
        _fits(page, path)
    expect(page.get_by_text("Amara Stewart, team manager")).to_be_visible()
