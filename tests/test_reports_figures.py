"""The reports' figures on a known history (tests/reports_history.py), each
worked out by hand here: the fill-rate report, the flows matrix, the months
and the crisis calls, for a coordinator (every borough, or one) and for a
borough manager (their own borough only)."""

import datetime
from decimal import Decimal

import pytest

from money.statements.ledger import pair_figures
from pressure.reports.crisis import crisis_figures
from pressure.reports.figures import flow_figures, request_figures, trend_figures
from pressure.reports.forms import Period
from pressure.reports.scope import report_scope
from tests.reports_history import FIRST_MONTH, LAST_MONTH, seed_history

pytestmark = pytest.mark.django_db

PERIOD = Period(FIRST_MONTH, LAST_MONTH)
D = Decimal


@pytest.fixture
def history(camden, haringey, hackney):
    return seed_history(camden, haringey, hackney)


def _fill(row) -> tuple:
    return (
        row.posted,
        row.filled,
        row.still_open,
        row.unfilled,
        row.fill_rate,
        row.median_days_to_fill,
    )


def test_fill_rate_for_every_borough_equals_the_hand_count(history, coordinator):
    figures = request_figures(report_scope(coordinator), PERIOD)

    # Posted 8, filled 3 (10, 4.5 and 10 days: median 10), 3 / 8 = 37.5 %.
    assert _fill(figures.total) == (8, 3, 4, 1, D("37.5"), D("10.0"))
    assert {row.borough.name: _fill(row) for row in figures.rows} == {
        # 4 posted: one filled in 10 days, two open, one cancelled.
        "Camden": (4, 1, 2, 1, D("25.0"), D("10.0")),
        # 1 posted, still open: 0 %, no time to fill.
        "Hackney": (1, 0, 1, 0, D("0.0"), None),
        # 3 posted, 2 filled: median of 10 and 4.5 days is 7.25, shown 7.3.
        "Haringey": (3, 2, 1, 0, D("66.7"), D("7.3")),
    }


def test_open_requests_by_borough_and_urgency(history, coordinator):
    figures = request_figures(report_scope(coordinator), PERIOD)

    assert {row.borough.name: row.by_urgency for row in figures.open_rows} == {
        "Camden": {"routine": 1, "urgent": 1, "crisis": 0},
        "Hackney": {"routine": 1, "urgent": 0, "crisis": 0},
        "Haringey": {"routine": 0, "urgent": 0, "crisis": 1},
    }
    assert figures.open_total.counts == [2, 1, 1]


def test_a_manager_sees_only_their_boroughs_requests(history, camden_manager):
    figures = request_figures(report_scope(camden_manager), PERIOD)

    assert [row.borough.name for row in figures.rows] == ["Camden"]
    assert _fill(figures.total) == (4, 1, 2, 1, D("25.0"), D("10.0"))


def test_a_coordinators_borough_filter_narrows_every_figure(history, coordinator, haringey):
    scope = report_scope(coordinator, haringey.gss_code)

    assert _fill(request_figures(scope, PERIOD).total) == (3, 2, 1, 0, D("66.7"), D("7.3"))
    flows = flow_figures(scope, PERIOD)
    assert {(f.lender.name, f.host.name): f.days for f in flows.flows} == {
        ("Haringey", "Camden"): D("9.0"),
        ("Camden", "Haringey"): D("5.5"),
        ("Hackney", "Haringey"): D("4.0"),
    }


def test_the_period_is_whole_months_in_uk_time():
    # 30 June 23:30 UK time is 22:30 UTC: June. 1 July 00:30 UK time is 30 June UTC: July.
    period = Period(FIRST_MONTH, LAST_MONTH)

    assert period.holds(datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC))
    assert not period.holds(datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC))
    assert not period.holds(datetime.datetime(2025, 12, 31, 23, 59, tzinfo=datetime.UTC))
    assert period.last_day == datetime.date(2026, 6, 30)


def test_flows_matrix_equals_the_hand_count(history, coordinator):
    flows = flow_figures(report_scope(coordinator), PERIOD)

    assert [b.name for b in flows.lenders] == ["Camden", "Hackney", "Haringey", "Islington"]
    assert [b.name for b in flows.hosts] == ["Camden", "Hackney", "Haringey"]
    assert [(lender.name, cells, lent) for lender, cells, lent in flows.matrix] == [
        # 3 + 2.5 signed off; the 2 days waiting for sign-off do not count.
        ("Camden", [D(0), D(0), D("5.5")], D("5.5")),
        ("Hackney", [D(0), D(0), D("4.0")], D("4.0")),
        # 5 + the 2 March days of the week of 30 March (its 2 April days too: the period holds April).
        ("Haringey", [D("9.0"), D(0), D(0)], D("9.0")),
        # 1.5 in June; the 3 days in July are outside the period.
        ("Islington", [D(0), D("1.5"), D(0)], D("1.5")),
    ]
    assert flows.received == [D("9.0"), D("1.5"), D("9.5")]
    assert flows.total == D("20.0")
    assert [(f.lender.name, f.host.name) for f in flows.flows[:3]] == [
        ("Haringey", "Camden"),
        ("Camden", "Haringey"),
        ("Hackney", "Haringey"),
    ]


def test_flows_count_days_as_the_reciprocity_ledger_does(history, coordinator):
    everything = Period(datetime.date(2025, 1, 1), datetime.date(2026, 12, 1))
    flows = flow_figures(report_scope(coordinator), everything)

    assert {(f.lender.pk, f.host.pk): f.days for f in flows.flows} == {
        (pair.lender.pk, pair.host.pk): pair.days for pair in pair_figures()
    }


def test_a_manager_sees_only_flows_their_borough_lent_or_hosted(history, camden_manager):
    flows = flow_figures(report_scope(camden_manager), PERIOD)

    assert {(f.lender.name, f.host.name): f.days for f in flows.flows} == {
        ("Haringey", "Camden"): D("9.0"),
        ("Camden", "Haringey"): D("5.5"),
    }


def test_months_count_posted_filled_and_signed_off_days(history, coordinator):
    months = trend_figures(report_scope(coordinator), PERIOD)

    assert [(row.month.month, row.posted, row.filled, row.days) for row in months] == [
        # Filled counts the month of the filling approval: January has the
        # request posted in December as well.
        (1, 1, 2, D("5.5")),
        (2, 2, 1, D("4.0")),
        (3, 2, 1, D("7.0")),
        (4, 1, 0, D("2.0")),
        (5, 1, 0, D("0.0")),
        (6, 1, 0, D("1.5")),
    ]


def _answers(a) -> tuple:
    return (
        a.asked,
        a.answered,
        a.offered,
        a.declined,
        a.response_rate,
        a.median_days_to_answer,
        a.people_offered,
        a.people_agreed,
    )


def test_crisis_calls_and_response_rates_equal_the_hand_count(history, coordinator):
    figures = crisis_figures(report_scope(coordinator), PERIOD)

    assert [(row.call.borough.name, _answers(row.answers)) for row in figures.calls] == [
        # Asked 3 (Enfield was not reached); 1 and 3 days to answer: median 2.
        ("Haringey", (3, 2, 1, 1, D("66.7"), D("2.0"), 1, 1)),
        # 6 hours is 0.25 days, shown 0.3; the withdrawn offer is left out.
        ("Camden", (1, 1, 1, 0, D("100.0"), D("0.3"), 1, 0)),
    ]
    assert figures.people_needed == 3
    assert _answers(figures.total) == (4, 3, 2, 1, D("75.0"), D("1.0"), 2, 1)
    assert {row.borough.name: _answers(row.answers) for row in figures.by_borough} == {
        "Camden": (1, 1, 1, 0, D("100.0"), D("1.0"), 1, 1),
        "Hackney": (1, 1, 0, 1, D("100.0"), D("3.0"), 0, 0),
        "Haringey": (1, 1, 1, 0, D("100.0"), D("0.3"), 1, 0),
        "Islington": (1, 0, 0, 0, D("0.0"), None, 0, 0),
    }


def test_a_manager_sees_their_own_calls_and_their_own_answers(history, camden_manager):
    figures = crisis_figures(report_scope(camden_manager), PERIOD)

    assert [row.call.borough.name for row in figures.calls] == ["Camden"]
    assert _answers(figures.total) == (1, 1, 1, 0, D("100.0"), D("0.3"), 1, 0)
    assert [(row.borough.name, _answers(row.answers)) for row in figures.by_borough] == [
        ("Camden", (1, 1, 1, 0, D("100.0"), D("1.0"), 1, 1)),
    ]
