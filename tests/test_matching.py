"""Matching a crafted population to a Haringey request: exactly the right people
pass the hard filters, in the designed order, for the designed reasons.

Each worker's name says why they pass or fail.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import JobLevel, Role
from boroughs.models import Agreement, FundingModel
from matching.ranking import (
    eligible_profiles,
    matches_for_worker,
    rank_candidates,
    years_before,
)
from money.models import TimesheetStatus
from secondments.models import Application, ApplicationStatus, PlacementStatus
from tests.factories import worked_week
from tests.matching_people import (
    borough,
    open_request,
    place_on_map,
    placement,
    specialisms,
    worker,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)
START = datetime.date(2027, 3, 15)
END = START + datetime.timedelta(days=90)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(
        datetime.datetime(2027, 3, 1, 10, 0, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield


@pytest.fixture
def london(camden, haringey, hackney):
    for place in (camden, haringey, hackney):
        place_on_map(place)
    haringey.neighbours.add(camden, hackney)
    return {
        "Camden": camden,
        "Haringey": haringey,
        "Hackney": hackney,
        "Westminster": borough("Westminster"),
        "Croydon": borough("Croydon"),
    }


@pytest.fixture
def skills():
    return specialisms("Child protection", "Children in need", "Court work and care proceedings")


@pytest.fixture
def assessment_request(haringey_manager, london, skills):
    """Senior practitioner, 2 years qualified, 3 specialisms, 3 days a week."""
    return open_request(
        haringey_manager,
        START,
        job_level=JobLevel.SENIOR_PRACTITIONER,
        min_years_qualified=2,
        specialisms=skills,
        days_per_week=3,
    )


@pytest.fixture
def population(assessment_request, london, skills, haringey_manager):
    request = assessment_request
    camden, haringey, hackney = london["Camden"], london["Haringey"], london["Hackney"]
    westminster, croydon = london["Westminster"], london["Croydon"]
    # Hackney and Haringey lend each other staff under an agreement.
    low, high = sorted([haringey, hackney], key=lambda b: b.pk)
    Agreement.objects.create(
        borough_a=low,
        borough_b=high,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=datetime.date(2026, 1, 1),
    )

    def make(name, home, **kwargs):
        return worker(name, home, for_request=request, **kwargs)

    passing = {
        "Ideal Camden neighbour": make("Ideal Camden neighbour", camden, skills=skills),
        "Camden with a cancelled placement on these dates": make(
            "Camden with a cancelled placement on these dates", camden, years=3, skills=skills
        ),
        "Westminster that Haringey has lent to": make(
            "Westminster that Haringey has lent to", westminster, years=2, skills=skills
        ),
        "Hackney advanced practitioner under the agreement": make(
            "Hackney advanced practitioner under the agreement",
            hackney,
            level=JobLevel.ADVANCED_PRACTITIONER,
            years=4,
            skills=skills[:2],
        ),
        "Camden placed once this year": make("Camden placed once this year", camden),
        "Croydon team manager": make(
            "Croydon team manager",
            croydon,
            level=JobLevel.TEAM_MANAGER,
            years=20,
            skills=skills[:1],
        ),
    }
    failing = {
        "Not opted in": make("Not opted in", camden, skills=skills, open_to_matching=False),
        "Registration not verified": make("Registration not verified", camden, verified=False),
        "Registration expires the day before the request ends": make(
            "Registration expires the day before the request ends", camden, expires_on=END - DAY
        ),
        "Works for Haringey, the host": make("Works for Haringey, the host", haringey),
        "Not willing to work in Haringey": make(
            "Not willing to work in Haringey", camden, willing=[hackney]
        ),
        "Available until a day before the end": make(
            "Available until a day before the end", camden, available=(START, END - DAY, 5)
        ),
        "Available from a day after the start": make(
            "Available from a day after the start", camden, available=(START + DAY, END, 5)
        ),
        "Available only 2 days a week": make(
            "Available only 2 days a week", camden, available=(START, END, 2)
        ),
        "Booked on the request's first day": make("Booked on the request's first day", camden),
        "Social worker, a level too low": make(
            "Social worker, a level too low", camden, level=JobLevel.SOCIAL_WORKER
        ),
        "A day short of 2 years qualified": make(
            "A day short of 2 years qualified",
            camden,
            qualified_on=years_before(START, 2) + DAY,
        ),
        "Already applied": make("Already applied", camden),
        "Account switched off": make("Account switched off", camden, is_active=False),
        "A manager, not a social worker": make(
            "A manager, not a social worker", camden, role=Role.MANAGER
        ),
    }
    # Haringey lent one of its own staff to Westminster last year: 13 weeks, 3 days a week.
    placement(
        failing["Works for Haringey, the host"],
        westminster,
        datetime.date(2026, 6, 1),
        datetime.date(2026, 8, 30),
        status=PlacementStatus.COMPLETED,
    )
    placement(
        passing["Camden placed once this year"],
        hackney,
        datetime.date(2026, 9, 1),
        datetime.date(2026, 11, 30),
        status=PlacementStatus.COMPLETED,
    )
    placement(
        passing["Camden with a cancelled placement on these dates"],
        hackney,
        START,
        END,
        status=PlacementStatus.CANCELLED,
    )
    placement(failing["Booked on the request's first day"], hackney, START - 30 * DAY, START)
    Application.objects.create(
        help_request=request, worker=failing["Already applied"], status=ApplicationStatus.INTERESTED
    )
    return passing, failing


def test_exactly_the_workers_who_meet_every_hard_filter_are_candidates(
    assessment_request, population
):
    passing, failing = population

    eligible = set(eligible_profiles(assessment_request).values_list("user__full_name", flat=True))

    assert eligible == set(passing)
    assert eligible.isdisjoint(failing)


def test_candidates_are_ranked_by_the_designed_score(assessment_request, population):
    ranked = rank_candidates(assessment_request)

    assert [(c.worker.full_name, c.score) for c in ranked] == [
        ("Ideal Camden neighbour", 95),
        ("Camden with a cancelled placement on these dates", 87),
        ("Westminster that Haringey has lent to", 80),
        ("Hackney advanced practitioner under the agreement", 79),
        ("Camden placed once this year", 55),
        ("Croydon team manager", 50),
    ]
    for candidate in ranked:
        assert sum(points for _part, points in candidate.points) == candidate.score


def test_every_candidate_gets_the_reasons_behind_their_score(assessment_request, population):
    reasons = {c.worker.full_name: c.reasons for c in rank_candidates(assessment_request)}

    assert reasons["Ideal Camden neighbour"] == [
        "covers 3 of 3 specialisms",
        "senior practitioner, the level asked for",
        "qualified 8 years, at least 2 asked for",
        "Camden borders Haringey, 7 km",
        "Haringey has lent more placement-days than it has borrowed",
        "no placement in the last year",
    ]
    assert reasons["Westminster that Haringey has lent to"] == [
        "covers 3 of 3 specialisms",
        "senior practitioner, the level asked for",
        "qualified 2 years, at least 2 asked for",
        "Westminster is 11 km from Haringey",
        "Westminster has received 39 days from Haringey and given 0 (planned days: not yet worked)",
        "no placement in the last year",
    ]
    assert reasons["Hackney advanced practitioner under the agreement"] == [
        "covers 2 of 3 specialisms",
        "advanced practitioner, above the senior practitioner level asked for",
        "qualified 4 years, at least 2 asked for",
        "Hackney borders Haringey, 6 km",
        "Haringey and Hackney have a reciprocal agreement",
        "no placement in the last year",
    ]
    assert reasons["Camden placed once this year"][0] == "covers 0 of 3 specialisms"
    assert reasons["Camden placed once this year"][-1] == "1 placement in the last year"
    assert reasons["Croydon team manager"][3] == "Croydon is 24 km from Haringey"


def test_a_limit_keeps_the_best_ranked(assessment_request, population):
    ranked = rank_candidates(assessment_request, limit=2)

    assert [c.worker.full_name for c in ranked] == [
        "Ideal Camden neighbour",
        "Camden with a cancelled placement on these dates",
    ]


def test_newly_qualified_workers_match_only_requests_that_suit_them(haringey_manager, london):
    camden = london["Camden"]
    not_for_newly_qualified = open_request(
        haringey_manager, START, job_level=JobLevel.SOCIAL_WORKER, min_years_qualified=0
    )
    for_newly_qualified = open_request(
        haringey_manager,
        START,
        job_level=JobLevel.SOCIAL_WORKER,
        min_years_qualified=0,
        newly_qualified_suitable=True,
        supervisor_name="Sam Patel",
        protected_caseload=12,
        supervision_frequency="weekly",
    )
    newly = worker(
        "Qualified six months before the start",
        camden,
        for_request=for_newly_qualified,
        level=JobLevel.SOCIAL_WORKER,
        qualified_on=START - 182 * DAY,
    )
    one_year = worker(
        "Qualified exactly a year before the start",
        camden,
        for_request=for_newly_qualified,
        level=JobLevel.SOCIAL_WORKER,
        years=1,
    )

    assert [c.worker for c in rank_candidates(not_for_newly_qualified)] == [one_year]
    ranked = {c.worker: c for c in rank_candidates(for_newly_qualified)}
    assert set(ranked) == {newly, one_year}
    assert ranked[newly].newly_qualified
    assert "newly qualified: supervised by Sam Patel" in ranked[newly].reasons
    assert "qualified less than a year" in ranked[newly].reasons
    assert not any("newly qualified" in reason for reason in ranked[one_year].reasons)


def test_a_worker_sees_the_same_matches_and_reasons_as_the_hosts_do(
    assessment_request, population, haringey_manager, hackney_manager, london
):
    passing, _failing = population
    ideal = passing["Ideal Camden neighbour"]
    # A second request, in Hackney, that the ideal worker is not willing to work in.
    open_request(hackney_manager, START, job_level=JobLevel.SOCIAL_WORKER)
    smaller = open_request(
        haringey_manager,
        START + DAY,
        ends_on=END,
        job_level=JobLevel.SOCIAL_WORKER,
        min_years_qualified=0,
    )

    matches = matches_for_worker(ideal)

    assert [m.help_request for m in matches] == [assessment_request, smaller]
    from_host = next(c for c in rank_candidates(assessment_request) if c.worker == ideal)
    assert (matches[0].score, matches[0].reasons) == (from_host.score, from_host.reasons)


def test_a_worker_who_opted_out_matches_nothing(assessment_request, population):
    passing, _failing = population
    ideal = passing["Ideal Camden neighbour"]
    ideal.worker_profile.open_to_matching = False
    ideal.worker_profile.save()

    assert matches_for_worker(ideal) == []


def test_reciprocity_counts_signed_off_days_once_a_placement_has_timesheets(
    haringey_manager, london, skills
):
    """Once a placement is worked, its signed-off days count, not the plan;
    weeks not signed off count for nothing."""
    haringey, hackney = london["Haringey"], london["Hackney"]
    request = open_request(haringey_manager, START, specialisms=skills)
    lent = placement(
        worker("Haringey's own", haringey, for_request=request),
        hackney,
        datetime.date(2026, 6, 1),
        datetime.date(2026, 8, 30),
        status=PlacementStatus.COMPLETED,
    )
    worked_week(lent, datetime.date(2026, 6, 1), {0: "1", 1: "1", 2: "0.5"})
    worked_week(lent, datetime.date(2026, 6, 8), 3, status=TimesheetStatus.SUBMITTED)
    make = worker("Hackney worker", hackney, for_request=request, skills=skills)

    reasons = {c.worker.full_name: c.reasons for c in rank_candidates(request)}

    assert make.full_name in reasons
    assert (
        "Hackney has received 2.5 days from Haringey and given 0 (signed-off days)"
        in reasons["Hackney worker"]
    )
