"""Each role's morning in real Chromium, on the demo data, at desktop width and
on a 320 px phone: from the dashboard to every item waiting for them, and from
a saved draft back to it. axe-core checks every page, and `assert_fits_width`
fails a page whose tables are wider than the window.
"""

import pytest
from django.conf import settings
from django.db.models import Count
from playwright.sync_api import Page, expect

from accounts.models import User
from home.demo.marketplace import seed_marketplace
from home.demo.people import COORDINATOR_EMAIL, DEMO_EMAIL_DOMAIN, seed_demo
from secondments.models import Application, ApplicationStatus
from tests.browser import follow, visit
from tests.personas import TwoFactorClient, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 320, "height": 720}}
# The work lists on a dashboard: tables and summary lists in the main content.
WAITING = "main table a[href^='/'], main .govuk-summary-list a[href^='/']"


def _manager(borough: str) -> User:
    return User.objects.get(email=f"manager1.{borough}@{DEMO_EMAIL_DOMAIN}")


def _signed_in(page: Page, person: User, live_server) -> Page:
    if not person.is_worker:
        with_totp(person)
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


def _open_each_waiting_item(page: Page, at_least: int) -> list[str]:
    """From the dashboard, open every item its work lists link to, coming back each time."""
    visit(page, "/dashboard/")
    links = page.locator(WAITING)
    hrefs = list(dict.fromkeys(links.nth(i).get_attribute("href") for i in range(links.count())))
    assert len(hrefs) >= at_least, f"the dashboard lists {hrefs} at {page.url}"
    for href in hrefs:
        follow(page, page.locator(f"main a[href='{href}']").first)
        expect(page.locator("h1")).to_be_visible()
        visit(page, "/dashboard/")
    return hrefs


@pytest.fixture
def demo():
    seed_demo()
    seed_marketplace()


@pytest.fixture(params=SIZES, ids=list(SIZES))
def sized(request, page: Page) -> Page:
    page.set_viewport_size(SIZES[request.param])
    return page


def test_the_host_manager_reaches_every_offer_waiting(sized, live_server, demo):
    _signed_in(sized, _manager("haringey"), live_server)
    hrefs = _open_each_waiting_item(sized, at_least=3)
    waiting = Application.objects.filter(
        help_request__borough__name="Haringey", status=ApplicationStatus.INTERESTED
    )
    for application in waiting:
        assert application.get_absolute_url() in hrefs


def test_the_home_manager_reaches_the_release_to_decide(sized, live_server, demo):
    _signed_in(sized, _manager("barnet"), live_server)
    hrefs = _open_each_waiting_item(sized, at_least=1)
    release = Application.objects.get(
        worker__borough__name="Barnet", status=ApplicationStatus.SELECTED
    )
    assert release.get_absolute_url() in hrefs


def test_the_coordinator_reaches_approvals_escalations_and_registrations(sized, live_server, demo):
    _signed_in(sized, User.objects.get(email=COORDINATOR_EMAIL), live_server)
    hrefs = _open_each_waiting_item(sized, at_least=3)
    released = Application.objects.get(status=ApplicationStatus.RELEASED)
    assert released.get_absolute_url() in hrefs
    assert any(href.startswith("/people/") for href in hrefs), hrefs


def test_the_worker_reaches_their_applications(sized, live_server, demo):
    busiest = (
        User.objects.annotate(offers=Count("applications"))
        .filter(offers__gte=2)
        .order_by("-offers", "pk")
        .first()
    )
    _signed_in(sized, busiest, live_server)
    hrefs = _open_each_waiting_item(sized, at_least=2)
    for application in busiest.applications.all():
        if application.status in (ApplicationStatus.INTERESTED, ApplicationStatus.SELECTED):
            assert application.get_absolute_url() in hrefs


def test_a_manager_finds_their_saved_draft_again(sized, live_server, demo):
    _signed_in(sized, _manager("enfield"), live_server)
    visit(sized, "/dashboard/")
    follow(sized, sized.get_by_role("link", name="Your borough's requests"))
    follow(sized, sized.get_by_role("link", name="Cover for the disabled children's team"))
    expect(sized.locator("h1")).to_contain_text("Cover for the disabled children's team")
    expect(sized.get_by_text("Draft").first).to_be_visible()
