"""A borough manager lists every help request their borough has made, drafts
included, with places filled, applicants waiting and what to do next."""

import datetime
import io
import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from home.demo.plan import DEMO_EMAIL_DOMAIN
from secondments.models import ApplicationStatus, RequestStatus
from tests.browser import follow, visit
from tests.factories import (
    ApplicationFactory,
    HelpRequestFactory,
    PlacementFactory,
    WorkerFactory,
)
from tests.request_input import request_form

pytestmark = pytest.mark.django_db

URL = reverse("our_requests")
TODAY = timezone.localdate()


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _squeezed(response) -> str:
    """The page with the whitespace between tags taken out."""
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", response.content.decode()))


def _titles(response) -> list[str]:
    return re.findall(r'govuk-summary-card__title"><a [^>]+>([^<]+)</a>', response.content.decode())


def _request(manager, title: str, **fields):
    return HelpRequestFactory(borough=manager.borough, created_by=manager, title=title, **fields)


@pytest.fixture
def signed_in(client, haringey_manager):
    client.force_login(haringey_manager)
    return client


# --- Who sees it ------------------------------------------------------------------


def test_manager_sees_every_request_of_their_borough_in_each_status(signed_in, haringey_manager):
    for status in RequestStatus.values:
        _request(haringey_manager, f"The {status} one", status=status)

    response = signed_in.get(URL)

    assert response.status_code == 200
    assert sorted(_titles(response)) == sorted(f"The {s} one" for s in RequestStatus.values)
    page = _squeezed(response)
    assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--green">Open</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--blue">Filled</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Cancelled</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Expired</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Closed</strong>' in page


def test_a_draft_links_to_its_request_page(signed_in, haringey_manager):
    draft = _request(haringey_manager, "Cover for the front door", status=RequestStatus.DRAFT)

    page = signed_in.get(URL).content.decode()

    assert f'href="{draft.get_absolute_url()}">Cover for the front door</a>' in page
    assert signed_in.get(draft.get_absolute_url()).status_code == 200


def test_another_boroughs_manager_never_sees_this_boroughs_requests(
    client, haringey_manager, hackney_manager
):
    _request(haringey_manager, "Haringey draft", status=RequestStatus.DRAFT)
    _request(haringey_manager, "Haringey open request")
    _request(hackney_manager, "Hackney request")
    client.force_login(hackney_manager)

    searched = client.get(URL, {"q": "Haringey"})
    everything = client.get(URL)

    assert _titles(searched) == []
    assert "All (0)" in _text(searched)
    assert _titles(everything) == ["Hackney request"]
    assert "All (1)" in _text(everything)
    assert "Draft (0)" in _text(everything)
    assert "Haringey draft" not in everything.content.decode()


@pytest.mark.parametrize("persona", ["camden_worker", "coordinator"])
def test_only_managers_have_the_page(client, request, haringey_manager, persona):
    _request(haringey_manager, "Haringey's draft", status=RequestStatus.DRAFT)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 404


# --- What each row says -----------------------------------------------------------


def test_places_filled_and_applicants_waiting_are_counted_apart(signed_in, haringey_manager):
    """Placements and applications join the same query: neither count multiplies the other."""
    help_request = _request(haringey_manager, "Three places", places=3)
    for _ in range(2):
        PlacementFactory(help_request=help_request)
    for _ in range(3):
        ApplicationFactory(help_request=help_request)
    ApplicationFactory(help_request=help_request, status=ApplicationStatus.DECLINED)

    text = _text(signed_in.get(URL))

    assert "Places filled 2 of 3" in text
    assert "Applicants waiting 3 for your decision" in text
    assert "Next action Review 3 offers of help" in text


def test_next_action_names_who_the_request_is_waiting_for(
    signed_in, haringey_manager, camden_worker, hackney_worker
):
    selected = _request(haringey_manager, "Selected one")
    ApplicationFactory(
        help_request=selected, worker=camden_worker, status=ApplicationStatus.SELECTED
    )
    released = _request(haringey_manager, "Released one")
    ApplicationFactory(
        help_request=released, worker=hackney_worker, status=ApplicationStatus.RELEASED
    )
    invited = _request(haringey_manager, "Invited one")
    ApplicationFactory(help_request=invited, status=ApplicationStatus.INVITED)
    offered = _request(haringey_manager, "Offered one")
    ApplicationFactory(help_request=offered)
    _request(haringey_manager, "Quiet one")
    _request(haringey_manager, "Draft one", status=RequestStatus.DRAFT)
    _request(haringey_manager, "Filled one", status=RequestStatus.FILLED)

    text = _text(signed_in.get(URL))

    assert "Waiting for Camden to release Wendy Worker" in text
    assert "1 for release by their borough" in text
    assert "Waiting for a coordinator to approve Walter Worker" in text
    assert "1 for a coordinator's approval" in text
    assert re.search(r"Waiting for .+ to answer your invitation", text)
    assert "Review 1 offer of help" in text
    assert "Invite candidates or wait for offers of help" in text
    assert "Publish or change the draft" in text
    assert "Nothing: filled" in text


def test_dates_show_the_period_and_when_it_was_published_or_saved(signed_in, haringey_manager):
    starts_on = datetime.date(2031, 3, 3)
    _request(
        haringey_manager, "Spring cover", starts_on=starts_on, ends_on=datetime.date(2031, 6, 1)
    )
    _request(haringey_manager, "A draft", status=RequestStatus.DRAFT)

    text = _text(signed_in.get(URL))

    assert "3 Mar 2031 to 1 Jun 2031" in text
    assert f"Published {TODAY:%-d %b %Y}" in text
    assert f"Saved {TODAY:%-d %b %Y}" in text


# --- Filters, sort and pages ------------------------------------------------------


def test_status_filter_shows_one_status_with_counts_for_each(signed_in, haringey_manager):
    _request(haringey_manager, "First draft", status=RequestStatus.DRAFT)
    _request(haringey_manager, "Second draft", status=RequestStatus.DRAFT)
    _request(haringey_manager, "Open request")

    response = signed_in.get(URL, {"status": "draft"})

    assert sorted(_titles(response)) == ["First draft", "Second draft"]
    text = _text(response)
    for label in ("All (3)", "Draft (2)", "Open (1)", "Filled (0)", "Expired (0)"):
        assert label in text
    assert 'value="draft" checked' in response.content.decode()


def test_search_looks_in_titles_only(signed_in, haringey_manager):
    _request(haringey_manager, "Cover for the FRONT door")
    _request(haringey_manager, "Backlog help", description="Also the front door")

    response = signed_in.get(URL, {"q": "front door"})

    assert _titles(response) == ["Cover for the FRONT door"]
    assert "All (1)" in _text(response)


def test_sorts_by_newest_soonest_start_and_most_waiting(signed_in, haringey_manager):
    _request(haringey_manager, "Starts soonest", starts_on=TODAY + datetime.timedelta(10))
    later = _request(haringey_manager, "Starts later", starts_on=TODAY + datetime.timedelta(60))
    busy = _request(haringey_manager, "Most offers", starts_on=TODAY + datetime.timedelta(30))
    for _ in range(2):
        ApplicationFactory(help_request=busy)
    ApplicationFactory(help_request=later)

    newest = ["Most offers", "Starts later", "Starts soonest"]
    assert _titles(signed_in.get(URL)) == newest
    assert _titles(signed_in.get(URL, {"sort": "newest"})) == newest
    soonest = ["Starts soonest", "Most offers", "Starts later"]
    assert _titles(signed_in.get(URL, {"sort": "soonest"})) == soonest
    most_waiting = ["Most offers", "Starts later", "Starts soonest"]
    assert _titles(signed_in.get(URL, {"sort": "waiting"})) == most_waiting


def test_newest_puts_a_draft_just_saved_first(signed_in, haringey_manager):
    _request(haringey_manager, "Published earlier")
    _request(haringey_manager, "Just saved", status=RequestStatus.DRAFT)

    assert _titles(signed_in.get(URL, {"sort": "newest"})) == ["Just saved", "Published earlier"]


@pytest.mark.parametrize(
    ("query", "message", "field"),
    [
        ({"status": "lost"}, "Select a status from the list", "id_status"),
        ({"sort": "oldest"}, "Select how to sort the help requests from the list", "id_sort"),
        ({"q": "x" * 101}, "Search must be 100 characters or fewer", "id_q"),
    ],
)
def test_bad_filters_get_an_error_summary_and_the_rest_still_apply(
    signed_in, haringey_manager, query, message, field
):
    _request(haringey_manager, "Open request")

    response = signed_in.get(URL, query)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'<a href="#{field}">{message}</a>' in page
    assert f'id="{field}"' in page
    assert "<title>Error: " in page
    assert _titles(response) == ["Open request"]


def test_pages_hold_25_requests(signed_in, haringey_manager):
    for n in range(26):
        _request(haringey_manager, f"Request {n}", status=RequestStatus.DRAFT)

    first = signed_in.get(URL, {"status": "draft"})
    second = signed_in.get(URL, {"status": "draft", "page": "2"})
    beyond = signed_in.get(URL, {"page": "lots"})

    assert len(_titles(first)) == 25
    assert "26 help requests, page 1 of 2" in _text(first)
    assert len(_titles(second)) == 1
    assert "status=draft&amp;page=1" in second.content.decode()
    assert len(_titles(beyond)) == 25


# --- Query count ------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 30])
def test_query_count_does_not_grow(signed_in, haringey_manager, django_assert_num_queries, size):
    for n in range(size):
        help_request = _request(haringey_manager, f"Request {n}", places=2)
        ApplicationFactory(help_request=help_request)
        ApplicationFactory(help_request=help_request, status=ApplicationStatus.SELECTED)
        ApplicationFactory(help_request=help_request, status=ApplicationStatus.RELEASED)
        PlacementFactory(help_request=help_request, worker=WorkerFactory())

    # Session, user, authenticator, borough (header and caption), unread count;
    # counts by status, the page count, the page of requests with their
    # counts, and the applications each is waiting on with workers and boroughs.
    with django_assert_num_queries(9):
        response = signed_in.get(URL)

    assert len(_titles(response)) == min(size, 25)
    assert _text(response).count("Places filled 1 of 2") == min(size, 25)


# --- Ways in ----------------------------------------------------------------------


def test_dashboard_links_to_the_list_with_the_count_of_drafts(signed_in, haringey_manager):
    for n in range(2):
        _request(haringey_manager, f"Draft {n}", status=RequestStatus.DRAFT)
    _request(haringey_manager, "Open request")

    page = signed_in.get(reverse("dashboard")).content.decode()

    assert f'<a class="govuk-link" href="{URL}">Your borough\'s requests (2 drafts)</a>' in page


def test_header_navigation_has_the_list_for_managers_only(client, haringey_manager, camden_worker):
    client.force_login(haringey_manager)
    manager_page = client.get(URL).content.decode()
    client.force_login(camden_worker)
    worker_page = client.get(reverse("dashboard")).content.decode()

    assert re.search(
        rf'href="{URL}" aria-current="page">\s*<strong[^>]*>Our requests', manager_page
    )
    assert f'href="{URL}"' not in worker_page


def test_saving_a_draft_links_to_the_list(signed_in):
    response = signed_in.post(
        reverse("request_create"), request_form(title="Cover for the front door"), follow=True
    )

    page = response.content.decode()
    assert "Draft saved." in page
    assert f'<a class="govuk-notification-banner__link" href="{URL}">' in page
    listed = signed_in.get(URL)
    assert _titles(listed) == ["Cover for the front door"]
    assert "Publish or change the draft" in _text(listed)


# --- Demo -------------------------------------------------------------------------


def test_the_demo_managers_find_their_requests(client, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=io.StringIO())

    def listed(borough: str) -> str:
        client.force_login(User.objects.get(email=f"manager1.{borough}@{DEMO_EMAIL_DOMAIN}"))
        return _text(client.get(URL))

    enfield = listed("enfield")
    assert "Cover for the disabled children" in enfield
    assert "Draft (1)" in enfield
    assert "Publish or change the draft" in enfield
    haringey = listed("haringey")
    # The Camden worker's offer, and the Islington worker's (who shows the warnings).
    assert "Review 2 offers of help" in haringey
    assert re.search(r"Waiting for Barnet to release \w", haringey)
    assert "Waiting for a coordinator to approve" in listed("hackney")
    assert "Nothing: filled" in listed("islington")


# --- In a browser -----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 1280])
def test_from_the_dashboard_to_a_saved_draft_at_phone_and_desktop_width(
    client, page, live_server, haringey_manager, camden_worker, width
):
    draft = _request(
        haringey_manager,
        "Cover for the disabled children's team while two senior practitioners are away",
        status=RequestStatus.DRAFT,
    )
    for status in RequestStatus.values:
        _request(haringey_manager, f"Assessment team cover ({status})", status=status)
    waiting = _request(haringey_manager, "Front door", places=2)
    ApplicationFactory(help_request=waiting)
    ApplicationFactory(help_request=waiting, worker=camden_worker, status="selected")
    client.force_login(haringey_manager)
    # The test client's two-factor sign-in, handed to the browser.
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 900})

    visit(page, reverse("dashboard"))
    follow(page, page.get_by_role("link", name="Your borough's requests (2 drafts)"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.get_by_text("Waiting for Camden to release Wendy Worker")).to_be_visible()
    follow(page, page.get_by_role("link", name=draft.title))

    expect(page.get_by_role("heading", level=1)).to_have_text(draft.title)


@pytest.mark.browser
def test_at_phone_width_the_filters_fold_away_and_still_filter_sort_and_page(
    client, page, live_server, haringey_manager
):
    for n in range(26):
        _request(haringey_manager, f"Draft {n:02}", status=RequestStatus.DRAFT)
    _request(haringey_manager, "Open one")
    client.force_login(haringey_manager)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 320, "height": 800})

    visit(page, URL)
    expect(page.get_by_label("Title contains")).not_to_be_visible()
    page.get_by_text("Filter your requests").click()
    page.get_by_label("Draft (26)").check()
    page.get_by_label("Sort by").select_option("soonest")
    follow(page, page.get_by_role("button", name="Apply filters"))

    expect(page.locator("#result-count")).to_have_text("26 help requests, page 1 of 2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    follow(page, page.get_by_role("link", name="Next"))
    expect(page.locator("#result-count")).to_have_text("26 help requests, page 2 of 2")
    assert "status=draft" in page.url and "sort=soonest" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
