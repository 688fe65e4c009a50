"""Acceptance 2: the reciprocity ledger on the seeded history
(tests/statement_seed.py): each borough's signed-off days given and received,
worked out by hand, and the balances across all boroughs sum to zero."""

import datetime
from decimal import Decimal as D

import pytest

from boroughs.models import FundingModel
from money.models import AgencyDayRate
from money.statements.ledger import balances, borough_ledger, pair_figures
from money.statements.statements import draft_figures
from secondments.models import PlacementStatus
from tests.factories import PlacementFactory, WorkerFactory, worked_week
from tests.statement_seed import seed

pytestmark = pytest.mark.django_db

# Camden's staff in Haringey: Ada (September 3 + 2, October 1 + 2.5 + 3 + 2;
# the week of 12 October is not signed off), Ben 1.5 + 3 + 2, Cat 2.
CAMDEN_TO_HARINGEY = (
    (D(3) + D(2)) + (D(1) + D("2.5") + D(3) + D(2)) + (D("1.5") + D(3) + D(2)) + D(2)
)
HARINGEY_TO_CAMDEN = D(3)  # Dan
CAMDEN_TO_HACKNEY = D(2)  # Eve
HACKNEY_TO_HARINGEY = D("3.5")  # Fay

EXPECTED = {
    # borough: (given, received)
    "Camden": (CAMDEN_TO_HARINGEY + CAMDEN_TO_HACKNEY, HARINGEY_TO_CAMDEN),
    "Haringey": (HARINGEY_TO_CAMDEN, CAMDEN_TO_HARINGEY + HACKNEY_TO_HARINGEY),
    "Hackney": (HACKNEY_TO_HARINGEY, CAMDEN_TO_HACKNEY),
}


@pytest.fixture
def history(camden, haringey, hackney):
    return seed(camden, haringey, hackney)


def test_each_boroughs_days_equal_the_hand_count(history):
    rows = {row.borough.name: row for row in balances(pair_figures())}

    assert D(22) == CAMDEN_TO_HARINGEY
    for name, (given, received) in EXPECTED.items():
        assert (rows[name].given, rows[name].received) == (given, received), name
    assert rows["Camden"].balance == D(21)
    assert rows["Haringey"].balance == D("-22.5")
    assert rows["Hackney"].balance == D("1.5")


def test_balances_across_all_boroughs_sum_to_zero(history):
    assert sum(row.balance for row in balances(pair_figures())) == 0


def test_a_boroughs_ledger_shows_each_other_borough(camden, history):
    rows = {row.other.name: row for row in borough_ledger(camden)}

    assert (rows["Haringey"].given, rows["Haringey"].received) == (
        CAMDEN_TO_HARINGEY,
        HARINGEY_TO_CAMDEN,
    )
    assert (rows["Hackney"].given, rows["Hackney"].received) == (CAMDEN_TO_HACKNEY, D(0))
    # Ada 13.5 days at £300, Ben 6.5 at £251.98, Cat at no charge.
    assert rows["Haringey"].charged == D("13.5") * D("300.00") + D("6.5") * D("251.98")
    assert rows["Haringey"].charged_to_us == 3 * D("200.00")
    # Dan's 3 days cost Camden £600 against £1,350 through an agency.
    assert rows["Haringey"].saving_to_us == 3 * D("450.00") - 3 * D("200.00")


def test_the_pair_table_compares_cost_with_an_agency(history):
    pairs = {(p.lender.name, p.host.name): p for p in pair_figures()}

    camden_haringey = pairs[("Camden", "Haringey")]
    assert camden_haringey.days == CAMDEN_TO_HARINGEY
    assert camden_haringey.agency_cost == (D("13.5") + D(2)) * D("450.00") + D("6.5") * D("500.00")
    assert camden_haringey.saving == camden_haringey.agency_cost - camden_haringey.cost
    assert pairs[("Hackney", "Haringey")].cost == D("0.00")


def test_what_a_borough_charged_adds_up_its_statements(camden, hackney):
    # Half days at £300.01 in September and in October: each month's statement
    # rounds its £150.005 up to £150.01, so Camden charged Hackney £300.02 in
    # all, not the £300.01 one whole day would round to.
    placement = PlacementFactory(
        worker=WorkerFactory(borough=camden, worker_profile__job_level=1),
        status=PlacementStatus.ACTIVE,
        help_request__borough=hackney,
        help_request__starts_on=datetime.date(2026, 9, 28),
        help_request__ends_on=datetime.date(2026, 10, 30),
        help_request__funding_model=FundingModel.DAY_RATE,
        day_rate=D("300.01"),
    )
    worked_week(placement, datetime.date(2026, 9, 28), {1: "0.5", 3: "0.5"})
    AgencyDayRate.objects.create(region="London", job_level=1, day_rate=D("450.01"))

    statements = [
        draft_figures(camden, hackney, month)
        for month in (datetime.date(2026, 9, 1), datetime.date(2026, 10, 1))
    ]
    rows = {row.other.name: row for row in borough_ledger(camden)}
    pair = pair_figures()[0]

    assert [figures.total for figures in statements] == [D("150.01"), D("150.01")]
    assert rows["Hackney"].charged == D("300.02")
    assert pair.cost == sum(figures.total for figures in statements)
    assert pair.agency_cost == sum(figures.agency_total for figures in statements)
