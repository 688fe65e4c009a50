"""The nightly purge deletes or anonymises only what is past the retention
schedule (settings.RETENTION), leaves everything inside it, and is safe to run twice."""

import datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from home.privacy.retention import RULES, financial_year_start, retention_purge, schedule
from home.tasks import retention_purge as retention_purge_task
from learning.models import Booking, BookingStatus
from money.models import RechargeStatement, StatementLine, StatementStatus
from notifications.models import Notification
from secondments.models import Application, ApplicationStatus, Message, Placement, PlacementStatus
from tests.factories import (
    ApplicationFactory,
    LearningEventFactory,
    MatchFactory,
    NotificationFactory,
    PlacementFactory,
    UserFactory,
    WorkerFactory,
    worked_week,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = datetime.timedelta(days=1)
YEAR = 365 * DAY


def _aged(obj, field: str, age: datetime.timedelta):
    """Move a row's auto-set time back, as if it had been there that long."""
    type(obj).objects.filter(pk=obj.pk).update(**{field: NOW - age})
    return obj


def _exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


def test_the_schedule_covers_every_model_that_names_a_person():
    covered = {key.split(":")[0] for key in settings.RETENTION}
    user = apps.get_model(settings.AUTH_USER_MODEL)
    naming = {user._meta.label}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, (models.ForeignKey, models.OneToOneField))
                and field.related_model is user
                and not model._meta.auto_created
            ):
                naming.add(model._meta.label)
    assert naming - covered == set()
    assert {line.key for line in schedule()} <= set(RULES)
    for line in schedule():
        assert line.then in ("delete", "anonymise") and line.why, line.key


def test_the_privacy_notice_shows_the_schedule_from_settings(client):
    page = client.get(reverse("privacy")).content.decode()

    for line in schedule():
        assert line.what.replace("'", "&#39;") in page or line.what in page, line.key
    assert "6 years after the end of the financial year they fall in" in page
    assert "1 year after they were sent" in page
    assert "30 days after signing up" in page


def test_notifications_older_than_a_year_are_deleted(camden_worker):
    old = _aged(NotificationFactory(recipient=camden_worker), "created_at", YEAR + DAY)
    recent = _aged(NotificationFactory(recipient=camden_worker), "created_at", YEAR - DAY)

    retention_purge(now=NOW)

    assert not _exists(old) and _exists(recent)


def test_bookings_are_deleted_two_years_after_the_event(camden, camden_manager, camden_worker):
    def booking(event_age):
        starts = NOW - event_age
        event = LearningEventFactory(
            borough=camden,
            created_by=camden_manager,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
        )
        return Booking.objects.create(
            event=event, person=camden_worker, status=BookingStatus.BOOKED, position=1
        )

    old, recent = booking(2 * YEAR + 2 * DAY), booking(2 * YEAR - 2 * DAY)

    retention_purge(now=NOW)

    assert not _exists(old) and _exists(recent)
    assert _exists(recent.event) and _exists(old.event)


def test_unconfirmed_sign_ups_go_after_30_days(camden):
    def sign_up(age, verified):
        person = UserFactory(borough=camden)
        EmailAddress.objects.filter(user=person).update(verified=verified)
        return _aged(person, "date_joined", age)

    stale, fresh = sign_up(31 * DAY, False), sign_up(29 * DAY, False)
    confirmed = sign_up(31 * DAY, True)

    retention_purge(now=NOW)

    assert not _exists(stale)
    assert _exists(fresh) and _exists(confirmed)


def test_accounts_nobody_used_for_two_years_are_anonymised_unless_placed(camden, haringey):
    idle = _aged(WorkerFactory(borough=camden), "last_login", 2 * YEAR + DAY)
    active = _aged(WorkerFactory(borough=camden), "last_login", DAY)
    idle_but_placed = _aged(WorkerFactory(borough=camden), "last_login", 3 * YEAR)
    PlacementFactory(worker=idle_but_placed, help_request__borough=haringey)

    retention_purge(now=NOW)

    idle.refresh_from_db()
    assert idle.anonymised_at is not None and not idle.is_active
    assert idle.full_name == f"Former social worker {idle.pk}"
    assert User.objects.get(pk=active.pk).anonymised_at is None
    assert User.objects.get(pk=idle_but_placed.pk).anonymised_at is None


def test_financial_records_are_kept_six_years_after_their_financial_year(camden, haringey):
    today = NOW.date()
    # The first day of the financial year that ended more than 6 years ago ...
    past = financial_year_start(today - 6 * YEAR) - datetime.timedelta(days=200)
    # ... and a week in the financial year the boundary falls in: still kept.
    inside = financial_year_start(today - 6 * YEAR) + datetime.timedelta(days=7)
    worker = WorkerFactory(borough=camden, full_name="Olive Oldtimer")
    placements = {}
    for name, day in (("past", past), ("inside", inside)):
        placements[name] = PlacementFactory(
            worker=worker,
            status=PlacementStatus.COMPLETED,
            help_request__borough=haringey,
            help_request__starts_on=day,
            help_request__ends_on=day + datetime.timedelta(days=20),
            host_contact_name="Priya Host",
        )
    old_sheet = worked_week(placements["past"], past - datetime.timedelta(past.weekday()), 1)
    kept_sheet = worked_week(placements["inside"], inside - datetime.timedelta(inside.weekday()), 1)
    lines = {}
    for name, placement in placements.items():
        statement = RechargeStatement.objects.create(
            issuer=camden,
            billed=haringey,
            month=placement.starts_on.replace(day=1),
            reference=f"SX-{name}",
            status=StatementStatus.PAID,
            total=Decimal("300.00"),
            issued_at=NOW,
            issued_by=UserFactory(borough=camden),
        )
        lines[name] = StatementLine.objects.create(
            statement=statement,
            placement=placement,
            worker_name="Olive Oldtimer",
            funding_model=placement.funding_model,
            days=Decimal("1.0"),
            amount=Decimal("300.00"),
        )

    recent = PlacementFactory(
        worker=worker,
        status=PlacementStatus.COMPLETED,
        help_request__borough=haringey,
        host_contact_name="Priya Host",
    )

    retention_purge(now=NOW)

    assert not _exists(old_sheet) and _exists(kept_sheet)
    assert StatementLine.objects.get(pk=lines["past"].pk).worker_name == "Former social worker"
    assert StatementLine.objects.get(pk=lines["inside"].pk).worker_name == "Olive Oldtimer"
    assert StatementLine.objects.get(pk=lines["past"].pk).amount == Decimal("300.00")
    assert RechargeStatement.objects.get(reference="SX-past").total == Decimal("300.00")
    # A placement more than 6 years over loses its contact details, not its dates.
    old_placement = Placement.objects.get(pk=placements["past"].pk)
    assert old_placement.host_contact_name == "" and old_placement.starts_on == past
    assert Placement.objects.get(pk=recent.pk).host_contact_name == "Priya Host"


def test_closed_applications_and_old_messages_go_after_two_years(camden_worker, haringey):
    closed = ApplicationFactory(worker=camden_worker, status=ApplicationStatus.WITHDRAWN)
    message = Message.objects.create(application=closed, author=camden_worker, body="Hello")
    _aged(closed, "updated_at", 2 * YEAR + DAY)
    _aged(message, "created_at", 2 * YEAR + DAY)
    live = ApplicationFactory(worker=camden_worker, status=ApplicationStatus.INTERESTED)
    _aged(live, "updated_at", 3 * YEAR)
    placed = PlacementFactory(
        worker=camden_worker, status=PlacementStatus.COMPLETED, help_request__borough=haringey
    ).application
    _aged(placed, "updated_at", 3 * YEAR)

    retention_purge(now=NOW)

    assert not _exists(closed) and not _exists(message)
    assert Application.objects.filter(pk__in=[live.pk, placed.pk]).count() == 2


def test_audit_events_matches_and_expired_sessions_past_their_time_go(camden_worker):
    old_event = _aged(audit_record(actor=None, action="x", obj=camden_worker), "at", 6 * YEAR + DAY)
    new_event = _aged(audit_record(actor=None, action="x", obj=camden_worker), "at", 6 * YEAR - DAY)
    old_match = _aged(MatchFactory(worker=camden_worker), "computed_at", YEAR + DAY)
    new_match = MatchFactory(worker=camden_worker)
    expired, live = SessionStore(), SessionStore()
    # NOW is read when the module loads: expire well before it, not relative to the clock.
    expired.set_expiry(NOW - DAY)
    expired.create()
    live.create()

    retention_purge(now=NOW)

    assert not _exists(old_event) and _exists(new_event)
    assert not _exists(old_match) and _exists(new_match)
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()


def test_api_tokens_go_a_year_after_revocation_when_the_api_is_installed(camden_worker):
    token_model = apps.get_model("api", "ApiToken")

    def token(name, revoked_age):
        return token_model.objects.create(
            user=camden_worker,
            name=name,
            token_hash=token_model.hash_secret(name),
            hint=name[:7],
            created_at=NOW - 3 * YEAR,
            expires_at=NOW + YEAR,
            revoked_at=NOW - revoked_age,
        )

    old, recent = token("old", YEAR + DAY), token("recent", YEAR - DAY)

    retention_purge(now=NOW)

    assert not _exists(old) and _exists(recent)


def test_a_second_run_changes_nothing_and_each_run_is_audited_in_summary(camden_worker):
    _aged(NotificationFactory(recipient=camden_worker), "created_at", 2 * YEAR)
    _aged(NotificationFactory(recipient=camden_worker), "created_at", 2 * YEAR)
    kept = NotificationFactory(recipient=camden_worker)

    first = retention_purge(now=NOW)
    summaries = AuditEvent.objects.filter(action="retention_purge")
    assert first["notifications.Notification"] == 2
    assert summaries.count() == 1
    assert summaries.get().reason == "notifications.Notification: 2"
    assert summaries.get().actor is None

    second = retention_purge_task.apply().get()

    assert not any(second.values())
    assert summaries.count() == 1  # nothing changed, nothing logged
    assert list(Notification.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_purge_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-purge"]
    assert entry["task"] == retention_purge_task.name
