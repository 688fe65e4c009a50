"""Every detail page and dashboard costs the same number of queries however much
it shows: each is measured with a little data and with a lot.

Every count includes what any signed-in page costs: the session, the user, the
MFA check (managers and coordinators), the unread count in the header and the
person's own borough in the banner (everyone but coordinators). Sign-in happens
before the measured request: it writes an audit row and the session.
"""

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Specialism, TravelScope
from audit.services import audit_record
from boroughs.models import FundingModel
from learning.events import services as event_services
from learning.models import SupervisionSession
from learning.references import services as reference_services
from money.agreements.services import agreement_amend, agreement_propose, agreement_record
from money.models import AgencyDayRate, TimesheetStatus
from money.timesheets import services as timesheet_services
from people import services as people_services
from secondments import services
from secondments.models import PlacementStatus
from tests.factories import (
    BoroughFactory,
    LearningEventFactory,
    MatchFactory,
    PlacementFactory,
    UserFactory,
    WorkerFactory,
    WorkerProfileFactory,
    worked_week,
)
from tests.request_input import request_data
from tests.supervision_setup import newly_qualified_placement

pytestmark = pytest.mark.django_db

SIZES = [2, 30]
TODAY = timezone.localdate()


# --- Building the data with the services -----------------------------------------


def _published(manager, **overrides):
    draft = services.help_request_create(by=manager, data=request_data(places=1, **overrides))
    return services.help_request_publish(help_request=draft, by=manager)


def _worker(borough, full_name: str = "", **profile):
    user = UserFactory(borough=borough, **({"full_name": full_name} if full_name else {}))
    WorkerProfileFactory(user=user, **profile)
    return user


def _history(obj, size: int, *, action: str, actors) -> None:
    """`size` more audit events about `obj`, like those reminders and escalations
    leave, by the given people in turn (None: the service itself)."""
    for n, actor in zip(range(size), itertools.cycle(actors), strict=False):
        audit_record(actor=actor, action=action, obj=obj, reason=f"Noted {n}")


def _offer(profile, size: int) -> None:
    """The worker's profile names `size` specialisms, willing boroughs and
    availability periods, each saved through the services as the worker would."""
    specialisms = list(Specialism.objects.all()[:size])
    specialisms += [
        Specialism.objects.create(name=f"Specialism {n}", area=Specialism.Area.BOTH)
        for n in range(size - len(specialisms))
    ]
    willing = [BoroughFactory(name=f"Willing borough {n}") for n in range(size)]
    people_services.worker_profile_update(
        profile=profile,
        data={
            "specialisms": specialisms,
            "travel_scope": TravelScope.CHOSEN,
            "willing_boroughs": willing,
        },
        by=profile.user,
    )
    for n in range(size):
        starts_on = TODAY + datetime.timedelta(days=14 + 10 * n)
        people_services.availability_add(
            profile=profile,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=5),
            days_per_week=3,
            by=profile.user,
        )


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


# A social worker's pages cost one query more than they did: the two-factor
# middleware asks whether they have an authenticator (a session that skipped
# the second factor is signed out).
def _get(client, url: str, queries: int, django_assert_num_queries) -> str:
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Application page -------------------------------------------------------------


# The page's own: the application (with its request, boroughs and the worker's
# profile), its history with who made each change, its message thread with
# each author's borough; and the facts to decide on: the worker's
# availability, willing boroughs, open applications with their placements,
# both sides' specialisms, and the worker's match.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("viewer", "queries"),
    [("haringey_manager", 14), ("camden_manager", 14), ("camden_worker", 14), ("coordinator", 13)],
)
def test_application_page_query_count_does_not_grow(
    client, request, haringey_manager, camden_manager, camden_worker, coordinator, hackney,
    hackney_manager, django_assert_num_queries, viewer, queries, size,
):  # fmt: skip
    _offer(camden_worker.worker_profile, size)
    help_request = _published(haringey_manager, specialisms=Specialism.objects.all()[:size])
    # Other people's offers on the same request are not this page's business.
    for _ in range(size):
        services.application_volunteer(help_request=help_request, by=_worker(hackney))
    for n in range(size):
        elsewhere = _published(hackney_manager, title=f"Elsewhere {n}")
        services.application_volunteer(help_request=elsewhere, by=camden_worker)
        far = TODAY + datetime.timedelta(days=400 + 10 * n)
        PlacementFactory(
            worker=camden_worker,
            help_request__borough=hackney,
            help_request__starts_on=far,
            help_request__ends_on=far + datetime.timedelta(days=5),
        )
    MatchFactory(
        help_request=help_request,
        worker=camden_worker,
        reasons=[f"reason {n}" for n in range(size)],
    )
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    application = services.application_select(application=application, by=haringey_manager)
    _history(
        application,
        size,
        action="application_escalated",
        actors=[None, coordinator, camden_manager, haringey_manager],
    )
    client.force_login(request.getfixturevalue(viewer))

    page = _get(client, application.get_absolute_url(), queries, django_assert_num_queries)

    assert "Wendy Worker, Camden" in page
    assert f"Noted {size - 1}" in page
    assert "Harry Manager" in page
    assert f"Elsewhere {size - 1}" in page
    assert f"Reason {size - 1}" in page
    assert f"{TODAY + datetime.timedelta(days=400 + 10 * (size - 1)):%-d %b %Y}" in page


# --- Placement page ---------------------------------------------------------------


# The page's own: the placement (with its boroughs, request and application, and
# its first-day details on its own row) and its history with who made each change.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("viewer", "queries"),
    # The two boroughs' managers and coordinators also see the cost so far beside
    # an agency's: signed-off days by month, the region's agency rates, the
    # worker's job level (home/placement_page.py).
    [("haringey_manager", 10), ("camden_manager", 10), ("camden_worker", 7), ("coordinator", 9)],
)
def test_placement_page_query_count_does_not_grow(
    client, request, haringey_manager, camden_manager, camden_worker, coordinator,
    django_assert_num_queries, viewer, queries, size,
):  # fmt: skip
    help_request = _published(haringey_manager)
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)
    placement = services.application_approve(application=application, by=coordinator)
    services.placement_arrangements_update(
        placement=placement,
        data={
            "report_to_address": "River Park House, London N22 8HQ",
            "host_contact_phone": "020 7946 0123",
            "working_days": ["mon", "tue", "wed"],
        },
        by=haringey_manager,
    )
    _history(
        placement,
        size,
        action="placement_reminder_sent",
        actors=[None, coordinator, camden_manager, haringey_manager],
    )
    client.force_login(request.getfixturevalue(viewer))

    page = _get(client, placement.get_absolute_url(), queries, django_assert_num_queries)

    assert "Wendy Worker in Haringey" in page
    assert "River Park House, London N22 8HQ" in page  # the first-day details, at no cost
    assert f"Noted {size - 1}" in page
    assert "Cora Ordinator" in page


# --- Person page ------------------------------------------------------------------


# The page's own: the person (with borough, team and profile), their specialisms,
# willing boroughs and availability, and the borough's teams to move them between.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("coordinator", 9), ("camden_manager", 10)])
def test_person_page_query_count_does_not_grow(
    client, request, camden_worker, camden_manager, camden_team,
    django_assert_num_queries, viewer, queries, size,
):  # fmt: skip
    _offer(camden_worker.worker_profile, size)
    client.force_login(request.getfixturevalue(viewer))

    page = _get(
        client,
        reverse("person_detail", args=[camden_worker.pk]),
        queries,
        django_assert_num_queries,
    )

    assert f"Willing borough {size - 1}" in page
    last = TODAY + datetime.timedelta(days=14 + 10 * (size - 1))
    assert f"{last:%-d %B %Y}" in page


# --- Profile page -----------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_profile_page_query_count_does_not_grow(
    client, camden_worker, django_assert_num_queries, size
):
    _offer(camden_worker.worker_profile, size)
    client.force_login(camden_worker)

    # The profile, its specialisms, willing boroughs and availability.
    page = _get(client, reverse("profile"), 9, django_assert_num_queries)

    assert f"Willing borough {size - 1}" in page
    assert page.count("availability from") == 2 * size


# --- Borough page -----------------------------------------------------------------


# The page's own: the borough, its neighbours, its teams and its agreements (with
# both boroughs of each); its reciprocity ledger (signed-off days by placement
# and the agency rates; the placements too once there are any); its place in the
# pressure league table (the DfE figures and the recent monthly reports).
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 13), ("hackney_manager", 13)])
def test_borough_page_query_count_does_not_grow(
    client, request, camden, coordinator, django_assert_num_queries, viewer, queries, size
):
    for n in range(size):
        camden.neighbours.add(BoroughFactory(name=f"Neighbour {n}"))
        people_services.team_create(borough=camden, name=f"Team {n}", by=coordinator)
        agreement_record(
            borough_a=camden,
            borough_b=BoroughFactory(name=f"Partner {n}"),
            funding_model=FundingModel.HOME_FUNDED,
            starts_on=TODAY,
            by=coordinator,
        )
    client.force_login(request.getfixturevalue(viewer))

    page = _get(
        client,
        reverse("borough_detail", args=[camden.gss_code]),
        queries,
        django_assert_num_queries,
    )

    assert f"Neighbour {size - 1}" in page
    assert f"Team {size - 1}" in page
    assert f"Partner {size - 1}" in page


# --- Team page --------------------------------------------------------------------


# The page's own: the team with its borough, and its members with their profiles.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 7), ("camden_worker", 7)])
def test_team_page_query_count_does_not_grow(
    client, request, camden, camden_team, camden_manager, django_assert_num_queries,
    viewer, queries, size,
):  # fmt: skip
    for n in range(size):
        member = UserFactory(borough=camden, full_name=f"Member {n}")
        WorkerProfileFactory(user=member)
        people_services.person_set_team(person=member, team=camden_team, by=camden_manager)
    # A manager in the team has no worker profile: the page shows their role instead.
    people_services.person_set_team(person=camden_manager, team=camden_team, by=camden_manager)
    client.force_login(request.getfixturevalue(viewer))

    page = _get(
        client, reverse("team_detail", args=[camden_team.pk]), queries, django_assert_num_queries
    )

    assert f"Member {size - 1}" in page
    assert page.count("\N{EN DASH} Social worker") == size
    assert "Cara Manager \N{EN DASH} Borough manager" in _text(page)


# --- Dashboards -------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_worker_dashboard_query_count_does_not_grow(
    client, camden_worker, django_assert_num_queries, size
):
    _offer(camden_worker.worker_profile, size)
    # A placement `size` weeks in, no week recorded yet.
    PlacementFactory(
        worker=camden_worker,
        status=PlacementStatus.ACTIVE,
        help_request__starts_on=TODAY - datetime.timedelta(days=TODAY.weekday() + 7 * size),
        help_request__ends_on=TODAY + datetime.timedelta(days=5),
    )
    client.force_login(camden_worker)

    # The profile, whether it has specialisms, willing boroughs and availability
    # (what is missing), the availability itself and the booked placements set
    # against it; applications in progress and matches, each the first rows
    # and how many in all (tests/test_dashboards.py); the placements with
    # timesheets to record and their recorded weeks (two more since timesheets);
    # crisis offers waiting for them to agree (one more since crisis calls).
    page = _get(client, reverse("dashboard"), 18, django_assert_num_queries)

    assert "Your profile is complete." in page
    assert f"Timesheets to submit ({size})" in page
    assert _text(page).count(" days a week Free") == size


@pytest.mark.parametrize("size", SIZES)
def test_manager_dashboard_query_count_does_not_grow(
    client, camden, camden_manager, haringey_manager, django_assert_num_queries, size
):
    help_request = _published(haringey_manager)
    for n in range(size):
        team = people_services.team_create(borough=camden, name=f"Team {n}", by=camden_manager)
        worker = _worker(camden, registration_verified=n % 2 == 0)
        people_services.person_set_team(person=worker, team=team, by=camden_manager)
        if worker.worker_profile.registration_verified:
            application = services.application_volunteer(help_request=help_request, by=worker)
            services.application_select(application=application, by=haringey_manager)
    worker.full_name = "Newest Worker"
    worker.save(update_fields=["full_name"])
    # A Haringey worker in Camden, `size` weeks submitted, half signed off.
    _weeks_of_timesheets(_worker(haringey_manager.borough), camden_manager, size)
    client.force_login(camden_manager)

    # Applicants, releases to decide, escalations, timesheets to sign off, open
    # requests, people arriving and leaving: each the first rows and how many in
    # all (the timesheets two more since timesheets); the placements and staff
    # in the headline numbers (tests/test_dashboards.py); the drafts count;
    # agreements waiting for an answer; whether this month's pressure report
    # is in; crisis calls waiting for an answer (the first rows and how many).
    page = _get(client, reverse("dashboard"), 26, django_assert_num_queries)

    assert f"Timesheets waiting for your sign-off ({size // 2})" in page
    assert f"Releases to decide ({(size + 1) // 2})" in page
    assert f'<span class="app-stat">{size + 1}</span> staff in Camden' in page


@pytest.mark.parametrize("size", SIZES)
def test_coordinator_dashboard_query_count_does_not_grow(
    client, coordinator, camden_manager, haringey_manager, django_assert_num_queries, size
):
    help_request = _published(haringey_manager)
    for n in range(size):
        borough = BoroughFactory(name=f"Borough with staff {n}")
        _worker(borough, f"Unchecked {n}", registration_verified=False)
        worker = _worker(camden_manager.borough)
        application = services.application_volunteer(help_request=help_request, by=worker)
        services.application_select(application=application, by=haringey_manager)
        services.application_release(application=application, by=camden_manager)
    client.force_login(coordinator)

    # Approvals, registrations and escalated releases: each the first rows and
    # how many in all; how many registrations have expired or expire soon; the
    # three headline numbers (tests/test_dashboards.py); agreement proposals
    # waiting; requests to remove personal data waiting.
    page = _get(client, reverse("dashboard"), 16, django_assert_num_queries)

    assert "Unchecked 0" in page
    assert f"Registrations to check ({size})" in page
    assert f"Placements waiting for approval ({size})" in page


# --- Timesheets -------------------------------------------------------------------


def _weeks_of_timesheets(worker, host_manager, weeks: int):
    """A placement in the host's borough, `weeks` weeks in, every week submitted
    with a half day; every other one signed off, the rest waiting."""
    first_monday = TODAY - datetime.timedelta(days=TODAY.weekday() + 7 * (weeks - 1))
    placement = PlacementFactory(
        worker=worker,
        status=PlacementStatus.ACTIVE,
        help_request__borough=host_manager.borough,
        help_request__created_by=host_manager,
        help_request__starts_on=first_monday,
        help_request__ends_on=TODAY + datetime.timedelta(days=60),
    )
    for n in range(weeks):
        monday = first_monday + datetime.timedelta(days=7 * n)
        timesheet = timesheet_services.timesheet_submit(
            placement=placement,
            week_starting=monday,
            days={monday: Decimal("1"), monday + datetime.timedelta(days=1): Decimal("0.5")}
            if monday < TODAY
            else {monday: Decimal("0.5")},
            by=worker,
        )
        if n % 2 == 0:
            timesheet_services.timesheet_sign_off(timesheet=timesheet, by=host_manager)
    return placement


TIMESHEET_WEEKS = [2, 12]


# The page's own: the placement (with its people and boroughs) and its
# timesheets with who signed each off.
@pytest.mark.parametrize("weeks", TIMESHEET_WEEKS)
@pytest.mark.parametrize(
    ("viewer", "queries"),
    [("haringey_manager", 7), ("camden_manager", 7), ("camden_worker", 7), ("coordinator", 6)],
)
def test_timesheets_page_query_count_does_not_grow(
    client, request, haringey_manager, camden_manager, camden_worker, coordinator,
    django_assert_num_queries, viewer, queries, weeks,
):  # fmt: skip
    placement = _weeks_of_timesheets(camden_worker, haringey_manager, weeks)
    client.force_login(request.getfixturevalue(viewer))

    page = _get(
        client,
        reverse("placement_timesheets", args=[placement.pk]),
        queries,
        django_assert_num_queries,
    )

    assert page.count("Signed off by Harry Manager") == (weeks + 1) // 2
    assert _text(page).count("Waiting for sign-off") == weeks // 2


# The page's own: the placement, the week's timesheet with who signed it off
# or queried it, and its days.
@pytest.mark.parametrize("weeks", TIMESHEET_WEEKS)
@pytest.mark.parametrize(
    ("viewer", "queries"),
    [("haringey_manager", 8), ("camden_manager", 8), ("camden_worker", 8), ("coordinator", 7)],
)
def test_timesheet_week_page_query_count_does_not_grow(
    client, request, haringey_manager, camden_manager, camden_worker, coordinator,
    django_assert_num_queries, viewer, queries, weeks,
):  # fmt: skip
    placement = _weeks_of_timesheets(camden_worker, haringey_manager, weeks)
    first = placement.timesheets.first()
    client.force_login(request.getfixturevalue(viewer))

    page = _get(
        client,
        reverse("timesheet_week", args=[placement.pk, first.week_starting.isoformat()]),
        queries,
        django_assert_num_queries,
    )

    assert "this week is locked" in page
    assert "Half day (½)" in page


# --- Recharge statements and the reciprocity ledger -------------------------------


def _statement_history(camden, haringey, size: int) -> None:
    """`size` Camden workers in Haringey in October 2026: a signed-off week and
    a week waiting for sign-off each, and a worker lent the other way."""
    for n in range(size):
        for home, host in ((camden, haringey), (haringey, camden)):
            placement = PlacementFactory(
                worker=WorkerFactory(borough=home, full_name=f"Worker {n} of {home}"),
                status=PlacementStatus.ACTIVE,
                help_request__borough=host,
                help_request__starts_on=datetime.date(2026, 10, 5),
                help_request__ends_on=datetime.date(2026, 10, 18),
                help_request__funding_model=FundingModel.DAY_RATE,
            )
            worked_week(placement, datetime.date(2026, 10, 5), {0: "1", 1: "0.5"})
            worked_week(placement, datetime.date(2026, 10, 12), 2, status=TimesheetStatus.SUBMITTED)
    AgencyDayRate.objects.create(region="London", job_level=1, day_rate="450.00")


# The page's own: both boroughs, the statement's versions, the placements with
# their workers' profiles, their signed-off days, the agency rates and their
# timesheets (for the weeks not signed off).
@pytest.mark.parametrize("size", SIZES)
def test_statement_page_query_count_does_not_grow(
    client, camden, haringey, camden_manager, django_assert_num_queries, size
):
    _statement_history(camden, haringey, size)
    client.force_login(camden_manager)

    page = _get(
        client,
        reverse("statement_detail", args=[camden.gss_code, haringey.gss_code, "2026-10"]),
        11,
        django_assert_num_queries,
    )

    assert f"Worker {size - 1} of Camden" in _text(page)
    assert f"{size} weeks are not signed off yet" in page


# The page's own: the placements, their signed-off days by month, every
# borough, and the statements issued (a coordinator's borough filter reuses them).
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 9), ("coordinator", 9)])
def test_statement_list_query_count_does_not_grow(
    client, request, camden, haringey, django_assert_num_queries, viewer, queries, size
):
    _statement_history(camden, haringey, size)
    client.force_login(request.getfixturevalue(viewer))

    page = _text(_get(client, reverse("statement_list"), queries, django_assert_num_queries))

    assert "October 2026 : Camden to Haringey" in page
    assert "October 2026 : Haringey to Camden" in page


# The page's own: signed-off days by placement, the placements with their
# boroughs and workers' profiles, the agency rates, and every borough.
@pytest.mark.parametrize("size", SIZES)
def test_ledger_report_query_count_does_not_grow(
    client, camden, haringey, coordinator, django_assert_num_queries, size
):
    _statement_history(camden, haringey, size)
    client.force_login(coordinator)

    page = _text(_get(client, reverse("ledger_report"), 8, django_assert_num_queries))

    assert f"Camden {size * 1.5:g} {size * 1.5:g} 0" in page


# The page's own: the borough, signed-off days by placement, the placements
# with their boroughs and workers' profiles, and the agency rates.
@pytest.mark.parametrize("size", SIZES)
def test_borough_ledger_query_count_does_not_grow(
    client, camden, haringey, camden_manager, django_assert_num_queries, size
):
    _statement_history(camden, haringey, size)
    client.force_login(camden_manager)

    page = _text(
        _get(
            client,
            reverse("borough_ledger", args=[camden.gss_code]),
            9,
            django_assert_num_queries,
        )
    )

    assert f"Haringey {size * 1.5:g} {size * 1.5:g} 0" in page


# --- Agreements -------------------------------------------------------------------


def _agreements(size: int, camden, coordinator, camden_manager) -> None:
    """`size` agreements in force with Camden, and `size` proposals from Camden."""
    for n in range(size):
        agreement_record(
            borough_a=camden,
            borough_b=BoroughFactory(name=f"Partner {n}"),
            funding_model=FundingModel.DAY_RATE,
            day_rate=300 + n,
            starts_on=TODAY,
            by=coordinator,
        )
        agreement_propose(
            from_borough=camden,
            to_borough=BoroughFactory(name=f"Asked {n}"),
            funding_model=FundingModel.HOME_FUNDED,
            starts_on=TODAY,
            by=camden_manager,
        )


# The page's own: the agreements with their boroughs and proposer (coordinators:
# and the boroughs to filter by).
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 6), ("coordinator", 6)])
def test_agreement_list_query_count_does_not_grow(
    client, request, camden, coordinator, camden_manager, django_assert_num_queries,
    viewer, queries, size,
):  # fmt: skip
    _agreements(size, camden, coordinator, camden_manager)
    client.force_login(request.getfixturevalue(viewer))

    page = _get(client, reverse("agreement_list"), queries, django_assert_num_queries)

    assert f"Partner {size - 1}" in page
    assert f"Asked {size - 1}" in page


# The page's own: the agreement with its boroughs and proposer, and its history
# with who made each change.
@pytest.mark.parametrize("size", SIZES)
def test_agreement_detail_query_count_does_not_grow(
    client, camden, hackney, camden_manager, hackney_manager, django_assert_num_queries, size
):
    agreement = agreement_propose(
        from_borough=camden,
        to_borough=hackney,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY,
        by=camden_manager,
    )
    for n in range(size):
        proposer, answerer = (hackney_manager, camden_manager)[:: 1 if n % 2 == 0 else -1]
        agreement = agreement_amend(
            agreement=agreement,
            funding_model=FundingModel.DAY_RATE,
            day_rate=300 + n,
            starts_on=TODAY,
            by=proposer,
        )
    client.force_login(answerer)

    page = _get(client, agreement.get_absolute_url(), 7, django_assert_num_queries)

    assert page.count("Agreement terms amended") == size
    assert f"£{300 + size - 1}.00 a day" in page


# --- Supervision record (learning.supervision) -------------------------------------


# The page's own: the placement (with its request, people and boroughs) and its
# sessions with who recorded each.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("viewer", "queries"),
    [("haringey_manager", 7), ("camden_manager", 7), ("camden_worker", 7), ("coordinator", 6)],
)
def test_supervision_page_query_count_does_not_grow(
    client, request, haringey, haringey_manager, camden_manager, camden_worker, coordinator,
    django_assert_num_queries, viewer, queries, size,
):  # fmt: skip
    placement = newly_qualified_placement(camden_worker, haringey)
    recorders = itertools.cycle([haringey_manager, coordinator])
    SupervisionSession.objects.bulk_create(
        SupervisionSession(
            placement=placement,
            held_on=placement.starts_on + datetime.timedelta(days=n % 25),
            note=f"Session {n}",
            recorded_by=next(recorders),
        )
        for n in range(size)
    )
    client.force_login(request.getfixturevalue(viewer))

    page = _get(
        client,
        reverse("placement_supervision", args=[placement.pk]),
        queries,
        django_assert_num_queries,
    )

    assert page.count("Session ") >= size
    assert "Cora Ordinator" in page


# --- References and placement ratings (learning) ------------------------------------

REFERENCE_SCORES = {
    "practice": 4,
    "recording": 3,
    "teamwork": 5,
    "reliability": 4,
    "would_host_again": True,
}
RATING_SCORES = {"induction": 4, "supervision": 3, "workload": 4, "support": 5}


def _references(worker, host, host_manager, size: int) -> list:
    placements = []
    for n in range(size):
        placement = PlacementFactory(
            worker=worker,
            help_request__borough=host,
            help_request__title=f"Placement {n}",
            status=PlacementStatus.COMPLETED,
        )
        reference_services.reference_give(
            placement=placement,
            data=REFERENCE_SCORES | {"comments": f"Comment {n}"},
            by=host_manager,
        )
        placements.append(placement)
    return placements


# The page's own: the worker with their borough, their references with each
# author, host and request, and the count of completed placements still waiting.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("viewer", "queries"), [("camden_worker", 8), ("camden_manager", 8), ("coordinator", 7)]
)
def test_person_references_query_count_does_not_grow(
    client, request, camden_worker, haringey, haringey_manager, django_assert_num_queries,
    viewer, queries, size,
):  # fmt: skip
    _references(camden_worker, haringey, haringey_manager, size)
    client.force_login(request.getfixturevalue(viewer))

    url = reverse("person_references", args=[camden_worker.pk])
    page = _get(client, url, queries, django_assert_num_queries)

    assert f"Comment {size - 1}" in page
    assert _text(page).count("Given by Harry Manager") == size


# The page's own: the placement with its people, its reference with its author.
# The number of the worker's other references changes nothing.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("viewer", "queries"), [("haringey_manager", 7), ("camden_manager", 7), ("camden_worker", 7)]
)
def test_placement_reference_query_count_does_not_grow(
    client, request, camden_worker, haringey, haringey_manager, django_assert_num_queries,
    viewer, queries, size,
):  # fmt: skip
    placement = _references(camden_worker, haringey, haringey_manager, size)[-1]
    client.force_login(request.getfixturevalue(viewer))

    url = reverse("placement_reference", args=[placement.pk])
    page = _get(client, url, queries, django_assert_num_queries)

    assert f"Comment {size - 1}" in page


# The page's own: the borough and one aggregate over its ratings, however many.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("haringey_manager", 7), ("coordinator", 6)])
def test_borough_ratings_query_count_does_not_grow(
    client, request, camden, haringey, haringey_manager, coordinator,
    django_assert_num_queries, viewer, queries, size,
):  # fmt: skip
    for _ in range(size):
        worker = WorkerFactory(borough=camden)
        placement = PlacementFactory(
            worker=worker, help_request__borough=haringey, status=PlacementStatus.COMPLETED
        )
        reference_services.placement_rate(
            placement=placement,
            data=RATING_SCORES | {"would_recommend": True},
            by=worker,
        )
    client.force_login(request.getfixturevalue(viewer))

    url = reverse("borough_ratings", args=[haringey.gss_code])
    page = _get(client, url, queries, django_assert_num_queries)

    if size >= 3:
        assert f"Averages of {size} ratings" in page
    else:
        assert "Shown once at least 3 social workers have rated placements here" in page


# --- Learning events ---------------------------------------------------------------


def _events_with_bookings(host_manager, size: int):
    """`size` Haringey events, the first with `size` bookings and `size` waiting."""
    events = [
        LearningEventFactory(
            borough=host_manager.borough, created_by=host_manager, capacity=size, title=f"Event {n}"
        )
        for n in range(size)
    ]
    for event in events:
        event.specialisms.set(Specialism.objects.all()[:2])
    for n in range(size * 2):
        booker = _worker(host_manager.borough, full_name=f"Booker {n}")
        event_services.booking_make(event=events[0], by=booker)
    return events


# The page's own: the count and page of events with places taken (one
# query), and the filters' boroughs and specialisms.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_worker", 9), ("coordinator", 8)])
def test_event_list_query_count_does_not_grow(
    client, request, haringey_manager, camden_worker, coordinator,
    django_assert_num_queries, viewer, queries, size,
):  # fmt: skip
    _events_with_bookings(haringey_manager, size)
    client.force_login(request.getfixturevalue(viewer))

    page = _text(_get(client, reverse("event_list"), queries, django_assert_num_queries))

    assert f"{size} events" in page
    assert "Full \u2013 waiting list" in page


# The page's own: the event with places taken, its specialisms, the viewer's
# own booking; the host's bookings with each person's borough, and a
# manager's staff waiting for their agreement.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("viewer", "queries"), [("haringey_manager", 11), ("camden_worker", 9), ("coordinator", 8)]
)
def test_event_page_query_count_does_not_grow(
    client, request, haringey_manager, camden_worker, coordinator,
    django_assert_num_queries, viewer, queries, size,
):  # fmt: skip
    event = _events_with_bookings(haringey_manager, size)[0]
    client.force_login(request.getfixturevalue(viewer))

    page = _text(_get(client, event.get_absolute_url(), queries, django_assert_num_queries))

    assert event.title in page
    assert ("Booker 0" in page) == (viewer != "camden_worker")
