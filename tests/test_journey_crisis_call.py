"""Acceptance 2: a crisis call from Haringey, end to end in the browser.

Haringey's manager raises a call for two social workers. Its neighbours
(Camden, Islington) are asked at once; Enfield, a neighbour under more
pressure than Haringey, is held to the last circle and shown as such. Camden
offers Wendy Worker; Islington declines with a reason. Two working days on
(frozen time; the beat task's service runs) the call widens to the region.
Wendy agrees; Haringey selects her from the board, already released, and a
coordinator approves. The board shows every answer. axe-core checks every page.

Time is frozen for the whole journey (the live server runs in this process),
at a date after today so the browser keeps the session cookies.
"""

import datetime
import re

import pyotp
import pytest
import time_machine
from playwright.sync_api import Page, expect

from pressure.crisis.widening import crisis_calls_advance
from pressure.models import AskAnswer, CrisisCall, CrisisStage, OfferStatus
from secondments.models import ApplicationStatus, Placement
from tests.browser import follow, visit
from tests.clock import at
from tests.crisis_scenes import make_circle
from tests.factories import PASSWORD
from tests.personas import PERSONA_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date
MONDAY = D(2027, 3, 1)
WEDNESDAY = D(2027, 3, 3)
STARTS = D(2027, 3, 15)
ENDS = D(2027, 5, 14)


@pytest.fixture
def traveller():
    start = at(MONDAY, 10) + datetime.timedelta(seconds=5)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


def _sign_in(page: Page, person, *, authenticator: bool = True) -> None:
    page.context.clear_cookies()
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))
    if authenticator:
        # Time is frozen: the code is the one the server expects now.
        code = pyotp.TOTP(PERSONA_TOTP_SECRET).now()
        page.get_by_label("Enter the code from your authenticator app").fill(code)
        follow(page, page.get_by_role("button", name="Continue"))
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _fill_date(page: Page, legend: str, day: datetime.date) -> None:
    boxes = page.get_by_role("group", name=legend)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def _row(page: Page, borough: str):
    return (
        page.get_by_role("table", name="Boroughs on this crisis call and their answers")
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=re.compile(f"^{borough} ")))
    )


def test_a_crisis_call_widens_is_answered_and_ends_in_a_placement(
    traveller,
    page: Page,
    haringey,
    camden,
    haringey_manager,
    camden_manager,
    camden_worker,
    coordinator,
) -> None:
    circle = make_circle(existing={"Haringey": haringey, "Camden": camden})

    # Haringey's manager raises the call from the navigation.
    _sign_in(page, haringey_manager)
    follow(
        page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Crisis calls")
    )
    follow(page, page.get_by_role("button", name="Raise a crisis call"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a crisis call")
    page.get_by_label("Clearing a backlog").check()
    page.get_by_label("Describe the work").fill("120 assessments overdue after an inspection.")
    page.get_by_label("How many social workers do you need?").fill("2")
    _fill_date(page, "Start date", STARTS)
    _fill_date(page, "End date", ENDS)
    page.get_by_label("Social worker", exact=True).check()
    page.get_by_label("Hybrid").check()
    page.get_by_label("Home borough pays").check()
    follow(page, page.get_by_role("button", name="Raise crisis call"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Crisis call from Haringey")
    call = CrisisCall.objects.get()

    # Its neighbours are asked first; Enfield, under more pressure, is held back.
    for borough in ("Camden", "Islington"):
        expect(_row(page, borough)).to_contain_text("Not answered")
    for borough in ("Croydon", "Kent", "Enfield"):
        expect(_row(page, borough)).to_contain_text("Not asked yet")
    expect(_row(page, "Enfield")).to_contain_text("Under more pressure")
    expect(_row(page, "Camden")).to_contain_text("pressure index")

    # Camden's manager answers from the dashboard with a named worker.
    _sign_in(page, camden_manager)
    expect(
        page.get_by_role("heading", name=re.compile("Crisis calls waiting for your answer"))
    ).to_be_visible()
    follow(page, page.get_by_role("link", name="Answer Haringey's crisis call"))
    page.get_by_label("Social worker to offer").select_option(label="Wendy Worker")
    follow(page, page.get_by_role("button", name="Offer this social worker"))
    expect(page.get_by_text("Wendy Worker is offered: we have asked them to agree")).to_be_visible()

    # Islington declines, with a reason.
    _sign_in(page, circle.managers["Islington"])
    follow(page, page.get_by_role("link", name="Answer Haringey's crisis call"))
    page.get_by_label("Why can your borough not offer anyone?").fill(
        "Our own inspection is next month"
    )
    follow(page, page.get_by_role("button", name="Decline"))
    expect(page.get_by_text("You declined Haringey's crisis call")).to_be_visible()

    # Two working days pass without two agreed offers: the circle widens.
    traveller.move_to(at(WEDNESDAY, 10))
    assert crisis_calls_advance()["widened"] == 1
    call.refresh_from_db()
    assert call.stage == CrisisStage.REGION

    # Wendy agrees from her dashboard.
    _sign_in(page, camden_worker, authenticator=False)
    follow(page, page.get_by_role("link", name=re.compile("Camden offers you to Haringey")))
    follow(page, page.get_by_role("button", name="Agree to go"))
    expect(page.get_by_text("Agreed", exact=True)).to_be_visible()

    # Haringey sees the widened board and selects Wendy, already released.
    _sign_in(page, haringey_manager)
    visit(page, call.get_absolute_url())
    expect(_row(page, "Croydon")).to_contain_text("Not answered")
    expect(_row(page, "Kent")).to_contain_text("Not asked yet")
    follow(page, page.get_by_role("button", name="Select Wendy Worker"))
    expect(page.get_by_text("Released by home borough", exact=True)).to_be_visible()

    # A coordinator approves from the approvals queue.
    _sign_in(page, coordinator)
    visit(page, "/approvals/")
    follow(page, page.get_by_role("link", name="Wendy Worker"))
    follow(page, page.get_by_role("button", name="Approve", exact=True))
    expect(page.get_by_text("Approved: the placement is confirmed")).to_be_visible()

    # The board shows every answer and when it came.
    visit(page, call.get_absolute_url())
    expect(_row(page, "Camden")).to_contain_text("Offered someone")
    expect(_row(page, "Camden")).to_contain_text("Wendy Worker: Agreed")
    expect(_row(page, "Islington")).to_contain_text("Declined")
    expect(_row(page, "Islington")).to_contain_text("Our own inspection is next month")
    expect(_row(page, "Enfield")).to_contain_text("Under more pressure")

    asks = {ask.borough.name: ask for ask in call.asks.select_related("borough")}
    assert asks["Camden"].answer == AskAnswer.OFFERED
    assert asks["Islington"].decline_reason == "Our own inspection is next month"
    assert asks["Croydon"].asked_at is not None and asks["Kent"].asked_at is None
    offer = asks["Camden"].offers.get()
    assert offer.status == OfferStatus.AGREED
    assert offer.application.status == ApplicationStatus.APPROVED
    placement = Placement.objects.get()
    assert (placement.worker, placement.host, placement.home) == (camden_worker, haringey, camden)
    assert (placement.starts_on, placement.ends_on) == (STARTS, ENDS)
