"""The candidates page lists the people who applied to the request, or were
invited, with the same score and reasons as the ranked candidates."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import services as matching_services
from matching.ranking import rank_candidates
from secondments import services
from tests.factories import ApplicationFactory, WorkerFactory
from tests.matching_people import open_request, place_on_map, worker

pytestmark = pytest.mark.django_db

START = timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def help_request(haringey_manager, camden, haringey, hackney):
    for borough in (camden, haringey, hackney):
        place_on_map(borough)
    haringey.neighbours.add(camden)
    return open_request(haringey_manager, START, title="Cover for the assessment team")


def _section(page: str, heading_id: str) -> str:
    """The text of one section of the page, from its heading to the next h2."""
    start = page.index(f'id="{heading_id}"')
    end = page.find("<h2", start)
    part = page[start : end if end != -1 else None]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())


def _page(client, person, help_request) -> str:
    # The matching worker ranks after the changes above; the page reads its rows.
    matching_services.match_request(help_request=help_request)
    client.force_login(person)
    response = client.get(reverse("request_candidates", args=[help_request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_applicants_are_listed_with_their_score_and_reasons(
    client, haringey_manager, help_request, camden
):
    volunteer = worker("Vera Volunteer", camden, for_request=help_request, years=9)
    score = rank_candidates(help_request, workers=[volunteer.pk])[0].score
    application = services.application_volunteer(help_request=help_request, by=volunteer)

    page = _page(client, haringey_manager, help_request)

    applicants = _section(page, "applicants")
    assert "Applicants (1)" in applicants
    assert f"Application: Vera Volunteer from Camden Offered to help {score} out of 100" in (
        applicants
    )
    assert "Camden borders Haringey, 7 km" in applicants
    assert "Qualified 9 years, at least 2 asked for" in applicants
    assert f'href="{application.get_absolute_url()}"' in page
    # Among the applicants, so not offered again as a candidate to invite.
    assert "Vera Volunteer" not in _section(page, "candidates")
    assert "Invite Vera Volunteer" not in _section(page, "candidates")


def test_an_invited_worker_is_listed_among_the_applicants(
    client, haringey_manager, help_request, hackney
):
    invited = worker("Ian Invited", hackney, for_request=help_request)
    services.application_invite(help_request=help_request, worker=invited, by=haringey_manager)

    applicants = _section(_page(client, haringey_manager, help_request), "applicants")

    assert "Application: Ian Invited from Hackney Invited" in applicants
    assert "Hackney is 6 km from Haringey" in applicants


def test_applicants_are_scored_even_when_they_miss_a_hard_filter(
    client, haringey_manager, help_request, camden
):
    # Available for the first week only: never a candidate, but they applied.
    partly = worker(
        "Petra Partly",
        camden,
        for_request=help_request,
        available=(help_request.starts_on, help_request.starts_on + datetime.timedelta(days=6), 5),
    )
    services.application_volunteer(help_request=help_request, by=partly)

    applicants = _section(_page(client, haringey_manager, help_request), "applicants")

    assert re.search(r"Petra Partly .* \d+ out of 100", applicants)
    assert "Camden borders Haringey" in applicants


def test_applicants_are_listed_best_match_first(client, haringey_manager, help_request, camden):
    for name, years in (("Newer Nell", 3), ("Older Olga", 9)):
        services.application_volunteer(
            help_request=help_request,
            by=worker(name, camden, for_request=help_request, years=years),
        )

    applicants = _section(_page(client, haringey_manager, help_request), "applicants")

    assert applicants.index("Older Olga") < applicants.index("Newer Nell")


def test_an_applicant_whose_profile_cannot_be_scored_is_still_listed(
    client, haringey_manager, help_request, camden
):
    ApplicationFactory(
        help_request=help_request,
        worker=WorkerFactory(
            borough=camden, full_name="Una Unscored", worker_profile__job_level=None
        ),
    )

    applicants = _section(_page(client, haringey_manager, help_request), "applicants")

    assert "Una Unscored" in applicants
    assert "Not scored Their profile has no job level or qualification date" in applicants


def test_withdrawn_applications_are_not_listed(client, haringey_manager, help_request, camden):
    gone = worker("Walt Withdrawn", camden, for_request=help_request)
    application = services.application_volunteer(help_request=help_request, by=gone)
    services.application_withdraw(application=application, by=gone)

    page = _page(client, haringey_manager, help_request)

    assert "Applicants (0)" in page and "Nobody has applied yet." in page
    assert "Walt Withdrawn" not in page


def test_a_coordinator_sees_the_applicants(client, coordinator, help_request, camden):
    volunteer = worker("Vera Volunteer", camden, for_request=help_request)
    services.application_volunteer(help_request=help_request, by=volunteer)

    applicants = _section(_page(client, coordinator, help_request), "applicants")

    assert "Vera Volunteer" in applicants and "out of 100" in applicants
