"""The host's ranked candidates for a request, the invitation from that list,
and a worker's "requests that match you"."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import JobLevel
from matching import services as matching_services
from matching.models import Match
from secondments import services
from secondments.models import Application, ApplicationStatus
from tests.browser import follow, visit
from tests.matching_people import many_candidates, open_request, place_on_map, worker

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
START = timezone.localdate() + 20 * DAY


@pytest.fixture
def help_request(haringey_manager, camden, haringey, hackney):
    for borough in (camden, haringey, hackney):
        place_on_map(borough)
    haringey.neighbours.add(camden)
    return open_request(haringey_manager, START, title="Cover for the assessment team")


@pytest.fixture
def ranked(help_request, camden, hackney):
    """Best first: a Camden neighbour qualified 9 years (90), then one qualified
    3 years (82), then a Hackney worker qualified 3 years whose borough, here,
    does not border Haringey (77)."""
    people = [
        worker("Nadia Neighbour", camden, for_request=help_request, years=9),
        worker("Colin Camden", camden, for_request=help_request, years=3),
        worker("Harriet Hackney", hackney, for_request=help_request, years=3),
    ]
    # The matching worker ranks them; the page reads the stored ranking.
    matching_services.match_request(help_request=help_request)
    return people


def _names_in_order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


def test_the_host_sees_candidates_best_first_with_their_reasons(
    client, haringey_manager, help_request, ranked
):
    client.force_login(haringey_manager)

    response = client.get(reverse("request_candidates", args=[help_request.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    names = ["Nadia Neighbour", "Colin Camden", "Harriet Hackney"]
    assert _names_in_order(page, names) == names
    assert "Camden borders Haringey, 7 km" in page
    assert "Hackney is 6 km from Haringey" in page
    assert "Qualified 9 years, at least 2 asked for" in page
    assert "No placement in the last year" in page
    assert "Senior practitioner, qualified since" in page
    assert page.count('>Invite<span class="govuk-visually-hidden">') == 3


def test_the_host_invites_a_candidate_from_the_list(client, haringey_manager, help_request, ranked):
    best = ranked[0]
    client.force_login(haringey_manager)

    response = client.post(
        reverse("request_invite_candidate", args=[help_request.pk, best.pk]), follow=True
    )

    application = Application.objects.get()
    assert (application.worker, application.status) == (best, ApplicationStatus.INVITED)
    assert application.invited_by == haringey_manager
    page = response.content.decode()
    assert "Nadia Neighbour has been invited" in page
    # Invited, so now among the applicants rather than the candidates.
    assert "Nadia Neighbour, Camden" not in page
    assert "Colin Camden, Camden" in page


def test_inviting_someone_twice_says_why_not(client, haringey_manager, help_request, ranked):
    best = ranked[0]
    services.application_invite(help_request=help_request, worker=best, by=haringey_manager)
    client.force_login(haringey_manager)

    response = client.post(
        reverse("request_invite_candidate", args=[help_request.pk, best.pk]), follow=True
    )

    assert "Nadia Neighbour has already applied for this request" in response.content.decode()
    assert Application.objects.count() == 1


def test_the_invite_link_only_accepts_a_post(client, haringey_manager, help_request, ranked):
    client.force_login(haringey_manager)

    response = client.get(reverse("request_invite_candidate", args=[help_request.pk, ranked[0].pk]))

    # A followed link goes back to the candidates and invites no one.
    assert response.status_code == 302
    assert response["Location"] == reverse("request_candidates", args=[help_request.pk])
    assert not Application.objects.exists()


def test_another_boroughs_manager_is_told_the_candidates_do_not_exist(
    client, hackney_manager, help_request, ranked
):
    client.force_login(hackney_manager)

    page = client.get(reverse("request_candidates", args=[help_request.pk]))
    invite = client.post(reverse("request_invite_candidate", args=[help_request.pk, ranked[0].pk]))

    assert (page.status_code, invite.status_code) == (404, 404)
    assert not Application.objects.exists()


def test_a_worker_is_told_the_candidates_do_not_exist(client, help_request, ranked):
    client.force_login(ranked[0])

    response = client.get(reverse("request_candidates", args=[help_request.pk]))

    assert response.status_code == 404


def test_a_coordinator_sees_the_candidates_but_cannot_invite(
    client, coordinator, help_request, ranked
):
    client.force_login(coordinator)

    page = client.get(reverse("request_candidates", args=[help_request.pk]))
    invite = client.post(reverse("request_invite_candidate", args=[help_request.pk, ranked[0].pk]))

    assert page.status_code == 200
    assert "Nadia Neighbour" in page.content.decode()
    assert 'govuk-visually-hidden"> Nadia Neighbour' not in page.content.decode()
    assert invite.status_code == 403
    assert not Application.objects.exists()


def test_the_request_page_links_its_host_to_the_candidates(
    client, haringey_manager, hackney_manager, help_request
):
    link = reverse("request_candidates", args=[help_request.pk])
    client.force_login(haringey_manager)
    assert link in client.get(help_request.get_absolute_url()).content.decode()

    client.force_login(hackney_manager)
    assert link not in client.get(help_request.get_absolute_url()).content.decode()


@pytest.mark.parametrize("size", [10, 200])
# Every signed-in page's own, the request, the host's context for the score
# (boroughs, neighbours, placement-days, agreements, specialisms asked); when
# the request was ranked; the stored candidates that still fit, in one query;
# near matches and applicants, each ranked live in one query (with its SET
# LOCAL and savepoint) and explained in one more; their specialisms and
# availability; the filter form's specialisms and boroughs (and, when
# filtered, checking the borough chosen).
@pytest.mark.parametrize(("filters", "queries"), [("", 28), ("?borough={camden}&job_level=2", 29)])
def test_candidates_page_query_count_does_not_grow_with_candidates(
    client, haringey_manager, help_request, camden, size, filters, queries,
    django_assert_num_queries,
):  # fmt: skip
    many_candidates(size, camden, help_request)
    # Near matches, available for the first month only, and applicants.
    many_candidates(size // 2, camden, help_request, available_until=START + 30 * DAY)
    Application.objects.bulk_create(
        Application(help_request=help_request, worker=person, status=ApplicationStatus.INTERESTED)
        for person in many_candidates(size // 5, camden, help_request)
    )
    matching_services.match_request(help_request=help_request)
    client.force_login(haringey_manager)
    url = reverse("request_candidates", args=[help_request.pk]) + filters.format(camden=camden.pk)

    with django_assert_num_queries(queries):
        response = client.get(url)

    page = response.content.decode()
    shown = min(size, 50) + min(size // 2, 20)
    assert len(re.findall(r'class="govuk-summary-card"', page)) == shown
    assert f"Applicants ({size // 5})" in page


# --- A worker's matches -------------------------------------------------------------


def test_a_worker_sees_the_requests_that_match_them_with_the_reasons(
    client, haringey_manager, help_request, ranked
):
    other = open_request(
        haringey_manager,
        START,
        title="Weekend duty cover",
        job_level=JobLevel.SOCIAL_WORKER,
        min_years_qualified=0,
    )
    matching_services.match_worker(worker=ranked[0])
    client.force_login(ranked[0])

    response = client.get(reverse("my_matches"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 requests" in page
    # The request at the level asked for scores higher than the one below it.
    titles = ["Cover for the assessment team", "Weekend duty cover"]
    assert _names_in_order(page, titles) == titles
    assert "Camden borders Haringey, 7 km" in page
    assert other.get_absolute_url() in page


def test_a_request_the_worker_has_been_invited_to_drops_off_the_list(
    client, haringey_manager, help_request, ranked
):
    matching_services.match_worker(worker=ranked[0])
    application = services.application_invite(
        help_request=help_request, worker=ranked[0], by=haringey_manager
    )
    client.force_login(ranked[0])

    page = client.get(reverse("my_matches")).content.decode()

    assert application.help_request.title not in page
    assert "0 requests" in page


def test_a_worker_who_opted_out_is_told_how_to_opt_in(client, help_request, ranked):
    matching_services.match_worker(worker=ranked[0])
    profile = ranked[0].worker_profile
    profile.open_to_matching = False
    profile.save()
    client.force_login(ranked[0])

    page = client.get(reverse("my_matches")).content.decode()

    assert "Matching is off" in page
    assert help_request.title not in page


def test_only_workers_have_matches(client, haringey_manager):
    client.force_login(haringey_manager)

    assert client.get(reverse("my_matches")).status_code == 404


def test_the_worker_dashboard_links_to_their_matches(client, camden_worker):
    client.force_login(camden_worker)

    assert reverse("my_matches") in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("size", [2, 30])
def test_my_matches_query_count_does_not_grow_with_matches(
    client, haringey_manager, help_request, ranked, size, django_assert_num_queries
):
    person = ranked[0]
    Match.objects.filter(worker=person).delete()  # only the matches made here
    now = timezone.now()
    Match.objects.bulk_create(
        [
            Match(
                help_request=open_request(haringey_manager, START, title=f"Request {n}"),
                worker=person,
                score=50,
                reasons=["covers 1 of 1 specialism"],
                computed_at=now,
            )
            for n in range(size)
        ]
    )
    client.force_login(person)

    with django_assert_num_queries(8):
        response = client.get(reverse("my_matches"))

    assert response.content.decode().count("Covers 1 of 1 specialism") == min(size, 25)


# --- In a browser, with axe-core ----------------------------------------------------


FIRST = re.compile(r"^1\. ")


def _signed_in_as(page, client, live_server, person) -> None:
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_host_invites_from_an_accessible_list_and_the_worker_sees_their_matches(
    page, client, live_server, haringey_manager, help_request, ranked
):
    matching_services.match_worker(worker=ranked[1])
    _signed_in_as(page, client, live_server, haringey_manager)
    visit(page, help_request.get_absolute_url())
    follow(page, page.get_by_role("button", name="See ranked candidates"))
    expect(page.get_by_role("heading", level=3, name=FIRST)).to_have_text(
        "1. Nadia Neighbour, Camden"
    )

    follow(page, page.get_by_role("button", name="Invite Nadia Neighbour"))

    expect(page.get_by_text("Nadia Neighbour has been invited")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name=FIRST)).to_have_text("1. Colin Camden, Camden")
    expect(page.get_by_role("link", name="Application: Nadia Neighbour")).to_be_visible()

    _signed_in_as(page, client, live_server, ranked[1])
    visit(page, reverse("dashboard"))
    follow(page, page.get_by_role("link", name="Requests that match you"))
    expect(page.get_by_role("link", name="Cover for the assessment team")).to_be_visible()
    expect(page.get_by_text("Camden borders Haringey, 7 km")).to_be_visible()
