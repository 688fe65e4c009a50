"""Acceptance 1: a month's recharge statement adds up to what a finance officer
would work out by hand from the signed-off weeks, and its CSV says the same.

The seed (tests/statement_seed.py) has a half day, a placement starting
mid-month, a week submitted but not signed off, a week spanning September and
October, and an agreement whose day rate went up after the placement was approved.
"""

import csv
import io
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from money.statements.statements import draft_figures
from tests.statement_seed import OCTOBER, SEPTEMBER, seed

pytestmark = pytest.mark.django_db

ADA_OCTOBER_DAYS = D(1) + (D(1) + D("0.5") + D(1)) + D(3) + D(2)  # week of 12 Oct not signed off
BEN_OCTOBER_DAYS = (D(1) + D("0.5")) + D(3) + D(2)  # from Wednesday 14 October
CAT_OCTOBER_DAYS = D(2)
OCTOBER_TOTAL = ADA_OCTOBER_DAYS * D("300.00") + BEN_OCTOBER_DAYS * D("251.98") + 0
OCTOBER_AGENCY = (ADA_OCTOBER_DAYS + CAT_OCTOBER_DAYS) * D("450.00") + BEN_OCTOBER_DAYS * D(
    "500.00"
)


@pytest.fixture
def history(camden, haringey, hackney):
    return seed(camden, haringey, hackney)


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_october_statement_equals_the_total_worked_out_by_hand(camden, haringey, history):
    figures = draft_figures(camden, haringey, OCTOBER)

    assert D("2550.00") + D("1637.87") == OCTOBER_TOTAL
    assert figures.total == OCTOBER_TOTAL
    lines = {line.worker_name: line for line in figures.lines}
    assert set(lines) == {"Ada Lovelace", "Ben Nevis", "Cat Stevens"}
    assert lines["Ada Lovelace"].days == ADA_OCTOBER_DAYS
    # The agreement now says £350; Ada's placement keeps the £300 agreed at approval.
    assert history["agreement"].day_rate == D("350.00")
    assert lines["Ada Lovelace"].rate == D("300.00")
    assert lines["Ada Lovelace"].amount == ADA_OCTOBER_DAYS * D("300.00")
    assert lines["Ben Nevis"].amount == BEN_OCTOBER_DAYS * D("251.98")
    assert lines["Cat Stevens"].amount == D("0.00")
    assert lines["Cat Stevens"].rate is None
    assert figures.agency_total == OCTOBER_AGENCY
    assert figures.saving == OCTOBER_AGENCY - OCTOBER_TOTAL


def test_the_unsigned_week_is_listed_not_counted(camden, haringey, history):
    figures = draft_figures(camden, haringey, OCTOBER)

    assert [(w.worker_name, w.week_starting.day, w.state) for w in figures.unsigned] == [
        ("Ada Lovelace", 12, "Waiting for sign-off")
    ]


def test_a_week_spanning_two_months_counts_each_day_in_its_own_month(camden, haringey, history):
    september = draft_figures(camden, haringey, SEPTEMBER)

    assert september.total == (D(3) + D(2)) * D("300.00")
    assert [line.worker_name for line in september.lines] == ["Ada Lovelace"]


def test_other_pairs_are_not_on_the_statement(camden, haringey, hackney, history):
    assert draft_figures(haringey, camden, OCTOBER).total == 3 * D("200.00")
    assert draft_figures(camden, hackney, OCTOBER).total == 2 * D("400.00")
    assert draft_figures(hackney, haringey, OCTOBER).total == D("0.00")


def test_page_and_csv_show_the_same_figures(client, camden, haringey, camden_manager, history):
    client.force_login(camden_manager)
    args = [camden.gss_code, haringey.gss_code, "2026-10"]

    page = _text(client.get(reverse("statement_detail", args=args)).content.decode())
    response = client.get(reverse("statement_csv", args=args))

    assert "£4,187.87" in page
    assert "Each line is days \u00d7 daily rate, rounded to the nearest penny" in page
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Reference", "Draft (no reference yet)"]
    assert rows[2:5] == [["From", "Camden"], ["To", "Haringey"], ["Month", "October 2026"]]
    header = rows.index(
        [
            "Worker",
            "Funding",
            "Days",
            "Daily rate",
            "Amount",
            "Agency day rate",
            "Agency cost",
            "Saving",
        ]
    )
    lines = {row[0]: row for row in rows[header + 1 : -1]}
    total = rows[-1]
    assert total[0] == "Total"
    assert D(total[4]) == OCTOBER_TOTAL
    assert sum(D(row[4]) for row in lines.values()) == D(total[4])
    assert D(total[6]) == OCTOBER_AGENCY
    assert D(lines["Ada Lovelace"][2]) == ADA_OCTOBER_DAYS
    assert lines["Cat Stevens"][3] == "No charge"
    for name, row in lines.items():
        assert f"£{D(row[4]):,.2f}" in page, name
    assert f"£{D(total[6]):,.2f}" in page
    assert f"£{D(total[7]):,.2f}" in page
