"""The marketplace end to end: a help request is posted, answered and agreed.

Haringey's manager asks for help; a Camden social worker finds the request
with the "boroughs next to mine" filter and offers to help; Haringey selects
her, Camden releases her and a coordinator approves. All four then see the
placement. Each person has their own browser, and axe-core checks every page
any of them visits.
"""

import datetime
import importlib
import re
import time
from collections.abc import Callable, Iterator

import pyotp
import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from audit.models import AuditEvent
from secondments.models import (
    Application,
    ApplicationStatus,
    HelpRequest,
    Placement,
    PlacementStatus,
    RequestStatus,
)
from tests.browser import _Journey, _journeys, follow, journey_context, visit
from tests.factories import PASSWORD, BoroughFactory, HelpRequestFactory
from tests.personas import PERSONA_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Two social workers for the Tottenham assessment team"


@pytest.fixture
def specialisms(transactional_db) -> None:
    # A data migration adds them, and an earlier transactional test's flush
    # may have removed them since: add them again, as the migration does.
    migration = importlib.import_module("accounts.migrations.0002_specialisms")
    migration.add_specialisms(django_apps, None)


@pytest.fixture
def open_browser(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server,
) -> Iterator[Callable[[], Page]]:
    """Open a page in a browser of its own (no shared cookies), set up as the
    `page` fixture's is, so that every page it loads must be checked too."""
    opened: list[tuple[Page, _Journey]] = []

    def open_page() -> Page:
        context = journey_context(browser, live_server)
        new_page = context.new_page()
        journey = _journeys[new_page] = _Journey()
        new_page.on("load", lambda loaded: journey.loads.append(loaded.url))
        new_page.on(
            "pageerror", lambda error: journey.script_errors.append(f"{new_page.url}: {error}")
        )
        opened.append((new_page, journey))
        return new_page

    failed_before = request.session.testsfailed
    try:
        yield open_page
    finally:
        for opened_page, _ in opened:
            opened_page.context.close()
    if request.session.testsfailed == failed_before:
        unchecked = [url for _, journey in opened for url in journey.loads[journey.checked :]]
        assert not unchecked, (
            "These pages were visited but never checked with assert_accessible "
            f"(load them with visit() or follow()): {unchecked}"
        )


def _authenticator_code() -> str:
    """The code the personas' authenticator app shows now."""
    # allauth accepts only the current code: one read in the last moments of
    # its 30-second window would have expired by the time the form is sent.
    totp = pyotp.TOTP(PERSONA_TOTP_SECRET)
    if totp.interval - time.time() % totp.interval < 2:
        time.sleep(2)
    return totp.now()


def _sign_in(page: Page, person, *, authenticator: bool) -> None:
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))
    if authenticator:
        page.get_by_label("Enter the code from your authenticator app").fill(_authenticator_code())
        follow(page, page.get_by_role("button", name="Continue"))
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _open_application(
    page: Page, help_request: HelpRequest, *, listed_under: str, status: str
) -> None:
    """Open the Camden worker's application from the help request's page."""
    visit(page, help_request.get_absolute_url())
    expect(page.get_by_role("heading", level=2, name=listed_under, exact=True)).to_be_visible()
    row = (
        page.get_by_role("table", name="Applicants", exact=True)
        .get_by_role("row")
        .filter(has_text="Wendy Worker")
    )
    expect(row).to_contain_text(status)
    follow(page, row.get_by_role("link", name="Wendy Worker"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wendy Worker, Camden")


def _see_placement(page: Page, application: Application) -> None:
    visit(page, application.get_absolute_url())
    expect(page.get_by_text("Approved", exact=True)).to_be_visible()
    follow(page, page.get_by_role("link", name="See the placement"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wendy Worker in Haringey")
    expect(page.get_by_role("main").locator(".govuk-tag")).to_have_text("Confirmed")


def test_request_is_answered_selected_released_and_approved_into_a_placement(
    page: Page,
    open_browser: Callable[[], Page],
    camden,
    haringey,
    camden_manager,
    haringey_manager,
    coordinator,
    camden_worker,
    specialisms,
) -> None:
    camden.neighbours.add(haringey)
    # An open request from a borough that does not border Camden, for the
    # neighbours filter to leave out.
    croydon = BoroughFactory(gss_code="E09000008", name="Croydon")
    HelpRequestFactory(borough=croydon, title="Duty cover in Croydon")
    starts_on = timezone.localdate() + datetime.timedelta(days=14)
    ends_on = starts_on + datetime.timedelta(days=60)

    # Haringey's manager asks for help, saves a draft and publishes it.
    host = page
    _sign_in(host, haringey_manager, authenticator=True)
    expect(host.get_by_role("heading", level=1)).to_have_text("Haringey")
    follow(host, host.get_by_role("button", name="Ask for help"))
    expect(host.get_by_role("heading", level=1)).to_have_text("Ask for help")
    host.get_by_label("Title", exact=True).fill(TITLE)
    host.get_by_label("Clearing a backlog").check()
    host.get_by_label("Social worker", exact=True).check()
    host.get_by_label("Child protection").check()
    for legend, day in (("Start date", starts_on), ("End date", ends_on)):
        boxes = host.get_by_role("group", name=legend)
        boxes.get_by_label("Day").fill(str(day.day))
        boxes.get_by_label("Month").fill(str(day.month))
        boxes.get_by_label("Year").fill(str(day.year))
    host.get_by_label("Days per week").fill("3")
    host.get_by_label("Hybrid").check()
    host.get_by_label("Office location").fill("Tottenham Green")
    host.get_by_label("Home borough pays").check()
    host.get_by_label("Urgent", exact=True).check()
    host.get_by_label("Describe the work").fill("Child and family assessments, 18 cases each.")
    follow(host, host.get_by_role("button", name="Save draft"))
    expect(host.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(host.get_by_text("Draft saved")).to_be_visible()
    follow(host, host.get_by_role("button", name="Publish request"))
    expect(host.get_by_text("Your help request is published")).to_be_visible()
    expect(host.get_by_text("Open", exact=True)).to_be_visible()
    help_request = HelpRequest.objects.get(borough=haringey)
    assert help_request.status == RequestStatus.OPEN

    # A Camden social worker finds it among the neighbours' requests and offers to help.
    worker = open_browser()
    _sign_in(worker, camden_worker, authenticator=False)
    follow(
        worker,
        worker.get_by_role("navigation", name="Menu").get_by_role("link", name="Help requests"),
    )
    expect(worker.locator("#result-count")).to_have_text("2 help requests")
    worker.get_by_label("Only boroughs next to mine").check()
    follow(worker, worker.get_by_role("button", name="Apply filters"))
    expect(worker.locator("#result-count")).to_have_text("1 help request")
    expect(worker.get_by_role("link", name="Duty cover in Croydon")).to_have_count(0)
    follow(worker, worker.get_by_role("link", name=TITLE))
    expect(worker.get_by_role("heading", level=1)).to_have_text(TITLE)
    follow(worker, worker.get_by_role("button", name="Offer to help"))
    worker.get_by_label("Note to the host manager (optional)").fill(
        "Five years of child protection work in Camden's assessment team."
    )
    follow(worker, worker.get_by_role("button", name="Offer to help"))
    expect(worker.get_by_text("You offered to help")).to_be_visible()
    expect(worker.get_by_text("Offered to help", exact=True)).to_be_visible()
    application = Application.objects.get(help_request=help_request, worker=camden_worker)

    # Haringey's manager sees her offer on the request and selects her.
    _open_application(host, help_request, listed_under="Applicants", status="Offered to help")
    expect(host.get_by_text("Five years of child protection work")).to_be_visible()
    follow(host, host.get_by_role("button", name="Select", exact=True))
    expect(host.get_by_text("Selected by host", exact=True)).to_be_visible()

    # Her Camden manager finds her among "Your staff who applied" and releases her.
    home = open_browser()
    _sign_in(home, camden_manager, authenticator=True)
    _open_application(
        home, help_request, listed_under="Your staff who applied", status="Selected by host"
    )
    follow(home, home.get_by_role("button", name="Release", exact=True))
    expect(home.get_by_text("Released: a coordinator is asked to approve")).to_be_visible()
    expect(home.get_by_text("Released by home borough", exact=True)).to_be_visible()

    # A coordinator approves; the placement page follows.
    partnership = open_browser()
    _sign_in(partnership, coordinator, authenticator=True)
    _open_application(
        partnership, help_request, listed_under="Applicants", status="Released by home borough"
    )
    follow(partnership, partnership.get_by_role("button", name="Approve", exact=True))
    expect(partnership.get_by_text("Approved: the placement is confirmed")).to_be_visible()
    expect(partnership.get_by_role("heading", level=1)).to_have_text("Wendy Worker in Haringey")
    expect(partnership.get_by_role("main").locator(".govuk-tag")).to_have_text("Confirmed")

    # The worker and both managers reach the placement from the application.
    for person_page in (worker, host, home):
        _see_placement(person_page, application)

    placement = Placement.objects.get()
    assert (placement.application, placement.help_request) == (application, help_request)
    assert (placement.worker, placement.host, placement.home) == (camden_worker, haringey, camden)
    assert (placement.starts_on, placement.ends_on, placement.days_per_week) == (
        starts_on,
        ends_on,
        3,
    )
    assert placement.status == PlacementStatus.CONFIRMED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.FILLED
    trail = AuditEvent.objects.filter(object_type="application", object_id=application.pk)
    assert [
        (event.action, event.from_state, event.to_state, event.actor)
        for event in trail.order_by("at", "pk")
    ] == [
        ("application_interested", "", "interested", camden_worker),
        ("application_selected", "interested", "selected", haringey_manager),
        ("application_released", "selected", "released", camden_manager),
        ("application_approved", "released", "approved", coordinator),
    ]
