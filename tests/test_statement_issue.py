"""Issuing a month's recharge statement, marking it paid and querying it."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from money.models import RechargeStatement, StatementLine, StatementStatus
from money.statements import services
from notifications.models import Notification
from tests.concurrency import all_at_once
from tests.statement_seed import OCTOBER, seed

pytestmark = pytest.mark.django_db

ARGS = ["E09000007", "E09000014", "2026-10"]


@pytest.fixture
def history(camden, haringey, hackney):
    return seed(camden, haringey, hackney)


def _issue(camden, haringey, by, confirm=True, month=OCTOBER):
    return services.statement_issue(
        issuer=camden, billed=haringey, month=month, confirm_unsigned=confirm, by=by
    )


def test_issuing_freezes_the_lines_with_a_reference(
    camden, haringey, camden_manager, haringey_manager, history
):
    statement = _issue(camden, haringey, camden_manager)

    assert statement.reference == "SX-E09000007-E09000014-202610-1"
    assert statement.total == D("4187.87")
    assert statement.unsigned_weeks == 1
    assert StatementLine.objects.filter(statement=statement).count() == 3
    # Signing off the missing week later does not change an issued statement.
    history["ada"].timesheets.filter(week_starting=datetime.date(2026, 10, 12)).update(
        status="signed_off", signed_off_at=statement.issued_at, signed_off_by=haringey_manager
    )
    statement.refresh_from_db()
    assert statement.total == D("4187.87")
    assert AuditEvent.objects.filter(action="statement_issued", object_id=statement.pk).count() == 1
    assert Notification.objects.filter(
        recipient=haringey_manager, event="statement_issued"
    ).exists()


def test_unsigned_weeks_must_be_confirmed(camden, haringey, camden_manager, history):
    with pytest.raises(ValidationError) as error:
        _issue(camden, haringey, camden_manager, confirm=False)

    assert error.value.messages == [
        "1 week is not signed off yet. Tick to confirm you want to issue without them"
    ]
    assert not RechargeStatement.objects.exists()


def test_the_page_asks_to_confirm_unsigned_weeks(client, camden_manager, history):
    client.force_login(camden_manager)

    response = client.post(reverse("statement_issue", args=ARGS))

    assert response.status_code == 400
    assert "Tick to confirm you want to issue without them" in response.content.decode()
    response = client.post(reverse("statement_issue", args=ARGS), {"confirm_unsigned": "on"})
    assert response.status_code == 302
    assert RechargeStatement.objects.get().reference == "SX-E09000007-E09000014-202610-1"


def test_a_month_not_yet_ended_cannot_be_issued(camden, haringey, camden_manager, history):
    with pytest.raises(ValidationError, match="once the month has ended"):
        _issue(camden, haringey, camden_manager, month=datetime.date(2099, 1, 1))


def test_a_month_with_no_one_lent_has_nothing_to_issue(
    client, camden, hackney, camden_manager, history
):
    # Camden lent Hackney no one in January 2000 (nor in September 2026):
    # issuing would send Hackney's finance team an empty statement.
    client.force_login(camden_manager)

    for month in ("2000-01", "2026-09"):
        args = ["E09000007", "E09000012", month]
        page = client.get(reverse("statement_detail", args=args)).content.decode()
        response = client.post(reverse("statement_issue", args=args), {"confirm_unsigned": "on"})

        assert "Issue statement" not in page
        assert response.status_code == 400
        assert "Camden lent Hackney no one in" in response.content.decode()
    with pytest.raises(ValidationError, match="there is nothing to issue"):
        _issue(camden, hackney, camden_manager, month=datetime.date(2026, 9, 1))
    assert not RechargeStatement.objects.exists()
    assert not Notification.objects.filter(event="statement_issued").exists()


@pytest.mark.parametrize("action", ["statement_issue", "statement_mark_paid", "statement_query"])
def test_another_method_on_a_statement_action_gets_405_and_changes_nothing(
    client, camden, haringey, camden_manager, history, action
):
    _issue(camden, haringey, camden_manager)
    client.force_login(camden_manager)

    response = client.put(reverse(action, args=ARGS))
    get = client.get(reverse(action, args=ARGS))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert get.status_code == 302
    assert get["Location"] == reverse("statement_detail", args=ARGS)
    assert RechargeStatement.objects.get().status == StatementStatus.ISSUED


def test_only_the_lending_boroughs_managers_or_coordinators_issue(
    camden, haringey, haringey_manager, hackney_manager, coordinator, history
):
    for person in (haringey_manager, hackney_manager):
        with pytest.raises(PermissionDenied):
            _issue(camden, haringey, person)
    assert _issue(camden, haringey, coordinator).version == 1


def test_issuing_twice_makes_one_reference(client, camden, haringey, camden_manager, history):
    _issue(camden, haringey, camden_manager)
    client.force_login(camden_manager)

    response = client.post(reverse("statement_issue", args=ARGS), {"confirm_unsigned": "on"})

    assert response.status_code == 409
    assert "has already been issued" in response.content.decode()
    assert RechargeStatement.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("racers", [2, 20])
def test_concurrent_issues_make_one_statement(camden, haringey, camden_manager, history, racers):
    def job():
        return lambda: _issue(camden, haringey, camden_manager)

    results = all_at_once([job for _ in range(racers)])

    issued = [r for r in results if isinstance(r, RechargeStatement)]
    refused = [r for r in results if isinstance(r, services.StatementConflict)]
    assert len(issued) == 1
    assert len(refused) == racers - 1
    assert RechargeStatement.objects.count() == 1
    assert AuditEvent.objects.filter(action="statement_issued").count() == 1


def test_a_query_keeps_the_old_version_and_the_next_issue_is_version_2(
    camden, haringey, camden_manager, haringey_manager, history
):
    first = _issue(camden, haringey, camden_manager)

    services.statement_query(
        statement=first, reason="Ben's first week looks wrong", by=haringey_manager
    )
    second = _issue(camden, haringey, camden_manager)

    first.refresh_from_db()
    assert first.status == StatementStatus.QUERIED
    assert first.query_reason == "Ben's first week looks wrong"
    assert first.lines.count() == 3
    assert second.version == 2
    assert second.reference == "SX-E09000007-E09000014-202610-2"
    assert Notification.objects.filter(recipient=camden_manager, event="statement_queried").exists()


def test_only_the_billed_borough_queries_with_a_reason(
    camden, haringey, camden_manager, haringey_manager, history
):
    statement = _issue(camden, haringey, camden_manager)

    with pytest.raises(PermissionDenied):
        services.statement_query(statement=statement, reason="No", by=camden_manager)
    with pytest.raises(ValidationError, match="Enter why"):
        services.statement_query(statement=statement, reason="  ", by=haringey_manager)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.ISSUED


def test_mark_paid_once(
    camden, haringey, camden_manager, haringey_manager, hackney_manager, history
):
    statement = _issue(camden, haringey, camden_manager)

    with pytest.raises(PermissionDenied):
        services.statement_mark_paid(statement=statement, by=hackney_manager)
    services.statement_mark_paid(statement=statement, by=haringey_manager)
    with pytest.raises(services.StatementConflict, match="paid"):
        services.statement_mark_paid(statement=statement, by=camden_manager)
    with pytest.raises(services.StatementConflict):
        services.statement_query(statement=statement, reason="Too late", by=haringey_manager)

    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID
    assert statement.paid_by == haringey_manager
    assert Notification.objects.filter(recipient=camden_manager, event="statement_paid").exists()


def test_a_coordinator_marking_paid_tells_both_boroughs(
    camden, haringey, camden_manager, haringey_manager, coordinator, history
):
    statement = _issue(camden, haringey, camden_manager)

    services.statement_mark_paid(statement=statement, by=coordinator)

    for manager in (camden_manager, haringey_manager):
        assert Notification.objects.filter(recipient=manager, event="statement_paid").exists()


def test_pages_mark_paid_and_query(
    client, camden, haringey, camden_manager, haringey_manager, history
):
    _issue(camden, haringey, camden_manager)
    client.force_login(haringey_manager)

    empty = client.post(reverse("statement_query", args=ARGS), {"reason": ""})
    queried = client.post(reverse("statement_query", args=ARGS), {"reason": "Wrong rate"})

    assert empty.status_code == 400
    assert "Enter why you are querying this statement" in empty.content.decode()
    assert queried.status_code == 302
    page = client.get(reverse("statement_detail", args=ARGS)).content.decode()
    assert "Draft" in page and "Earlier versions" in page and "Wrong rate" in page
    client.force_login(camden_manager)
    client.post(reverse("statement_issue", args=ARGS), {"confirm_unsigned": "on"})
    response = client.post(reverse("statement_mark_paid", args=ARGS))
    assert response.status_code == 302
    assert RechargeStatement.objects.get(version=2).status == StatementStatus.PAID
    version_1 = client.get(reverse("statement_version", args=[*ARGS, 1]))
    assert "SX-E09000007-E09000014-202610-1" in version_1.content.decode()


def test_weeks_signed_off_after_issuing_are_flagged_for_a_new_version(
    client, camden, haringey, camden_manager, haringey_manager, history
):
    statement = _issue(camden, haringey, camden_manager)
    history["ada"].timesheets.filter(week_starting=datetime.date(2026, 10, 12)).update(
        status="signed_off", signed_off_at=statement.issued_at, signed_off_by=haringey_manager
    )
    client.force_login(haringey_manager)

    page = client.get(reverse("statement_detail", args=ARGS)).content.decode()

    # Ada's week of 12 October: signed off late, so not on the frozen statement.
    assert (
        "3 more days of this month (£900.00) were signed off after this statement was issued, "
        "and are not on it"
    ) in page
    assert "Haringey can query it" in page
    assert "£4,187.87" in page
