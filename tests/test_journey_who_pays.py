"""Who pays, end to end: an agreement, a placement under it, a week queried,
corrected and signed off, and the recharge statement that counts it.

Camden's manager proposes an agreed day rate of £300 to Haringey and
Haringey's manager accepts. A coordinator approves a Camden social worker's
placement in Haringey, which copies the agreement's terms. The worker records
a week; Haringey's manager queries it; she corrects it; he signs it off; and
Camden's draft statement to Haringey shows the week's days at £300.00 a day.
Each person has their own browser, and axe-core (with the fits-width check)
checks every page any of them visits.
"""

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from boroughs.models import Agreement, AgreementStatus, FundingModel
from money.models import Timesheet, TimesheetStatus, week_starting
from money.timesheets.weeks import day_label
from secondments.models import (
    Application,
    ApplicationStatus,
    FundingSource,
    Placement,
    PlacementStatus,
)
from secondments.services import applications
from tests.browser import _Journey, _journeys, follow, journey_context, visit
from tests.factories import HelpRequestFactory
from tests.personas import TwoFactorClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Cover for the Tottenham assessment team"
QUERY = "You were on leave on the Tuesday afternoon: please check the days."


@pytest.fixture
def open_browser(
    request: pytest.FixtureRequest, browser: Browser, live_server
) -> Iterator[Callable[..., Page]]:
    """A browser of its own (no shared cookies) for one signed-in person, set up
    as the `page` fixture's is, so that every page it loads must be checked too."""
    opened: list[tuple[Page, _Journey]] = []

    def open_page(person) -> Page:
        context = journey_context(browser, live_server)
        # Signed in with both factors, as tests/test_journey_working_day.py
        # does: the sign-in pages have journeys of their own.
        client = TwoFactorClient()
        client.force_login(person)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
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


def _fill_date(page: Page, legend: str, day: datetime.date) -> None:
    boxes = page.get_by_role("group", name=legend)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def _record_week(page: Page, days: dict[datetime.date, str]) -> None:
    """Choose Full day / Half day for each day given; the rest stay Not worked."""
    for day, amount in days.items():
        page.get_by_role("group", name=day_label(day)).get_by_label(amount, exact=True).check()
    follow(page, page.get_by_role("button", name="Submit timesheet"))


def _success(page: Page):
    """The green banner a page shows after a step succeeds."""
    return page.get_by_role("alert", name="Success")


def _week_row(page: Page, monday: datetime.date):
    return page.get_by_role("row").filter(
        has=page.get_by_role("link", name=f"{monday:%-d %B %Y}", exact=True)
    )


def test_an_agreed_day_rate_reaches_the_statement_through_a_signed_off_week(
    open_browser: Callable[..., Page],
    camden,
    haringey,
    camden_manager,
    haringey_manager,
    coordinator,
    camden_worker,
) -> None:
    today = timezone.localdate()
    # The agreement runs from the first of the month two months ago, with no
    # end: in force on the placement's first day both before and after the
    # placement is moved into the past below.
    agreed_from = (today.replace(day=1) - datetime.timedelta(days=40)).replace(day=1)

    # 1. Camden's manager proposes an agreed day rate of £300 to Haringey.
    home = open_browser(camden_manager)
    visit(home, reverse("dashboard"))
    expect(home.get_by_role("heading", level=1)).to_have_text("Camden")
    follow(home, home.get_by_role("link", name="Agreements (0 waiting for your answer)"))
    expect(home.get_by_role("heading", level=1)).to_have_text("Agreements with Camden")
    expect(home.locator("#no-agreements")).to_have_text("No agreements.")
    follow(home, home.get_by_role("button", name="Propose an agreement"))
    expect(home.get_by_role("heading", level=1)).to_have_text("Propose an agreement")
    home.get_by_label("Which borough is the agreement with?").select_option(label="Haringey")
    home.get_by_label("Agreed day rate").check()
    home.get_by_label("Day rate (optional)").fill("300")
    _fill_date(home, "Start date", agreed_from)
    home.get_by_label("Note (optional)").fill("Either borough may lend to the other at this rate.")
    follow(home, home.get_by_role("button", name="Propose agreement"))
    expect(_success(home)).to_contain_text("Agreement proposed. Haringey will be told.")
    expect(home.get_by_role("heading", level=1)).to_have_text("Camden and Haringey")
    main = home.get_by_role("main")
    expect(main.locator(".govuk-tag")).to_have_text("Waiting for Haringey")
    expect(main.get_by_text("Agreed day rate: £300.00 a day")).to_be_visible()
    follow(home, home.get_by_role("link", name="Agreements", exact=True))
    waiting = home.get_by_role("table", name="Waiting for the other borough (1)")
    expect(waiting.get_by_role("row").filter(has_text="Haringey")).to_contain_text(
        "Waiting for Haringey"
    )
    agreement = Agreement.objects.get()
    assert agreement.status == AgreementStatus.PROPOSED

    # 2. Haringey's manager finds it from the dashboard and accepts it.
    host = open_browser(haringey_manager)
    visit(host, reverse("dashboard"))
    follow(host, host.get_by_role("link", name="Agreements (1 waiting for your answer)"))
    answer = host.get_by_role("table", name="Waiting for your answer (1)")
    follow(host, answer.get_by_role("link", name="Camden", exact=True))
    expect(host.get_by_role("heading", level=1)).to_have_text("Camden and Haringey")
    expect(host.get_by_text("Camden proposed these terms")).to_be_visible()
    follow(host, host.get_by_role("button", name="Accept agreement"))
    expect(_success(host)).to_contain_text("Agreement accepted")
    expect(host.get_by_role("main").locator(".govuk-tag")).to_have_text("In force")
    expect(host.get_by_role("button", name="Accept agreement")).to_have_count(0)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACCEPTED

    # 3. A Haringey request answered by Camden's social worker, selected and
    # released through the services (the marketplace journey drives those
    # pages); a coordinator approves it in the browser.
    help_request = HelpRequestFactory(
        borough=haringey,
        created_by=haringey_manager,
        title=TITLE,
        funding_model=FundingModel.HOME_FUNDED,
    )
    application = applications.application_volunteer(help_request=help_request, by=camden_worker)
    applications.application_select(application=application, by=haringey_manager)
    applications.application_release(application=application, by=camden_manager)
    partnership = open_browser(coordinator)
    visit(partnership, application.get_absolute_url())
    expect(partnership.get_by_text("Released by home borough", exact=True)).to_be_visible()
    follow(partnership, partnership.get_by_role("button", name="Approve", exact=True))
    expect(_success(partnership)).to_contain_text("Approved: the placement is confirmed")
    expect(partnership.get_by_role("heading", level=1)).to_have_text("Wendy Worker in Haringey")
    funding = partnership.get_by_role("main").locator(".govuk-summary-list").nth(1)
    expect(funding).to_contain_text("Agreed day rate")
    expect(funding).to_contain_text("£300.00 a day")
    expect(funding).to_contain_text("Terms from the agreement between Haringey and Camden")
    placement = Placement.objects.get()
    assert (placement.funding_model, placement.day_rate, placement.funding_source) == (
        FundingModel.DAY_RATE,
        Decimal("300.00"),
        FundingSource.AGREEMENT,
    )

    # 4. Time passes: the placement started on a Monday three weeks ago and is
    # under way. It keeps the funding copied at approval.
    first_monday = week_starting(today) - datetime.timedelta(weeks=3)
    Placement.objects.filter(pk=placement.pk).update(
        starts_on=first_monday,
        ends_on=today + datetime.timedelta(weeks=4),
        status=PlacementStatus.ACTIVE,
    )
    tuesday = first_monday + datetime.timedelta(days=1)

    # 5. The worker records the first week, a full day and a half day, and submits.
    worker = open_browser(camden_worker)
    visit(worker, placement.get_absolute_url())
    expect(worker.get_by_role("heading", level=1)).to_have_text("Wendy Worker in Haringey")
    follow(worker, worker.get_by_role("link", name="Timesheets for this placement"))
    expect(worker.get_by_role("heading", level=1)).to_have_text("Timesheets")
    first_week = _week_row(worker, first_monday)
    expect(first_week).to_contain_text("Not submitted")
    follow(worker, first_week.get_by_role("link", name="Record week"))
    expect(worker.get_by_role("heading", level=1)).to_have_text(
        f"Week starting {first_monday:%-d %B %Y}"
    )
    _record_week(worker, {first_monday: "Full day", tuesday: "Half day"})
    expect(_success(worker)).to_contain_text(
        "submitted: Haringey's managers are asked to sign it off"
    )
    expect(_week_row(worker, first_monday)).to_contain_text("Waiting for sign-off")
    expect(_week_row(worker, first_monday)).to_contain_text("1½ days")

    # 6. Haringey's manager sees it waiting on the dashboard and queries it.
    visit(host, reverse("dashboard"))
    expect(host.get_by_text("Timesheets waiting for your sign-off (1)")).to_be_visible()
    follow(
        host,
        host.get_by_role("link", name=f"Wendy Worker, week starting {first_monday:%-d %b %Y}"),
    )
    expect(host.get_by_role("heading", level=1)).to_have_text(
        f"Week starting {first_monday:%-d %B %Y}"
    )
    expect(host.locator("#week-status")).to_have_text("Waiting for sign-off")
    expect(host.get_by_role("main")).to_contain_text("Half day (½)")
    host.get_by_label("Why are you querying this week?").fill(QUERY)
    follow(host, host.get_by_role("button", name="Query week"))
    expect(_success(host)).to_contain_text("Wendy Worker has been asked to correct it")
    expect(_week_row(host, first_monday)).to_contain_text("Queried")

    # 7. The worker sees why, corrects the week to two full days and submits again.
    visit(worker, reverse("dashboard"))
    follow(worker, worker.get_by_role("link", name="Haringey: 3 weeks to record"))
    expect(_week_row(worker, first_monday)).to_contain_text("Queried")
    follow(worker, _week_row(worker, first_monday).get_by_role("link", name="Correct week"))
    expect(worker.get_by_text(f"Haringey queried this week: {QUERY}")).to_be_visible()
    tuesday_radios = worker.get_by_role("group", name=day_label(tuesday))
    expect(tuesday_radios.get_by_label("Half day", exact=True)).to_be_checked()
    _record_week(worker, {tuesday: "Full day"})
    expect(_week_row(worker, first_monday)).to_contain_text("Waiting for sign-off")
    expect(_week_row(worker, first_monday)).to_contain_text("2 days")

    # 8. Haringey's manager signs the corrected week off.
    visit(host, reverse("dashboard"))
    expect(host.get_by_text("Timesheets waiting for your sign-off (1)")).to_be_visible()
    follow(
        host,
        host.get_by_role("link", name=f"Wendy Worker, week starting {first_monday:%-d %b %Y}"),
    )
    expect(host.get_by_text("after 1 correction")).to_be_visible()
    follow(host, host.get_by_role("button", name="Sign off week"))
    expect(_success(host)).to_contain_text("signed off. Wendy Worker has been told.")
    expect(_week_row(host, first_monday)).to_contain_text("Signed off by Harry Manager")
    timesheet = Timesheet.objects.get(placement=placement)
    assert (timesheet.status, timesheet.days_worked) == (TimesheetStatus.SIGNED_OFF, 2)

    # 9. Camden's draft statement to Haringey for the week's month counts the
    # signed-off days in that month (the week may run into the next) at £300.
    month = first_monday.replace(day=1)
    days = sum(1 for day in (first_monday, tuesday) if day.month == month.month)
    amount = Decimal(300) * days
    visit(home, reverse("dashboard"))
    follow(home, home.get_by_role("link", name="Recharge statements"))
    expect(home.get_by_role("heading", level=1)).to_have_text("Recharge statements")
    home.get_by_label("Month").fill(f"{month:%Y-%m}")
    follow(home, home.get_by_role("button", name="Show statements"))
    row = home.get_by_role("row").filter(has_text="We charge Haringey")
    expect(row).to_contain_text("Draft")
    expect(row).to_contain_text(f"£{amount:,.2f}")
    follow(home, row.get_by_role("link", name=f"{month:%B %Y}"))
    expect(home.get_by_role("heading", level=1)).to_have_text("Camden to Haringey")
    expect(home.get_by_text(f"Recharge statement, {month:%B %Y}")).to_be_visible()
    expect(home.get_by_role("main").locator(".govuk-tag").first).to_have_text("Draft")
    line = home.locator(f"tr[data-line='{placement.pk}']")
    expect(line.get_by_role("rowheader")).to_have_text("Wendy Worker")
    expect(line.locator("[data-label='Funding']")).to_have_text("Agreed day rate")
    expect(line.locator("[data-label='Days']")).to_have_text(str(days))
    expect(line.locator("[data-label='Daily rate']")).to_have_text("£300.00")
    expect(line.locator("[data-label='Amount']")).to_have_text(f"£{amount:,.2f}")
    expect(home.locator("#statement-days")).to_have_text(str(days))
    expect(home.locator("#statement-total")).to_have_text(f"£{amount:,.2f}")
    # And the placement page tells Camden's manager what the week cost beside an agency.
    visit(home, placement.get_absolute_url())
    expect(
        home.get_by_role(
            "heading", level=2, name="Cost so far, and what an agency would have charged"
        )
    ).to_be_visible()
    assert Application.objects.get().status == ApplicationStatus.APPROVED
