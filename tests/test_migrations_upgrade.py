"""A database migrated before the apps were split keeps every row.

AuditEvent, Notification and Match moved out of secondments, and
NotificationPreference out of accounts, into the audit, notifications and
matching apps. This test migrates an empty PostgreSQL database to the layout
before the move, writes rows the old way, migrates forward, and reads every
row back through the new apps' models.
"""

import datetime

from django.db import connection

from audit.models import AuditEvent
from matching.models import Match
from notifications.models import Notification, NotificationPreference
from tests.upgrade_database import migrate, migrate_to_latest

BEFORE_THE_SPLIT = [
    ("audit", None),
    ("notifications", None),
    ("matching", None),
    ("secondments", "0004_match_application_released_at_and_more"),
    ("accounts", "0003_user_phone_number_notificationpreference"),
]


def test_an_existing_database_upgrades_with_nothing_lost(empty_database) -> None:
    executor = migrate(BEFORE_THE_SPLIT)
    old = executor.loader.project_state([node for node in BEFORE_THE_SPLIT if node[1]]).apps
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('secondments_auditevent') IS NOT NULL")
        assert cursor.fetchone() == (True,), "the old layout's table is there"

    borough = old.get_model("boroughs", "Borough").objects.create(
        gss_code="E09000007", name="Camden", region="London", kind="london_borough"
    )
    host = old.get_model("boroughs", "Borough").objects.create(
        gss_code="E09000014", name="Haringey", region="London", kind="london_borough"
    )
    User = old.get_model("accounts", "User")
    worker = User.objects.create(email="w@camden.gov.uk", full_name="Wendy", borough=borough)
    manager = User.objects.create(
        email="m@haringey.gov.uk", full_name="Harry", borough=host, role="manager"
    )
    help_request = old.get_model("secondments", "HelpRequest").objects.create(
        borough=host,
        created_by=manager,
        title="Assessments backlog",
        purpose="backlog",
        job_level=1,
        starts_on=datetime.date(2027, 1, 4),
        ends_on=datetime.date(2027, 3, 26),
        days_per_week=3,
        working_pattern="hybrid",
        funding_model="home_funded",
        description="Help clear the backlog",
    )
    old.get_model("secondments", "AuditEvent").objects.create(
        actor=manager,
        action="request_created",
        object_type="helprequest",
        object_id=help_request.pk,
        to_state="draft",
        reason="kept",
    )
    old.get_model("secondments", "Notification").objects.create(
        recipient=worker,
        event="match_found",
        title="A request suits you",
        link="/requests/1/",
        idempotency_key="match_found:1:1",
        delivery_status="sent",
    )
    old.get_model("secondments", "Match").objects.create(
        help_request=help_request,
        worker=worker,
        score=87,
        reasons=["covers 2 of 3 specialisms"],
        computed_at=datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC),
    )
    old.get_model("accounts", "NotificationPreference").objects.create(
        user=worker, event="weekly_digest", email=False, sms=False
    )

    migrate_to_latest()

    event = AuditEvent.objects.get()
    assert (event.actor_id, event.action, event.object_type, event.object_id) == (
        manager.pk,
        "request_created",
        "helprequest",
        help_request.pk,
    )
    assert (event.to_state, event.reason, event.changed_fields) == ("draft", "kept", [])
    notification = Notification.objects.get()
    assert (notification.recipient_id, notification.idempotency_key) == (
        worker.pk,
        "match_found:1:1",
    )
    assert notification.delivery_status == "sent"
    match = Match.objects.get()
    assert (match.help_request_id, match.worker_id, match.score) == (
        help_request.pk,
        worker.pk,
        87,
    )
    assert match.reasons == ["covers 2 of 3 specialisms"]
    preference = NotificationPreference.objects.get()
    assert (preference.user_id, preference.event, preference.email) == (
        worker.pk,
        "weekly_digest",
        False,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass('secondments_auditevent') IS NULL, "
            "to_regclass('audit_auditevent') IS NOT NULL"
        )
        assert cursor.fetchone() == (True, True), "the tables now carry their app's name"
    # New rows carry on from the old ids: the sequences moved with the tables.
    assert AuditEvent.objects.create(action="x", object_type="y", object_id=1).pk > event.pk
