"""Each role's dashboard fits a 320 px wide screen (WCAG 1.4.10 Reflow): its
tables stack their cells below the tablet breakpoint, each cell named by its
column, so nobody scrolls sideways; and axe finds nothing at that width."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from secondments.models import ApplicationStatus, PlacementStatus
from tests.browser import follow, visit
from tests.factories import (
    ApplicationFactory,
    AvailabilityFactory,
    HelpRequestFactory,
    MatchFactory,
    PlacementFactory,
    WorkerFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 800}
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LONG_TITLE = "Cover for the children with disabilities assessment and review team"
LONG_NAME = "Bartholomew Fitzwilliam-Montgomery"


def _signed_in_on_a_phone(page, client, live_server, person) -> None:
    # The test client's sign-in (two-factor included), handed to the browser.
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
    page.set_viewport_size(PHONE)


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _stacked(page, table_name: str, column: str) -> None:
    """The table's header row is hidden, and its cells say their column instead."""
    table = page.get_by_role("table", name=table_name)
    expect(table.locator("thead")).to_have_css("position", "absolute")
    cell = table.locator(f'td[data-label="{column}"]').first
    label = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == f'"{column}"'


def test_a_managers_dashboard_fits_a_phone(
    page, client, live_server, haringey_manager, haringey, camden
):
    request = HelpRequestFactory(borough=haringey, title=LONG_TITLE, places=2)
    ApplicationFactory(help_request=request, worker=WorkerFactory(borough=camden,
                                                                  full_name=LONG_NAME))  # fmt: skip
    elsewhere = HelpRequestFactory(borough=camden, title=LONG_TITLE)
    for escalated in (False, True):
        ApplicationFactory(
            help_request=elsewhere,
            worker=WorkerFactory(borough=haringey, full_name=LONG_NAME),
            status=ApplicationStatus.SELECTED,
            selected_at=timezone.now() - 8 * DAY,
            release_escalated_at=timezone.now() if escalated else None,
        )
    PlacementFactory(help_request__borough=haringey, help_request__starts_on=TODAY + 5 * DAY,
                     worker=WorkerFactory(borough=camden, full_name=LONG_NAME))  # fmt: skip
    PlacementFactory(help_request__borough=camden, help_request__starts_on=TODAY + 5 * DAY,
                     worker=WorkerFactory(borough=haringey, full_name=LONG_NAME))  # fmt: skip
    _signed_in_on_a_phone(page, client, live_server, haringey_manager)

    visit(page, reverse("dashboard"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Haringey")
    _fits(page)
    _stacked(page, "Applicants to review, longest waiting first", "Applicant")
    _stacked(page, "Releases to decide, longest waiting first", "Waiting")
    _stacked(page, "Haringey's open help requests, soonest first", "Places")
    _stacked(page, "Placements in Haringey starting or ending soon", "Next date")


def test_a_coordinators_dashboard_fits_a_phone(
    page, client, live_server, coordinator, haringey, camden
):
    request = HelpRequestFactory(borough=haringey, title=LONG_TITLE)
    ApplicationFactory(help_request=request, status=ApplicationStatus.RELEASED,
                       worker=WorkerFactory(borough=camden, full_name=LONG_NAME))  # fmt: skip
    ApplicationFactory(
        help_request=request,
        worker=WorkerFactory(borough=camden, full_name=LONG_NAME),
        status=ApplicationStatus.SELECTED,
        selected_at=timezone.now() - 9 * DAY,
        release_escalated_at=timezone.now(),
    )
    WorkerFactory(full_name=LONG_NAME, worker_profile__registration_verified=False,
                  worker_profile__registration_verified_at=None,
                  worker_profile__registration_expires_on=TODAY + 20 * DAY)  # fmt: skip
    _signed_in_on_a_phone(page, client, live_server, coordinator)

    visit(page, reverse("dashboard"))

    expect(page.get_by_role("button", name=f"Verify {LONG_NAME}")).to_be_visible()
    _fits(page)
    _stacked(page, "Placements waiting for approval, longest waiting first", "Released")
    _stacked(page, "Registrations to check, expired and soonest to expire first", "Registration")
    _stacked(page, "Releases escalated to you, longest waiting first", "Social worker")


def test_a_social_workers_dashboard_and_matches_fit_a_phone(
    page, client, live_server, camden_worker, haringey
):
    ApplicationFactory(worker=camden_worker, help_request__borough=haringey,
                       help_request__title=LONG_TITLE)  # fmt: skip
    placement = PlacementFactory(worker=camden_worker, status=PlacementStatus.ACTIVE,
                                 help_request__borough=haringey)  # fmt: skip
    for score in (70, 80):
        # After the placement: a request during it would not match.
        MatchFactory(worker=camden_worker, score=score, help_request__borough=haringey,
                     help_request__starts_on=placement.ends_on + 10 * DAY,
                     help_request__title=f"{LONG_TITLE} ({score})")  # fmt: skip
    AvailabilityFactory(profile=camden_worker.worker_profile, starts_on=placement.starts_on,
                        ends_on=placement.ends_on)  # fmt: skip
    _signed_in_on_a_phone(page, client, live_server, camden_worker)

    visit(page, reverse("dashboard"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    _fits(page)
    _stacked(page, "Your applications in progress, newest first", "Status and next step")
    _stacked(page, "The open requests that match you best", "Match")
    _stacked(page, "Your availability, with the placements booked in it", "Booked")

    follow(page, page.get_by_role("link", name="See all requests that match you"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Requests that match you")
    _fits(page)
    _stacked(page, "Help requests that match you, best match first", "Why it matches you")
