"""The candidates page reads the stored ranking (Match rows the matching worker
keeps fresh) instead of ranking every worker on each view: it says when the
list was ranked, drops at once anyone who stopped fitting, and while a request
has never been ranked says so and queues the ranking once."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import services as matching_services
from matching.models import Match, Ranking
from secondments import services
from secondments.models import HelpRequest, PlacementStatus, RequestStatus
from tests.matching_people import open_request, place_on_map, placement, request_data, worker

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
    people = {
        "Nadia Neighbour": worker("Nadia Neighbour", camden, for_request=help_request, years=9),
        "Colin Camden": worker("Colin Camden", camden, for_request=help_request, years=3),
        "Harriet Hackney": worker("Harriet Hackney", hackney, for_request=help_request, years=3),
    }
    matching_services.match_request(help_request=help_request)
    return people


@pytest.fixture
def queued(monkeypatch):
    """The tasks the page queues, recorded instead of sent."""
    sent = []
    monkeypatch.setattr(matching_services, "enqueue", lambda *args: sent.append(args) or True)
    return sent


def _candidates(client, manager, help_request) -> str:
    """The text of the "available for all of these dates" section."""
    client.force_login(manager)
    response = client.get(reverse("request_candidates", args=[help_request.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="candidates"')
    part = page[start : page.find("<h2", start)]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())


def test_the_page_shows_the_stored_ranking_and_when_it_was_made(
    client, haringey_manager, help_request, ranked
):
    Ranking.objects.filter(help_request=help_request).update(
        ranked_at=timezone.now() - datetime.timedelta(minutes=5, seconds=10)
    )

    section = _candidates(client, haringey_manager, help_request)

    assert "Ranked 5 minutes ago" in section
    names = ["Nadia Neighbour", "Colin Camden", "Harriet Hackney"]
    assert sorted(names, key=section.index) == names
    assert "Camden borders Haringey, 7 km" in section
    assert "Told about this request" in section


def test_a_worker_changed_after_ranking_keeps_their_stored_place_until_ranked_again(
    client, haringey_manager, help_request, ranked
):
    harriet = ranked["Harriet Hackney"].worker_profile
    harriet.qualified_on = harriet.qualified_on - datetime.timedelta(days=6 * 365)
    harriet.save()

    before = _candidates(client, haringey_manager, help_request)
    matching_services.match_request(help_request=help_request)
    after = _candidates(client, haringey_manager, help_request)

    assert "Qualified 3 years" in before and "Qualified 9 years" not in before.split("Harriet")[1]
    assert "Ranked just now" in after
    assert after.index("Harriet Hackney") < after.index("Colin Camden")


def test_a_worker_booked_on_these_dates_disappears_at_once(
    client, haringey_manager, help_request, ranked, hackney
):
    placement(
        ranked["Nadia Neighbour"],
        hackney,
        START + 10 * DAY,
        START + 40 * DAY,
        status=PlacementStatus.CONFIRMED,
    )

    section = _candidates(client, haringey_manager, help_request)

    assert "Nadia Neighbour" not in section
    assert "Colin Camden" in section
    assert Match.objects.filter(worker=ranked["Nadia Neighbour"]).exists()  # until recomputed


@pytest.mark.parametrize(
    "change",
    [
        {"open_to_matching": False},
        {"registration_verified": False},
        {"registration_expires_on": START + 30 * DAY},
    ],
    ids=["opted out", "registration unverified", "registration ends too soon"],
)
def test_a_worker_who_stopped_fitting_disappears_at_once(
    client, haringey_manager, help_request, ranked, change
):
    profile = ranked["Nadia Neighbour"].worker_profile
    for field, value in change.items():
        setattr(profile, field, value)
    profile.save()

    section = _candidates(client, haringey_manager, help_request)

    assert "Nadia Neighbour" not in section
    assert "Colin Camden" in section


def test_a_deactivated_worker_disappears_at_once(client, haringey_manager, help_request, ranked):
    person = ranked["Colin Camden"]
    person.is_active = False
    person.save()

    assert "Colin Camden" not in _candidates(client, haringey_manager, help_request)


def test_a_worker_who_applied_moves_to_the_applicants_at_once(
    client, haringey_manager, help_request, ranked
):
    services.application_volunteer(help_request=help_request, by=ranked["Nadia Neighbour"])

    section = _candidates(client, haringey_manager, help_request)

    assert "Nadia Neighbour" not in section
    assert "Applicants (1)" in _page(client, help_request)


def _page(client, help_request) -> str:
    return client.get(reverse("request_candidates", args=[help_request.pk])).content.decode()


def test_a_request_never_ranked_says_so_and_queues_its_ranking_once(
    client, haringey_manager, help_request, camden, queued
):
    worker("Nadia Neighbour", camden, for_request=help_request)

    first = _candidates(client, haringey_manager, help_request)
    second = _candidates(client, haringey_manager, help_request)

    assert "Candidates are being ranked" in first and "Candidates are being ranked" in second
    assert "Nadia Neighbour" not in first
    assert queued == [("matching.tasks.match_request", help_request.pk)]
    assert not Match.objects.exists()  # nothing ranked inline


def test_once_ranked_the_candidates_replace_the_waiting_message(
    client, haringey_manager, help_request, camden, queued
):
    worker("Nadia Neighbour", camden, for_request=help_request)
    _candidates(client, haringey_manager, help_request)

    matching_services.match_request(help_request=help_request)  # the queued task runs
    section = _candidates(client, haringey_manager, help_request)

    assert "Candidates are being ranked" not in section
    assert "Nadia Neighbour" in section


def test_a_request_ranked_with_nobody_says_so_and_queues_nothing(
    client, haringey_manager, help_request, queued
):
    matching_services.match_request(help_request=help_request)

    section = _candidates(client, haringey_manager, help_request)

    assert "Ranked just now" in section
    assert "No social worker matches this request yet" in section
    assert queued == []


def test_a_draft_is_ranked_once_published(client, haringey_manager, camden, queued):
    for borough in (camden, haringey_manager.borough):
        place_on_map(borough)
    draft = services.help_request_create(by=haringey_manager, data=request_data(START))

    section = _candidates(client, haringey_manager, draft)

    assert "Candidates are ranked once the request is published" in section
    assert queued == []


def _near_section(client, manager, help_request) -> str:
    client.force_login(manager)
    page = _page(client, help_request)
    start = page.index('id="near-matches"')
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page[start:])).split())


def test_near_matches_are_kept_until_ranked_again_and_someone_booked_drops_off(
    client, haringey_manager, help_request, camden, hackney
):
    half = (START, START + 30 * DAY, 5)
    hal = worker("Hal Half", camden, for_request=help_request, available=half)
    worker("Nia Near", camden, for_request=help_request, available=half)
    matching_services.match_request(help_request=help_request)
    assert "Hal Half" in _near_section(client, haringey_manager, help_request)

    worker("Newt Newcomer", camden, for_request=help_request, available=half)
    placement(hal, hackney, START, START + 10 * DAY, status=PlacementStatus.CONFIRMED)
    kept = _near_section(client, haringey_manager, help_request)
    matching_services.match_request(help_request=help_request)
    ranked_again = _near_section(client, haringey_manager, help_request)

    assert "Hal Half" not in kept and "Nia Near" in kept
    assert "Newt Newcomer" not in kept  # until the request is ranked again
    assert "Newt Newcomer" in ranked_again


def test_a_request_closed_before_it_was_ranked_queues_nothing(
    client, haringey_manager, help_request, queued
):
    HelpRequest.objects.filter(pk=help_request.pk).update(status=RequestStatus.CLOSED)
    help_request.refresh_from_db()

    section = _candidates(client, haringey_manager, help_request)

    assert "Ranked" not in section and "being ranked" not in section
    assert "No social worker matches this request yet" in section
    assert queued == []
