"""Coordinators read the audit log: every change, who made it, when and why."""

import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import audit_record
from secondments import services
from secondments.models import HelpRequest
from tests.factories import UserFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

AUDIT_LOG = reverse("audit_log")


@pytest.fixture
def selected_application(haringey_manager, camden_worker):
    """A Haringey request with Wendy Worker's offer of help, selected by the host."""
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    return services.application_select(application=application, by=haringey_manager)


def _rows(response) -> list[str]:
    """Each row of the table as its text, whitespace collapsed, newest first."""
    html = response.content.decode()
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def _sign_in(client, coordinator) -> None:
    # Signing in is audited too (tests/test_every_write_audited.py); these tests
    # are about the changes made before it, so its own row is set aside.
    client.force_login(coordinator)
    AuditEvent.objects.filter(action="signed_in", actor=coordinator).delete()


def _at(event: AuditEvent, when: datetime.datetime) -> None:
    AuditEvent.objects.filter(pk=event.pk).update(at=when)


def test_coordinator_sees_every_change_newest_first_in_plain_words(
    client, coordinator, selected_application, haringey_manager
):
    _sign_in(client, coordinator)

    response = client.get(AUDIT_LOG)

    assert response.status_code == 200
    rows = _rows(response)
    assert len(rows) == 4
    assert "Harry Manager" in rows[0]
    assert "Application selected" in rows[0]
    assert f"Application {selected_application.pk}" in rows[0]
    assert "Offered to help → to Selected by host" in rows[0]
    assert "Offer of help made" in rows[1]
    assert "Wendy Worker" in rows[1]
    assert "Help request published" in rows[2]
    assert "Help request created" in rows[3]
    html = response.content.decode()
    assert f'href="{reverse("application_detail", args=[selected_application.pk])}"' in html
    assert (
        f'href="{reverse("request_detail", args=[selected_application.help_request_id])}"' in html
    )
    assert "4 changes" in html


def test_times_are_shown_as_london_time_and_the_service_as_actor(
    client, coordinator, camden_manager
):
    help_request = services.help_request_create(by=camden_manager, data=request_data())
    event = audit_record(
        actor=None,
        action="request_expired",
        obj=help_request,
        from_state="open",
        to_state="expired",
    )
    # 11:30 UTC in July is 12:30 in London (British Summer Time).
    _at(event, datetime.datetime(2025, 7, 1, 11, 30, tzinfo=datetime.UTC))
    _sign_in(client, coordinator)

    rows = _rows(client.get(AUDIT_LOG, {"action": "request_expired"}))

    assert rows == [
        f"1 Jul 2025, 12:30 The service Help request expired Help request {help_request.pk} "
        "Open → to Expired \N{EN DASH}"
    ]


def test_a_record_that_no_longer_exists_is_named_without_a_link(
    client, coordinator, camden_manager
):
    draft = services.help_request_create(by=camden_manager, data=request_data())
    draft_pk = draft.pk
    HelpRequest.objects.filter(pk=draft_pk).delete()
    _sign_in(client, coordinator)

    response = client.get(AUDIT_LOG)

    assert f"Help request {draft_pk} (no longer exists)" in _rows(response)[0]
    assert reverse("request_detail", args=[draft_pk]) not in response.content.decode()


def test_coordinator_filters_by_text_type_action_and_dates(
    client, coordinator, selected_application, haringey_manager, camden_worker
):
    services.application_withdraw(
        application=selected_application, by=camden_worker, reason="My own team needs me back"
    )
    old = AuditEvent.objects.get(action="request_created")
    _at(old, datetime.datetime(2025, 1, 10, 9, 0, tzinfo=datetime.UTC))
    _sign_in(client, coordinator)

    def actions(**filters) -> list[str]:
        response = client.get(AUDIT_LOG, filters)
        assert response.status_code == 200
        return _rows(response)

    by_name = actions(q="wendy")
    assert len(by_name) == 2
    assert all("Wendy Worker" in row for row in by_name)
    assert len(actions(q="worker@camden")) == 2
    (by_reason,) = actions(q="team needs me")
    assert "Application withdrawn" in by_reason
    (by_wording,) = actions(q="offer of help")
    assert "Offer of help made" in by_wording
    (by_code,) = actions(q="application_selected")
    assert "Application selected" in by_code
    assert len(actions(object_type="helprequest")) == 2
    assert len(actions(object_type="application")) == 3
    (published,) = actions(action="request_published")
    assert "Harry Manager" in published
    (created,) = actions(date_to="2025-01-10")
    assert "Help request created" in created
    assert len(actions(date_from="2025-01-11")) == 4
    assert len(actions(date_from="2025-01-10", date_to="2025-01-10")) == 1


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"date_from": "2025-02-30"}, "From date must be a real date"),
        ({"date_to": "yesterday"}, "To date must be a real date"),
        (
            {"date_from": "2025-03-02", "date_to": "2025-03-01"},
            "To date must be the same as or after the from date",
        ),
        ({"action": "application_eaten"}, "Select an action from the list"),
        ({"object_type": "borough"}, "Select a type of record from the list"),
        ({"q": "x" * 101}, "Search must be 100 characters or fewer"),
    ],
)
def test_invalid_filters_are_explained_in_an_error_summary(
    client, coordinator, selected_application, filters, message
):
    _sign_in(client, coordinator)

    response = client.get(AUDIT_LOG, filters)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html
    assert html.count(message) == 2  # in the summary and beside the field
    assert "<title>Error: Audit log" in html
    # The invalid filter is left out; the rest of the log still shows.
    assert len(_rows(response)) == 4


@pytest.mark.parametrize("persona", ["camden_manager", "haringey_manager", "camden_worker"])
def test_managers_and_workers_are_told_the_audit_log_does_not_exist(
    client, request, selected_application, persona
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(AUDIT_LOG)

    assert response.status_code == 404
    assert "Audit log" not in client.get(reverse("dashboard")).content.decode()


def test_coordinators_find_the_audit_log_in_the_navigation(client, coordinator):
    _sign_in(client, coordinator)

    html = client.get(reverse("dashboard")).content.decode()

    assert f'href="{AUDIT_LOG}"' in html


@pytest.mark.parametrize("size", [10, 200])
def test_audit_log_query_count_does_not_grow(
    client, coordinator, selected_application, camden_worker, size, django_assert_num_queries
):
    application = selected_application
    people = [UserFactory() for _ in range(3)] + [None]
    AuditEvent.objects.all().delete()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=people[n % len(people)],
            action=("application_selected", "request_edited", "placement_confirmed")[n % 3],
            object_type=("application", "helprequest", "placement")[n % 3],
            object_id=(application.pk, application.help_request_id, 999_999)[n % 3],
            from_state="interested",
            to_state="selected",
            reason=f"Reason {n}",
        )
        for n in range(size)
    )
    _sign_in(client, coordinator)

    # Session, user, MFA check, count, the page of events, unread notifications.
    with django_assert_num_queries(6):
        response = client.get(AUDIT_LOG)

    assert response.status_code == 200
    assert len(_rows(response)) == min(size, 50)
