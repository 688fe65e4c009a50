"""The statements list, a statement's page and CSV, and how a statement prints."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from money.statements import services
from tests.statement_seed import OCTOBER, seed

pytestmark = pytest.mark.django_db

ARGS = ["E09000007", "E09000014", "2026-10"]


@pytest.fixture
def history(camden, haringey, hackney):
    return seed(camden, haringey, hackney)


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_a_manager_lists_their_boroughs_statements_both_ways(client, camden_manager, history):
    client.force_login(camden_manager)

    page = _text(client.get(reverse("statement_list")))

    assert "October 2026 : Camden to Haringey" in page
    assert "We charge Haringey" in page
    assert "We are charged by Haringey" in page
    assert "We charge Hackney" in page
    assert "£4,187.87" in page
    assert "Hackney to Haringey" not in page


def test_the_list_shows_issued_statements_and_a_coordinator_filters(
    client, camden, haringey, camden_manager, coordinator, history
):
    services.statement_issue(
        issuer=camden, billed=haringey, month=OCTOBER, confirm_unsigned=True, by=camden_manager
    )
    client.force_login(coordinator)

    everything = _text(client.get(reverse("statement_list")))
    hackney_october = _text(
        client.get(reverse("statement_list"), {"borough": "E09000012", "month": "2026-10"})
    )

    assert "Hackney to Haringey" in everything
    assert "Issued" in everything
    assert "Camden to Hackney" in hackney_october
    assert "Camden to Haringey" not in hackney_october
    assert "September 2026" not in hackney_october


def test_an_issued_statement_stays_listed_when_its_only_placement_is_cancelled(
    client, camden, hackney, camden_manager, history
):
    # Eve's two October days are not signed off when Camden issues Hackney's
    # statement (a line of 0 days); cancelling her placement afterwards must
    # not hide the issued statement from the list.
    history["eve"].timesheets.update(status="submitted")
    services.statement_issue(
        issuer=camden, billed=hackney, month=OCTOBER, confirm_unsigned=True, by=camden_manager
    )
    history["eve"].status = "cancelled"
    history["eve"].save()
    client.force_login(camden_manager)

    page = _text(client.get(reverse("statement_list")))

    assert "October 2026 : Camden to Hackney Camden Hackney We charge Hackney Issued £0.00" in page


def test_the_statement_page_lists_lines_unsigned_weeks_and_totals(client, camden_manager, history):
    client.force_login(camden_manager)

    page = _text(client.get(reverse("statement_detail", args=ARGS)))

    assert "Camden to Haringey" in page
    assert "Draft" in page
    assert "1 week is not signed off yet" in page
    assert "Ada Lovelace 12 Oct to 18 Oct 2026 Waiting for sign-off" in page
    assert "Ada Lovelace Agreed day rate 8.5 £300.00 £2,550.00" in page
    assert "Ben Nevis Host recharges salary cost 6.5 £251.98 £1,637.87" in page
    assert "Cat Stevens Home borough pays 2 No charge £0.00" in page
    assert "Total £4,187.87" in page
    assert "Issue statement" in page
    assert "Issue without the 1 week not signed off" in page


def test_the_billed_borough_sees_but_cannot_issue(client, haringey_manager, history):
    client.force_login(haringey_manager)

    page = _text(client.get(reverse("statement_detail", args=ARGS)))

    assert "Total £4,187.87" in page
    assert "Issue statement" not in page


def test_an_issued_statement_shows_its_reference_and_actions(
    client, camden, haringey, camden_manager, haringey_manager, history
):
    services.statement_issue(
        issuer=camden, billed=haringey, month=OCTOBER, confirm_unsigned=True, by=camden_manager
    )
    client.force_login(haringey_manager)

    page = _text(client.get(reverse("statement_detail", args=ARGS)))

    assert "SX-E09000007-E09000014-202610-1" in page
    assert "Mark as paid" in page
    assert "Query statement" in page
    assert "1 week was not signed off when this statement was issued" in page


def test_a_month_not_ended_says_when_it_can_be_issued(client, camden_manager, history):
    client.force_login(camden_manager)

    page = _text(
        client.get(reverse("statement_detail", args=["E09000007", "E09000014", "2099-01"]))
    )

    assert "You can issue this statement once January 2099 has ended" in page
    assert "Issue statement" not in page


def test_workers_never_see_statements(client, camden_worker, history):
    client.force_login(camden_worker)

    for name in ("statement_detail", "statement_csv"):
        assert client.get(reverse(name, args=ARGS)).status_code == 404
    assert client.get(reverse("statement_list")).status_code == 404


def test_a_nonsense_month_is_not_found(client, camden_manager, history):
    client.force_login(camden_manager)

    for month in ("2026-13", "26-10", "1800-01", "october"):
        response = client.get(reverse("statement_detail", args=["E09000007", "E09000014", month]))
        assert response.status_code == 404, month


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example","Ada")', "+Ada", "-Ada", "@SUM(A1)"]
)
def test_the_csv_neutralises_a_name_a_spreadsheet_would_run_as_a_formula(
    client, camden_manager, history, name
):
    # A full name is free text its owner types: a spreadsheet opening the CSV
    # must show it as text, never run it.
    history["ada"].worker.full_name = name
    history["ada"].worker.save()
    client.force_login(camden_manager)

    response = client.get(reverse("statement_csv", args=ARGS))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    ada = next(row for row in rows if row and row[0].endswith(name[1:]))
    assert ada[0] == f"'{name}"
    assert ada[2:5] == ["8.5", "300.00", "2550.00"]


def test_a_statement_prints_on_a4_without_the_services_chrome():
    source = (Path(settings.BASE_DIR) / "static/scss/_print.scss").read_text()
    app = (Path(settings.BASE_DIR) / "static/scss/app.scss").read_text()

    assert '@use "print"' in app
    assert "@media print" in source
    assert re.search(r"@page\s*{\s*size: A4;\s*margin: 15mm;", source)
    for hidden in (".govuk-header", ".govuk-phase-banner", ".govuk-footer", ".govuk-button"):
        assert hidden in source
    assert "break-inside: avoid" in source
