"""The timesheet pages in real Chromium, on a 320px-wide phone and on a desktop:
axe-core passes, nothing scrolls sideways, and the buttons people press are there.

Wendy Worker (Camden) is two weeks into a placement in Haringey: the first
week signed off, the second waiting with a half day, this week not recorded.
"""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from money.timesheets import services
from secondments.models import PlacementStatus
from tests.browser import visit
from tests.factories import PlacementFactory
from tests.personas import TwoFactorClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, person, live_server) -> None:
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


@pytest.fixture
def placement(camden_worker, haringey, haringey_manager):
    today = timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first, second = this_monday - datetime.timedelta(days=14), this_monday - datetime.timedelta(7)
    placement = PlacementFactory(
        worker=camden_worker,
        status=PlacementStatus.ACTIVE,
        help_request__borough=haringey,
        help_request__created_by=haringey_manager,
        help_request__starts_on=first + datetime.timedelta(days=2),
        help_request__ends_on=today + datetime.timedelta(days=60),
    )
    wednesday = first + datetime.timedelta(days=2)
    week_one = services.timesheet_submit(
        placement=placement,
        week_starting=first,
        days={wednesday: Decimal("1"), wednesday + datetime.timedelta(days=1): Decimal("1")},
        by=camden_worker,
    )
    services.timesheet_sign_off(timesheet=week_one, by=haringey_manager)
    services.timesheet_submit(
        placement=placement,
        week_starting=second,
        days={second: Decimal("1"), second + datetime.timedelta(days=1): Decimal("0.5")},
        by=camden_worker,
    )
    return placement, first, second, this_monday


@pytest.mark.parametrize("width", [320, 1024])
def test_the_timesheet_pages_are_accessible_and_fit(
    page, live_server, placement, camden_worker, haringey_manager, width
):
    placement, first, second, this_monday = placement
    page.set_viewport_size({"width": width, "height": 800})

    _sign_in(page, camden_worker, live_server)
    visit(page, reverse("placement_timesheets", args=[placement.pk]))
    expect(page.get_by_text("Waiting for sign-off").first).to_be_visible()
    visit(page, reverse("timesheet_week", args=[placement.pk, this_monday.isoformat()]))
    expect(page.get_by_role("button", name="Submit timesheet")).to_be_visible()
    visit(page, reverse("timesheet_week", args=[placement.pk, first.isoformat()]))
    expect(page.get_by_text("this week is locked")).to_be_visible()

    _sign_in(page, haringey_manager, live_server)
    visit(page, reverse("placement_timesheets", args=[placement.pk]))
    visit(page, reverse("timesheet_week", args=[placement.pk, second.isoformat()]))
    expect(page.get_by_role("button", name="Sign off week")).to_be_visible()
    expect(page.get_by_role("button", name="Query week")).to_be_visible()
    visit(page, reverse("dashboard"))
    expect(page.get_by_text("Timesheets waiting for your sign-off (1)")).to_be_visible()
