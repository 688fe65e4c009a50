import datetime
import io
import itertools
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Availability, Role, User, WorkerProfile
from audit.models import AuditEvent
from boroughs.models import Agreement, Borough, RechargeSalary, Team
from home.demo.learning_supervision import TITLE as SUPERVISED_TITLE
from home.demo.money import HISTORY_MARK
from home.demo.people import COORDINATOR_EMAIL, DEMO_BOROUGHS, DEMO_PASSWORD, seed_demo
from home.management.commands.seed_demo import quiet_seeding
from money.models import RechargeStatement, Timesheet
from notifications.delivery import deliver
from secondments.models import Application, HelpRequest, Message, Placement
from tests.factories import NotificationFactory
from tests.personas import TwoFactorClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True


def run_seed_demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> tuple[list[str], str]:
    emails = re.findall(r"\S+@demo\.secondments\.example", output)
    password = re.search(r"Password for every demo login: (\S+)", output).group(1)
    return emails, password


def row_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "profiles": WorkerProfile.objects.count(),
        "specialism links": WorkerProfile.specialisms.through.objects.count(),
        "willing boroughs": WorkerProfile.willing_boroughs.through.objects.count(),
        "availability": Availability.objects.count(),
        "teams": Team.objects.count(),
        "agreements": Agreement.objects.count(),
        "boroughs": Borough.objects.count(),
        "help requests": HelpRequest.objects.count(),
        "applications": Application.objects.count(),
        "placements": Placement.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "timesheets": Timesheet.objects.count(),
        "statements": RechargeStatement.objects.count(),
    }


def test_seed_demo_creates_one_coordinator_and_two_managers_in_each_demo_borough():
    seed_demo()

    coordinator = User.objects.coordinators().get(coordinates_nationally=True)
    assert coordinator.email == COORDINATOR_EMAIL
    assert coordinator.borough is None
    # Issue 13: beside the national coordinator, one for the London region only.
    regional = User.objects.coordinators().get(coordinates_nationally=False)
    assert regional.coordinated_regions == {"London"}
    for code in DEMO_BOROUGHS:
        borough = Borough.objects.get(gss_code=code)
        managers = User.objects.managers().filter(borough=borough)
        slug = borough.name.lower()
        assert sorted(m.email for m in managers) == [
            f"manager1.{slug}@demo.secondments.example",
            f"manager2.{slug}@demo.secondments.example",
        ]
        assert set(borough.teams.values_list("name", flat=True)) >= {
            "Assessment",
            "Child protection",
            "Children in care",
            "Adults' safeguarding",
        }


def test_seed_demo_creates_200_workers_with_complete_profiles_and_availability():
    seed_demo()

    workers = User.objects.workers()
    assert workers.count() == 200
    assert WorkerProfile.objects.filter(user__in=workers).count() == 200
    profiles = WorkerProfile.objects.select_related("user", "line_manager").annotate(
        specialism_count=Count("specialisms", distinct=True),
        willing_count=Count("willing_boroughs", distinct=True),
        availability_count=Count("availability", distinct=True),
    )
    demo_borough_ids = set(
        Borough.objects.filter(gss_code__in=DEMO_BOROUGHS).values_list("pk", flat=True)
    )
    numbers = set()
    for profile in profiles:
        assert 1 <= profile.specialism_count <= 4
        assert profile.willing_count >= 1
        assert 1 <= profile.availability_count <= 2
        assert profile.job_level is not None
        assert profile.qualified_on < timezone.localdate()
        assert re.fullmatch(r"SW\d{6}", profile.registration_number)
        numbers.add(profile.registration_number)
        if profile.user.borough_id in demo_borough_ids:
            assert profile.line_manager.role == Role.MANAGER
            assert profile.line_manager.borough_id == profile.user.borough_id
            assert profile.user.team.borough_id == profile.user.borough_id
    assert len(numbers) == 200
    workers_in_demo_boroughs = workers.filter(borough__in=demo_borough_ids).count()
    assert workers_in_demo_boroughs > 200 / 3  # weighted well above 6 of 33 boroughs
    assert workers.values("borough").distinct().count() == Borough.objects.london().count()


def test_demo_workers_include_newly_qualified_unverified_expiring_and_expired_registrations():
    seed_demo()

    today = timezone.localdate()
    profiles = WorkerProfile.objects.all()
    assert 10 <= profiles.awaiting_verification().count() <= 20
    for profile in profiles.filter(registration_verified=True):
        assert profile.registration_verified_by.email == COORDINATOR_EMAIL
        assert profile.registration_verified_at.date() <= today
        assert profile.registration_expires_on >= today
    assert profiles.filter(registration_expires_on__lt=today).exists()
    assert profiles.filter(
        registration_expires_on__gte=today,
        registration_expires_on__lte=today + datetime.timedelta(days=60),
    ).exists()
    newly_qualified = profiles.filter(qualified_on__gt=today - datetime.timedelta(days=365))
    assert newly_qualified.exists()
    assert profiles.filter(open_to_matching=True).count() > 150
    assert profiles.exclude(languages="").exists()


def test_no_demo_worker_has_overlapping_availability():
    seed_demo()

    today = timezone.localdate()
    by_profile: dict[int, list[Availability]] = {}
    for period in Availability.objects.order_by("profile_id", "starts_on"):
        by_profile.setdefault(period.profile_id, []).append(period)
    assert len(by_profile) == 200
    for periods in by_profile.values():
        for earlier, later in itertools.pairwise(periods):
            assert earlier.ends_on < later.starts_on
        for period in periods:
            assert today < period.starts_on <= period.ends_on
            assert period.ends_on <= today + datetime.timedelta(days=275)
            assert 1 <= period.days_per_week <= 5


def test_demo_agreements_join_neighbouring_demo_boroughs_in_pair_order():
    seed_demo()

    pairs = set()
    for agreement in Agreement.objects.select_related("borough_a", "borough_b"):
        assert agreement.borough_a.pk < agreement.borough_b.pk
        assert agreement.borough_b in agreement.borough_a.neighbours.all()
        pairs.add(frozenset((agreement.borough_a.name, agreement.borough_b.name)))
    assert pairs == {frozenset(("Haringey", "Camden")), frozenset(("Hackney", "Islington"))}


def test_running_seed_demo_twice_creates_nothing_new():
    first_output = run_seed_demo()
    counts = row_counts()

    second = seed_demo()

    assert row_counts() == counts
    assert not second.created_anything
    second_output = run_seed_demo()
    assert "nothing created" in second_output
    # Same seed, same people: the printed logins do not change.
    assert first_output.split("Demo logins", 1)[1] == second_output.split("Demo logins", 1)[1]


def test_every_printed_demo_login_can_sign_in_with_the_printed_password(settings):
    # Nineteen checks with the production hasher take seconds; the password is what counts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    output = run_seed_demo()
    emails, password = printed_logins(output)

    assert password == DEMO_PASSWORD
    assert COORDINATOR_EMAIL in emails
    assert len([e for e in emails if e.startswith("manager")]) == 2 * len(DEMO_BOROUGHS)
    printed_workers = User.objects.workers().filter(email__in=emails)
    assert set(printed_workers.values_list("borough__name", flat=True)) == set(
        DEMO_BOROUGHS.values()
    )
    for email in emails:
        assert Client().login(email=email, password=password), email
        # allauth refuses anyone whose address is not verified.
        assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()


def test_printed_worker_signs_in_through_the_sign_in_page():
    output = run_seed_demo()
    emails, password = printed_logins(output)
    # The ready-to-match Camden worker (the other printed one is on a placement).
    camden_worker = User.objects.workers().get(
        email__in=emails, borough__name="Camden", placements__isnull=True
    )

    response = Client().post(
        reverse("account_login"), {"login": camden_worker.email, "password": password}
    )

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_seed_demo_refuses_to_run_on_a_live_service(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False

    with pytest.raises(CommandError, match="published password"):
        run_seed_demo()

    assert not User.objects.exists()


def test_seed_demo_asks_for_load_boroughs_when_haringey_is_missing(monkeypatch):
    monkeypatch.setattr("home.demo.people.call_command", lambda *args, **kwargs: None)

    with pytest.raises(CommandError, match=r"Run manage.py load_boroughs first.*E09000014"):
        seed_demo()

    assert not User.objects.exists()


def test_the_demo_marketplace_has_a_request_and_an_application_at_each_step():
    run_seed_demo()
    # The marketplace, without the worked history behind the money side.
    requests = (
        HelpRequest.objects.exclude(description__endswith=HISTORY_MARK)
        .exclude(
            title=SUPERVISED_TITLE  # the newly qualified pathway's own placement
        )
        .exclude(crisis_call__isnull=False)  # the crisis call's (test_seed_demo_crisis.py)
    )

    assert requests.filter(status="open").count() == 2
    # Islington asked for one social worker and the placement is agreed.
    assert requests.filter(status="filled").count() == 1
    assert requests.filter(status="draft").count() == 1
    statuses = sorted(
        Application.objects.filter(help_request__in=requests).values_list("status", flat=True)
    )
    # The Islington worker released to Hackney also offered to help Haringey, and
    # the second selection waited too long: its release is escalated.
    assert statuses == ["approved", "interested", "interested", "released", "selected", "selected"]
    assert Application.objects.filter(release_escalated_at__isnull=False).count() == 1
    placement = Placement.objects.get(help_request__in=requests)
    assert (placement.host.name, placement.home.name) == ("Islington", "Enfield")
    # The host has said where and when to come, as a host would.
    assert placement.report_to_address.startswith("222 Upper Street")
    assert placement.working_day_names == ["Tuesday", "Thursday"]
    assert AuditEvent.objects.filter(action="placement_details_changed").count() == 1
    # Made through the services: every step is in the audit trail.
    assert (
        AuditEvent.objects.filter(action="application_approved").count()
        == Placement.objects.count()
    )


def test_the_demo_placement_page_shows_the_funding_agreed(client):
    run_seed_demo()
    placement = Placement.objects.get(host__name="Islington")
    client.force_login(placement.worker)

    page = client.get(placement.get_absolute_url()).content.decode()

    # Islington and Enfield have no agreement: the request's terms hold.
    assert "Home borough pays" in page
    assert "Terms from the help request" in page


def test_the_demo_has_a_conversation_between_host_worker_and_home_manager():
    run_seed_demo()

    application = Application.objects.get(status="selected", help_request__borough__name="Haringey")
    authors = [message.author for message in Message.objects.filter(application=application)]
    assert [author.borough.name for author in authors] == ["Haringey", "Barnet", "Barnet"]
    assert [author.role for author in authors] == ["manager", "worker", "manager"]
    assert authors[1] == application.worker


def test_seeding_sends_its_emails_nowhere_but_keeps_the_notifications():
    seeded, after = NotificationFactory(), NotificationFactory()

    with quiet_seeding():
        assert deliver(seeded.pk) == "sent"
    assert mail.outbox == []
    seeded.refresh_from_db()
    assert seeded.delivery_status == "sent" and seeded.read_at is None

    # Once seeding is over, email goes out as configured again.
    assert deliver(after.pk) == "sent"
    assert [message.to for message in mail.outbox] == [[after.recipient.email]]


def test_the_demo_sets_recharge_salaries_that_camdens_manager_sees():
    run_seed_demo()
    manager = User.objects.get(email="manager1.camden@demo.secondments.example")
    client = TwoFactorClient()
    client.force_login(manager)

    page = client.get(reverse("recharge_salaries", args=[manager.borough.gss_code]))

    # £42,000 plus 30 % over 252 working days is £216.67 a day.
    assert "216.67" in page.content.decode()
    assert RechargeSalary.objects.filter(borough=manager.borough).count() == 4
