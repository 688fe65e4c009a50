"""manage.py seed_scale: a country's worth of data for benchmarks, the same
rows for the same seed, and never beside real people."""

import datetime
import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings

from accounts.models import Role, User, WorkerProfile
from boroughs.loading import load_boroughs
from boroughs.models import Borough, Region
from home.scale import SCALE_DOMAIN
from learning.models import Booking, BookingStatus
from matching.ranking.filters import eligible_profiles
from money.models import Timesheet, TimesheetStatus
from secondments.models import (
    Application,
    ApplicationStatus,
    HelpRequest,
    Placement,
    PlacementStatus,
    RequestStatus,
)
from tests.factories import ensure_specialisms

TODAY = datetime.date(2027, 2, 1)
CHECKED_TABLES = (
    "accounts_user",
    "accounts_workerprofile",
    "accounts_workerprofile_specialisms",
    "accounts_workerprofile_willing_boroughs",
    "accounts_availability",
    "secondments_helprequest",
    "secondments_application",
    "secondments_placement",
    "money_timesheet",
    "learning_booking",
    "boroughs_pressurereport",
)


def seed(**options) -> tuple[str, str]:
    """Run the command as a person would; returns what it printed (out, err)."""
    out, err = io.StringIO(), io.StringIO()
    options = {"workers": 300, "requests": 300, "today": TODAY.isoformat(), **options}
    arguments = [f"--{name}={value}" for name, value in options.items()]
    ensure_specialisms()
    with override_settings(DEMO_MODE=True):
        call_command("seed_scale", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed(seed=3)
        transaction.set_rollback(True)


def checksums() -> dict[str, str]:
    """A digest of every row of the main tables, in id order."""
    sums = {}
    with connection.cursor() as cursor:
        for table in CHECKED_TABLES:
            cursor.execute(
                f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {table} t"
            )
            sums[table] = cursor.fetchone()
    return sums


def seeded_checksums(seed_number: int) -> dict[str, str]:
    """Seed, take the checksums, then undo it all: as good as a fresh database,
    since the seed numbers its rows from each table's largest id."""
    with transaction.atomic():
        seed(seed=seed_number, workers=150, requests=60)
        sums = checksums()
        transaction.set_rollback(True)
    return sums


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_rows_and_another_seed_others():
    # The authorities first, so that both runs find them (and their ids) in place.
    load_boroughs()

    first, again, other = seeded_checksums(5), seeded_checksums(5), seeded_checksums(6)

    assert first == again
    assert first["accounts_user"][0] == 150 + 153 * 3 + 10
    assert first["accounts_workerprofile"] != other["accounts_workerprofile"]
    assert first["secondments_helprequest"] != other["secondments_helprequest"]


def test_all_153_authorities_have_teams_and_managers_and_every_region_a_coordinator(seeded, db):
    assert Borough.objects.count() == 153
    assert not Borough.objects.filter(teams__isnull=True).exists()
    assert not Borough.objects.exclude(members__role=Role.MANAGER).exists()
    national = User.objects.get(email=f"coordinator@{SCALE_DOMAIN}")
    assert national.coordinated_regions is None
    covered = User.objects.filter(coordinator_regions__isnull=False).values_list(
        "coordinator_regions__region", flat=True
    )
    assert set(covered) == set(Region.values)


def test_requests_applications_placements_and_timesheets_are_in_every_state(seeded, db):
    def states(model) -> set[str]:
        return set(model.objects.values_list("status", flat=True))

    assert states(HelpRequest) == set(RequestStatus.values)
    assert states(Application) == set(ApplicationStatus.values)
    assert states(Placement) == set(PlacementStatus.values)
    assert states(Timesheet) == set(TimesheetStatus.values)
    assert {BookingStatus.BOOKED, BookingStatus.CANCELLED} <= states(Booking)
    open_share = HelpRequest.objects.open().count() / HelpRequest.objects.count()
    assert 0.5 < open_share < 0.75


def test_most_workers_are_verified_in_date_and_open_to_matching(seeded, db):
    profiles = WorkerProfile.objects.all()
    assert profiles.count() == 300
    matchable = profiles.filter(
        registration_verified=True,
        registration_expires_on__gte=TODAY,
        open_to_matching=True,
        availability__isnull=False,
    ).distinct()
    assert matchable.count() > 300 * 0.6


def test_open_requests_have_candidates_for_matching_to_find(seeded, db):
    open_requests = HelpRequest.objects.open().order_by("pk")[:40]

    assert any(eligible_profiles(help_request).exists() for help_request in open_requests)


def test_everyone_signs_in_with_the_one_published_password(seeded, db):
    worker = User.objects.get(email=f"worker000001@{SCALE_DOMAIN}")
    manager = User.objects.get(email=f"manager1.e09000007@{SCALE_DOMAIN}")

    assert worker.check_password("scale-seed-password")
    assert manager.borough.name == "Camden"
    assert manager.check_password("scale-seed-password")


def test_progress_is_shown_on_stderr_and_a_summary_on_stdout(seeded):
    out, err = seeded

    assert "workers" in err and "300/300 100%" in err
    assert "help requests" in err
    assert "300 help requests" in out
    assert f"coordinator@{SCALE_DOMAIN}" in out


@pytest.mark.django_db
def test_refuses_a_database_that_holds_real_users(django_user_model):
    before = (User.objects.count(), HelpRequest.objects.count(), Borough.objects.count())
    django_user_model.objects.create_user(
        "sam@camden.gov.uk", full_name="Sam", role=Role.COORDINATOR
    )

    with pytest.raises(CommandError, match="1 real user account"):
        seed()

    users, requests, boroughs = before
    assert User.objects.count() == users + 1
    assert HelpRequest.objects.count() == requests
    assert Borough.objects.count() == boroughs


def test_refuses_to_seed_twice(seeded, db):
    users = User.objects.count()

    with pytest.raises(CommandError, match="already seeded"):
        seed()

    assert User.objects.count() == users


@pytest.mark.django_db
def test_refuses_to_run_outside_debug_or_demo_mode(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False

    users = User.objects.count()

    with pytest.raises(CommandError, match="published password"):
        call_command("seed_scale", "--workers=10", "--requests=10", stdout=io.StringIO())

    assert User.objects.count() == users
