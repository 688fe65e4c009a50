"""Each role's dashboard is a work list: what is waiting for them, each item a
working link, capped lists that say how many more there are, nothing from
another borough, and plain words when there is nothing to show."""

import datetime
import html
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, WorkerProfile
from home.demo.people import COORDINATOR_EMAIL, DEMO_EMAIL_DOMAIN
from secondments.models import (
    Application,
    ApplicationStatus,
    PlacementStatus,
    RequestStatus,
    Urgency,
)
from secondments.working_days import working_days_between
from tests.factories import (
    ApplicationFactory,
    AvailabilityFactory,
    HelpRequestFactory,
    MatchFactory,
    PlacementFactory,
    WorkerFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
NOTHING_WAITING = "Nothing is waiting for you."


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _text(page: str) -> str:
    """The page as read: cells and lines apart, inline markup run together."""
    page = re.sub(r"<(br|/td|/th|/p|/li|/dd|/dt|/h\d)\b[^>]*>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def _opens(client, page: str, url: str) -> None:
    """The dashboard links to `url`, and the person signed in can open it."""
    assert f'href="{url}"' in page.replace("&amp;", "&")
    assert client.get(url).status_code == 200, url


def _headline(page: str, url: str) -> int:
    """The number a dashboard shows in its headline link to `url`."""
    match = re.search(rf'href="{re.escape(url)}"><span class="app-stat">(\d+)</span>', page)
    assert match, f"no headline links to {url}"
    return int(match.group(1))


def _selected(worker, help_request, *, days_ago: int, escalated: bool = False):
    selected_at = timezone.now() - days_ago * DAY
    return ApplicationFactory(
        worker=worker,
        help_request=help_request,
        status=ApplicationStatus.SELECTED,
        selected_at=selected_at,
        release_escalated_at=timezone.now() if escalated else None,
    )


# --- Borough manager ---------------------------------------------------------------


@pytest.fixture
def haringey_request(haringey, haringey_manager):
    return HelpRequestFactory(
        borough=haringey, created_by=haringey_manager, title="Haringey assessments", places=2
    )


def test_the_host_manager_sees_each_applicant_with_a_link(
    client, haringey_manager, haringey_request, camden
):
    applicant = ApplicationFactory(
        help_request=haringey_request, worker=WorkerFactory(borough=camden, full_name="Ada Able")
    )

    page = _page(client, haringey_manager)

    assert "Applicants to review (1)" in page
    assert "Ada Able" in page and "from Camden" in page
    _opens(client, page, applicant.get_absolute_url())
    assert NOTHING_WAITING not in page


def test_the_home_manager_sees_releases_longest_waiting_first_in_working_days(
    client, camden_manager, camden, haringey_request
):
    newer = _selected(WorkerFactory(borough=camden, full_name="Newer Ned"), haringey_request,
                      days_ago=1)  # fmt: skip
    older = _selected(WorkerFactory(borough=camden, full_name="Older Olu"), haringey_request,
                      days_ago=9)  # fmt: skip

    page = _page(client, camden_manager)

    assert "Releases to decide (2)" in page
    assert page.index("Older Olu") < page.index("Newer Ned")
    waited = working_days_between(timezone.localdate(older.selected_at), TODAY)
    assert f"{waited} working days" in _text(page)
    for application in (newer, older):
        _opens(client, page, application.get_absolute_url())


def test_the_home_manager_sees_releases_escalated_to_the_coordinators(
    client, camden_manager, camden, haringey_request
):
    escalated = _selected(
        WorkerFactory(borough=camden, full_name="Esme Escalated"),
        haringey_request,
        days_ago=10,
        escalated=True,
    )

    page = _page(client, camden_manager)

    assert "Escalated to the coordinators (1)" in page
    assert "Releases to decide (0)" in page
    _opens(client, page, escalated.get_absolute_url())


def test_the_manager_sees_their_open_requests_with_how_many_places_are_filled(
    client, haringey_manager, haringey_request, haringey
):
    PlacementFactory(help_request=haringey_request)
    HelpRequestFactory(borough=haringey, status=RequestStatus.DRAFT, title="Not yet published")

    page = _page(client, haringey_manager)

    assert "1 of 2 places filled" in page
    assert "Not yet published" not in page
    _opens(client, page, haringey_request.get_absolute_url())


def test_the_manager_sees_people_arriving_and_leaving_in_the_next_30_days(
    client, haringey_manager, haringey, camden
):
    arriving = PlacementFactory(
        help_request__borough=haringey,
        help_request__starts_on=TODAY + 10 * DAY,
        worker=WorkerFactory(borough=camden, full_name="Arriving Ari"),
    )
    leaving = PlacementFactory(
        status=PlacementStatus.ACTIVE,
        help_request__borough=camden,
        help_request__starts_on=TODAY - 60 * DAY,
        help_request__ends_on=TODAY + 20 * DAY,
        worker=WorkerFactory(borough=haringey, full_name="Leaving Lee"),
    )
    PlacementFactory(
        help_request__borough=haringey,
        help_request__starts_on=TODAY + 45 * DAY,
        worker=WorkerFactory(borough=camden, full_name="Later Lou"),
    )

    page = _page(client, haringey_manager)
    text = _text(page)

    assert "Coming to Haringey (1)" in text
    assert f"Arriving Ari's placement from Camden Starts {TODAY + 10 * DAY:%-d %b %Y}" in text
    assert "Haringey staff going out (1)" in text
    assert f"Leaving Lee's placement to Camden Ends {TODAY + 20 * DAY:%-d %b %Y}" in text
    assert "Later Lou" not in page
    for placement in (arriving, leaving):
        _opens(client, page, placement.get_absolute_url())


def test_the_manager_headline_numbers_link_to_the_lists_they_count(
    client, camden_manager, camden, haringey_request
):
    for n in range(3):
        _selected(WorkerFactory(borough=camden), haringey_request, days_ago=n, escalated=n == 0)
    PlacementFactory(help_request__borough=camden)
    PlacementFactory(worker=WorkerFactory(borough=camden))

    page = _page(client, camden_manager)

    assert _headline(page, reverse("release_queue")) == 3
    assert "3 releases waiting" in client.get(reverse("release_queue")).content.decode()
    assert _headline(page, reverse("placement_list")) == 2
    staff = reverse("staff_list", args=[camden.gss_code])
    # Cara Manager, the manager who posted Camden's request, four social workers.
    assert _headline(page, staff) == 6
    _opens(client, page, staff)


def test_a_long_list_shows_ten_and_says_how_many_more(client, haringey_manager, haringey_request):
    for _ in range(12):
        ApplicationFactory(help_request=haringey_request)

    page = _page(client, haringey_manager)

    assert "Applicants to review (12)" in page
    assert page.count("'s offer to help") == 10
    assert "2 more not shown here. View all 12 applicants" in _text(page)
    _opens(client, page, reverse("our_requests"))


def test_another_borough_never_appears_on_a_managers_dashboard(
    client, hackney_manager, camden, haringey_request
):
    # Haringey's applicant from Camden, Camden's staff waiting for release and
    # going out: none of it is Hackney's business.
    ApplicationFactory(help_request=haringey_request,
                       worker=WorkerFactory(borough=camden, full_name="Camden Applicant"))  # fmt: skip
    _selected(WorkerFactory(borough=camden, full_name="Camden Staff"), haringey_request,
              days_ago=8, escalated=True)  # fmt: skip
    PlacementFactory(worker=WorkerFactory(borough=camden, full_name="Camden Traveller"))

    page = _page(client, hackney_manager)

    for name in ("Camden Applicant", "Camden Staff", "Camden Traveller", "Haringey assessments"):
        assert name not in page
    assert NOTHING_WAITING in page


def test_a_manager_with_nothing_waiting_is_told_so_in_plain_words(client, hackney_manager):
    text = _text(_page(client, hackney_manager))

    assert NOTHING_WAITING in text
    assert "No applicants are waiting for a decision." in text
    assert "None of your staff are waiting to be released." in text
    assert "No releases of your staff have been escalated." in text
    assert "Hackney has no open help requests." in text
    assert "Nobody starts or finishes a placement in Hackney in the next 30 days." in text


# --- Social worker ---------------------------------------------------------------


def test_the_worker_sees_their_applications_with_who_acts_next(
    client, camden_worker, haringey_request
):
    selected = _selected(camden_worker, haringey_request, days_ago=1)
    ApplicationFactory(worker=camden_worker, status=ApplicationStatus.WITHDRAWN,
                       help_request__title="Given up on")  # fmt: skip

    page = _page(client, camden_worker)

    assert "Your applications in progress (1)" in page
    assert "Selected by host Waiting for Camden to release you" in _text(page)
    assert "Given up on" not in page
    _opens(client, page, selected.get_absolute_url())
    _opens(client, page, reverse("my_applications"))


def test_the_worker_sees_their_current_placement_and_availability_booked_against_it(
    client, camden_worker
):
    current = PlacementFactory(worker=camden_worker, status=PlacementStatus.ACTIVE,
                               help_request__borough__name="Islington")  # fmt: skip
    profile = camden_worker.worker_profile
    AvailabilityFactory(profile=profile, starts_on=current.starts_on, ends_on=current.ends_on)
    AvailabilityFactory(profile=profile, starts_on=TODAY + 200 * DAY, ends_on=TODAY + 230 * DAY)

    page = _page(client, camden_worker)
    text = _text(page)

    assert "Your current placement" in text
    _opens(client, page, current.get_absolute_url())
    assert f"Islington, {current.starts_on:%-d %b} to {current.ends_on:%-d %b %Y}" in text
    assert f"{TODAY + 230 * DAY:%-d %b %Y} 3 days a week Free" in text


def test_the_worker_sees_their_five_best_matches_and_how_many_more(client, camden_worker, haringey):
    for score in range(60, 67):
        MatchFactory(worker=camden_worker, score=score,
                     help_request__borough=haringey, help_request__title=f"Match {score}")  # fmt: skip

    page = _page(client, camden_worker)

    assert "Match 66" in page and "66 out of 100" in page
    assert "Match 61" not in page
    assert "2 more not shown here." in page
    _opens(client, page, reverse("my_matches"))


@pytest.mark.parametrize(
    ("profile", "warning"),
    [
        ({"registration_number": None}, "Add your Social Work England registration number"),
        ({"registration_verified": False, "registration_verified_at": None},
         "A coordinator has not checked your registration yet."),
        ({"registration_expires_on": TODAY + 30 * DAY},
         f"Your registration expires on {TODAY + 30 * DAY:%-d %B %Y}."),
        ({"registration_expires_on": TODAY - DAY},
         f"Your registration expired on {TODAY - DAY:%-d %B %Y}."),
    ],
)  # fmt: skip
def test_the_worker_is_warned_about_their_registration(client, camden_worker, profile, warning):
    WorkerProfile.objects.filter(user=camden_worker).update(**profile)

    page = _page(client, camden_worker)

    assert 'class="govuk-warning-text"' in page
    assert warning in page


def test_a_worker_with_nothing_booked_or_matched_is_told_so(client, camden_worker):
    page = _page(client, camden_worker)
    text = _text(page)

    assert 'class="govuk-warning-text"' not in page
    assert "You have no applications in progress." in text
    assert "You have no placement booked." in text
    assert "No open requests match you at the moment." in text
    assert "You have not added any availability yet." in text


# --- Coordinator -----------------------------------------------------------------


def test_the_coordinator_sees_approvals_registrations_and_escalations(
    client, coordinator, camden, haringey_request
):
    released = ApplicationFactory(help_request=haringey_request, status=ApplicationStatus.RELEASED)
    escalated = _selected(WorkerFactory(borough=camden), haringey_request, days_ago=10,
                          escalated=True)  # fmt: skip
    _selected(WorkerFactory(borough=camden, full_name="Not Escalated"), haringey_request,
              days_ago=1)  # fmt: skip
    unchecked = {"registration_verified": False, "registration_verified_at": None}
    expired = WorkerFactory(worker_profile__registration_expires_on=TODAY - DAY,
                            worker_profile__registration_number="SW900001",
                            **{f"worker_profile__{k}": v for k, v in unchecked.items()})  # fmt: skip
    expiring = WorkerFactory(worker_profile__registration_expires_on=TODAY + 20 * DAY,
                             **{f"worker_profile__{k}": v for k, v in unchecked.items()})  # fmt: skip

    page = _page(client, coordinator)
    text = _text(page)

    assert "Placements waiting for approval (1)" in text
    _opens(client, page, released.get_absolute_url())
    assert "Releases escalated to you (1)" in text
    assert "Not Escalated" not in page
    _opens(client, page, escalated.get_absolute_url())
    assert "Registrations to check (2)" in text
    assert "1 has expired: ask the worker to renew. 1 expires within 60 days." in text
    # Expired first, flagged, with no Verify button: it cannot be verified.
    assert f"SW900001 Expired on {TODAY - DAY:%-d %b %Y}" in text
    assert text.index(str(expired)) < text.index(str(expiring))
    assert f"Verify {expired}" not in text and f"Verify {expiring}" in text
    assert f"Expires soon on {TODAY + 20 * DAY:%-d %b %Y}" in text
    _opens(client, page, reverse("person_detail", args=[expired.pk]))


def test_the_coordinator_headline_numbers_link_to_the_lists_they_count(client, coordinator):
    HelpRequestFactory(urgency=Urgency.CRISIS, title="Crisis one")
    HelpRequestFactory(urgency=Urgency.CRISIS, status=RequestStatus.FILLED)
    HelpRequestFactory(urgency=Urgency.ROUTINE)
    PlacementFactory(help_request__starts_on=TODAY.replace(day=1))

    page = _page(client, coordinator)

    assert _headline(page, reverse("request_list")) == 2
    crisis = f"{reverse('request_list')}?urgency=crisis"
    assert _headline(page, crisis) == 1
    assert "Crisis one" in client.get(crisis).content.decode()
    assert _headline(page, reverse("placement_list")) == 1
    _opens(client, page, crisis)


def test_the_coordinators_long_registration_queue_says_how_many_more(client, coordinator):
    for _ in range(12):
        WorkerFactory(worker_profile__registration_verified=False,
                      worker_profile__registration_verified_at=None)  # fmt: skip

    page = _page(client, coordinator)

    assert "2 more not shown here. View all 12 registrations to check" in _text(page)
    _opens(client, page, f"{reverse('people')}?show=awaiting")


def test_a_coordinator_with_nothing_waiting_is_told_so(client, coordinator):
    text = _text(_page(client, coordinator))

    assert NOTHING_WAITING in text
    assert "No placements are waiting for approval." in text
    assert "No registrations are waiting to be checked." in text
    assert "No releases have been escalated to you." in text


# --- Query counts: the same however long each list is ----------------------------

SIZES = [2, 30]


def _count(client, user, queries: int, django_assert_num_queries) -> str:
    client.force_login(user)
    with django_assert_num_queries(queries):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


# Every signed-in page's own (session, user, MFA check, unread count, the
# borough in the banner), then: applicants, releases to decide, escalations,
# timesheets waiting for sign-off, open requests, arriving and leaving, each its
# rows and its count; the placements and staff counted in the headline numbers;
# agreements waiting; this month's pressure report.
@pytest.mark.parametrize("size", SIZES)
def test_manager_dashboard_query_count_does_not_grow(
    client, haringey_manager, haringey, camden, size, django_assert_num_queries
):
    for n in range(size):
        help_request = HelpRequestFactory(borough=haringey, places=2)
        ApplicationFactory(help_request=help_request)
        elsewhere = HelpRequestFactory(borough=camden)
        _selected(WorkerFactory(borough=haringey), elsewhere, days_ago=n, escalated=n % 2 == 0)
        PlacementFactory(help_request__borough=haringey, help_request__starts_on=TODAY + DAY)
        PlacementFactory(worker=WorkerFactory(borough=haringey),
                         help_request__starts_on=TODAY + DAY)  # fmt: skip

    # 26: one for this month's pressure report, two for the crisis calls waiting for an answer.
    page = _count(client, haringey_manager, 26, django_assert_num_queries)

    text = _text(page)
    assert f"Applicants to review ({size})" in text
    assert f"Releases to decide ({size // 2})" in text
    assert f"Escalated to the coordinators ({(size + 1) // 2})" in text
    assert f"Coming to Haringey ({size})" in text
    assert f"Haringey staff going out ({size})" in text
    assert text.count("0 of 2 places filled") == min(size, 10)


# Every signed-in page's own (as above), then: the profile, what is missing from
# it (specialisms, willing boroughs, availability), the availability periods,
# the booked placements, applications in progress and matches, each its rows
# and its count; the placements with timesheets to record and their recorded weeks.
@pytest.mark.parametrize("size", SIZES)
def test_worker_dashboard_query_count_does_not_grow(
    client, camden_worker, haringey, size, django_assert_num_queries
):
    profile = camden_worker.worker_profile
    for n in range(size):
        ApplicationFactory(worker=camden_worker, help_request__borough=haringey)
        MatchFactory(worker=camden_worker, help_request__borough=haringey)
        starts_on = TODAY + (10 + 20 * n) * DAY
        AvailabilityFactory(profile=profile, starts_on=starts_on, ends_on=starts_on + 9 * DAY)
        PlacementFactory(worker=camden_worker, help_request__starts_on=starts_on,
                         help_request__ends_on=starts_on + 5 * DAY)  # fmt: skip

    # 18: one for the crisis offers waiting for the worker.
    page = _count(client, camden_worker, 18, django_assert_num_queries)

    assert f"Your applications in progress ({size})" in page
    assert "Your next placement" in page
    # The next placement, and each availability period's booking.
    assert page.count('href="/placements/') == 1 + size
    assert "Free" not in _text(page).split()


# Every signed-in page's own (session, user, MFA check, unread count), then:
# approvals, registrations and escalations, each its rows and its count; how
# many registrations have expired or expire soon; the three headline numbers;
# agreement proposals waiting for an answer.
@pytest.mark.parametrize("size", SIZES)
def test_coordinator_dashboard_query_count_does_not_grow(
    client, coordinator, camden, haringey_request, size, django_assert_num_queries
):
    for n in range(size):
        ApplicationFactory(help_request=haringey_request, status=ApplicationStatus.RELEASED)
        _selected(WorkerFactory(borough=camden), haringey_request, days_ago=n, escalated=True)
        WorkerFactory(worker_profile__registration_verified=False,
                      worker_profile__registration_verified_at=None,
                      worker_profile__registration_expires_on=TODAY + (n - 1) * DAY)  # fmt: skip
        HelpRequestFactory(urgency=Urgency.CRISIS)
        PlacementFactory(help_request__starts_on=TODAY.replace(day=1))

    # 16: the erasure requests waiting (UK GDPR, issue 12) are one count more.
    page = _count(client, coordinator, 16, django_assert_num_queries)

    text = _text(page)
    assert f"Placements waiting for approval ({size})" in text
    assert f"Registrations to check ({size})" in text
    assert f"Releases escalated to you ({size})" in text
    assert _headline(page, f"{reverse('request_list')}?urgency=crisis") == size


# --- The demo ---------------------------------------------------------------------


def test_the_demo_dashboards_each_have_work_waiting(client, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=io.StringIO())

    def manager(borough: str) -> str:
        user = User.objects.get(email=f"manager1.{borough.lower()}@{DEMO_EMAIL_DOMAIN}")
        return _text(_page(client, user))

    haringey = manager("Haringey")
    # A Camden and an Islington worker, and the Camden worker who agreed to
    # Haringey's crisis call (home/demo/pressure_crisis.py).
    assert "Applicants to review (3)" in haringey
    assert "0 of 2 places filled" in haringey
    assert "Escalated to the coordinators (1)" in manager("Camden")
    assert "Releases to decide (1)" in manager("Barnet")
    assert "Coming to Islington (1)" in manager("Islington")
    assert "Enfield staff going out (1)" in manager("Enfield")
    coordinator = _text(_page(client, User.objects.get(email=COORDINATOR_EMAIL)))
    assert "Placements waiting for approval (1)" in coordinator
    assert "Releases escalated to you (1)" in coordinator
    assert "Registrations to check (0)" not in coordinator and " Expired on " in coordinator
    escalated = Application.objects.escalated().get()
    worker = _text(_page(client, escalated.worker))
    assert "Your applications in progress (1)" in worker


def test_a_manager_reaches_every_money_page_from_the_dashboard(client, camden_manager, camden):
    page = _page(client, camden_manager)

    for href in (
        reverse("agreement_list"),
        reverse("statement_list"),
        reverse("borough_ledger", args=[camden.gss_code]),
        reverse("recharge_salaries", args=[camden.gss_code]),
        reverse("agency_rates"),
    ):
        _opens(client, page, href)


def test_a_coordinator_reaches_every_money_page_from_the_dashboard(client, coordinator):
    page = _page(client, coordinator)

    for href in (
        f"{reverse('agreement_list')}?status=proposed",
        reverse("statement_list"),
        reverse("ledger_report"),
        reverse("agency_rates"),
    ):
        _opens(client, page, href)
