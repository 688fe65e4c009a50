"""Recharge statements through the API: listed and read as the statements pages
show them, issued, marked paid and queried through the same services."""

import pytest

from audit.models import AuditEvent
from money.models import RechargeStatement, StatementStatus
from notifications.models import Notification
from secondments.models import PlacementStatus
from tests.api_clients import api_client_for
from tests.api_query_counts import list_queries
from tests.factories import PlacementFactory, WorkerFactory
from tests.statement_seed import seed

pytestmark = pytest.mark.django_db

OCTOBER = "/api/v1/statements/E09000007/E09000014/2026-10/"


@pytest.fixture
def history(camden, haringey, hackney):
    return seed(camden, haringey, hackney)


def _pairs(response) -> set[tuple[str, str, str]]:
    return {
        (row["issuer"]["gss_code"], row["billed"]["gss_code"], row["month"])
        for row in response.json()["results"]
    }


def test_a_manager_lists_only_their_own_boroughs_pairs(history, hackney_manager):
    response = api_client_for(hackney_manager).get("/api/v1/statements/?month=2026-10")

    assert response.status_code == 200
    assert _pairs(response) == {
        ("E09000007", "E09000012", "2026-10"),  # Camden lent Hackney Eve
        ("E09000012", "E09000014", "2026-10"),  # Hackney lent Haringey Fay
    }


def test_a_coordinator_chooses_a_borough_and_a_bad_month_is_named(history, coordinator):
    client = api_client_for(coordinator)

    chosen = client.get("/api/v1/statements/?borough=E09000014&month=2026-10")
    bad = client.get("/api/v1/statements/?month=October")

    assert all("E09000014" in pair[:2] for pair in _pairs(chosen)) and len(_pairs(chosen)) == 3
    assert bad.status_code == 400
    assert bad.json() == {"month": ["Enter the month as YYYY-MM"]}


def test_social_workers_are_told_there_are_no_statements(history, camden_worker):
    client = api_client_for(camden_worker)

    assert client.get("/api/v1/statements/").status_code == 404
    assert client.get(OCTOBER).status_code == 404


def test_the_draft_shows_its_lines_and_what_the_manager_may_do(history, camden_manager):
    body = api_client_for(camden_manager).get(OCTOBER).json()

    assert body["status"] == "draft" and body["reference"] == "" and body["version"] is None
    assert {line["worker_name"] for line in body["lines"]} == {
        "Ada Lovelace",
        "Ben Nevis",
        "Cat Stevens",
    }
    assert body["unsigned_weeks"] == 1
    assert body["can_issue"] is True and body["can_query"] is False


def test_issuing_asks_about_unsigned_weeks_then_issues_once(
    history, camden_manager, haringey_manager
):
    client = api_client_for(camden_manager)

    unconfirmed = client.post(f"{OCTOBER}issue/", {}, format="json")
    issued = client.post(f"{OCTOBER}issue/", {"confirm_unsigned": True}, format="json")
    again = client.post(f"{OCTOBER}issue/", {"confirm_unsigned": True}, format="json")

    assert unconfirmed.status_code == 400
    assert "not signed off yet" in unconfirmed.json()["confirm_unsigned"][0]
    assert issued.status_code == 201
    assert issued.json()["reference"] == "SX-E09000007-E09000014-202610-1"
    assert issued.json()["total"] == "4187.87"
    assert again.status_code == 409
    assert "already been issued" in again.json()["detail"]
    statement = RechargeStatement.objects.get()
    assert AuditEvent.objects.filter(action="statement_issued", object_id=statement.pk).count() == 1
    assert Notification.objects.filter(
        recipient=haringey_manager, event="statement_issued"
    ).exists()


def test_the_billed_borough_marks_paid_once_and_the_lender_cannot_query(
    history, camden_manager, haringey_manager
):
    camden = api_client_for(camden_manager)
    camden.post(f"{OCTOBER}issue/", {"confirm_unsigned": True}, format="json")
    haringey = api_client_for(haringey_manager)

    query_by_lender = camden.post(f"{OCTOBER}query/", {"reason": "Wrong"}, format="json")
    paid = haringey.post(f"{OCTOBER}mark-paid/")
    again = haringey.post(f"{OCTOBER}mark-paid/")

    assert query_by_lender.status_code == 403
    assert paid.status_code == 200 and paid.json()["status"] == StatementStatus.PAID
    assert again.status_code == 409


def test_a_query_needs_a_reason_and_keeps_the_version(history, camden_manager, haringey_manager):
    api_client_for(camden_manager).post(
        f"{OCTOBER}issue/", {"confirm_unsigned": True}, format="json"
    )
    haringey = api_client_for(haringey_manager)

    empty = haringey.post(f"{OCTOBER}query/", {"reason": ""}, format="json")
    queried = haringey.post(f"{OCTOBER}query/", {"reason": "Ada's rate is wrong"}, format="json")
    version = haringey.get(f"{OCTOBER}versions/1/")

    assert empty.json() == {"reason": ["Enter why you are querying this statement"]}
    assert queried.status_code == 200 and queried.json()["status"] == "draft"
    assert version.json()["status"] == "queried"
    assert version.json()["query_reason"] == "Ada's rate is wrong"


def test_the_list_is_paginated(history, coordinator):
    response = api_client_for(coordinator).get("/api/v1/statements/?page_size=2")

    assert response.json()["count"] > 2 and len(response.json()["results"]) == 2
    assert "page=2" in response.json()["next"]


@pytest.mark.parametrize("extra", [1, 6])
def test_the_list_costs_the_same_however_many_placements(
    history, camden, haringey, camden_manager, extra
):
    for n in range(extra):
        PlacementFactory(
            worker=WorkerFactory(borough=camden, full_name=f"Extra {n}"),
            help_request__borough=haringey,
            status=PlacementStatus.ACTIVE,
        )
    client = api_client_for(camden_manager)

    # The token, then placements, signed-off days, boroughs and statements; and the count.
    assert list_queries(client, "/api/v1/statements/") == 5
