"""The profile, availability, staff, people, audit log and borough pages fit a
320 px wide phone screen: their tables stack each row, naming every cell by its
column, so nothing scrolls sideways. In real Chromium, with axe on every page."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from audit.services import audit_record
from boroughs.models import FundingModel
from money.agreements.services import agreement_record
from people import services as people_services
from tests.browser import visit
from tests.factories import UserFactory, WorkerProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 800}


def _sign_in(client, page: Page, live_server, user) -> None:
    """The test client's two-factor sign-in, handed to the browser."""
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def _fits(page: Page, path: str) -> None:
    visit(page, path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width} px wide on a 320 px screen"


def _first_cell_label(page: Page) -> str:
    """What the first cell of the table shows before its content, as a phone shows it."""
    return page.evaluate(
        "getComputedStyle(document.querySelector('.app-table--stack tbody td'), '::before').content"
    )


@pytest.fixture
def a_borough_with_history(camden, haringey, camden_manager, camden_worker, coordinator):
    """Camden's staff with long names and email addresses, an agreement, availability
    and audited changes with long reasons: the content that makes tables wide."""
    for n in range(3):
        colleague = UserFactory(
            borough=camden,
            full_name=f"Alexandria Montgomery-Fitzwilliam-Ashworth {n}",
            email=f"alexandria.montgomery-fitzwilliam-ashworth.{n}@camden.gov.uk",
        )
        WorkerProfileFactory(user=colleague, registration_verified=False)
    today = timezone.localdate()
    people_services.availability_add(
        profile=camden_worker.worker_profile,
        starts_on=today + datetime.timedelta(days=14),
        ends_on=today + datetime.timedelta(days=200),
        days_per_week=3,
        by=camden_worker,
    )
    agreement_record(
        borough_a=camden,
        borough_b=haringey,
        funding_model=FundingModel.DAY_RATE,
        day_rate="350.00",
        starts_on=today,
        by=coordinator,
    )
    audit_record(
        actor=coordinator,
        action="role_changed",
        obj=camden_worker,
        reason="Asked for by the head of service after the reorganisation of children's services",
    )


def test_people_pages_fit_a_phone_without_scrolling_sideways(
    client, page, live_server, camden, camden_manager, camden_worker, coordinator,
    a_borough_with_history,
):  # fmt: skip
    page.set_viewport_size(PHONE)

    _sign_in(client, page, live_server, camden_worker)
    _fits(page, reverse("profile"))
    assert _first_cell_label(page) == '"From"'
    _fits(page, reverse("availability_add"))

    _sign_in(client, page, live_server, camden_manager)
    _fits(page, reverse("staff_list", args=[camden.gss_code]))
    assert _first_cell_label(page) == '"Name"'
    _fits(page, camden.get_absolute_url())
    _fits(page, reverse("borough_list"))
    assert _first_cell_label(page) == '"Name"'

    _sign_in(client, page, live_server, coordinator)
    _fits(page, reverse("people") + "?show=everyone")
    expect(
        page.get_by_text("alexandria.montgomery-fitzwilliam-ashworth.0@camden.gov.uk")
    ).to_be_visible()
    _fits(page, reverse("audit_log"))
    assert _first_cell_label(page) == '"When"'
    _fits(page, reverse("person_detail", args=[camden_worker.pk]))


def test_on_a_wide_screen_the_tables_keep_their_columns(
    client, page, live_server, camden, camden_manager, a_borough_with_history
):
    page.set_viewport_size({"width": 1280, "height": 800})
    _sign_in(client, page, live_server, camden_manager)

    visit(page, reverse("staff_list", args=[camden.gss_code]))

    expect(page.get_by_role("columnheader", name="Job level")).to_be_visible()
    assert _first_cell_label(page) == "none"
