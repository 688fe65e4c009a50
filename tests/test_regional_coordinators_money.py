"""Coordinators act on the money of their own regions only (issue 13).

London's coordinator answers, records and ends agreements that involve a
London borough, signs off weeks that London boroughs host, and sees London's
statements, ledger and agency rates. The North East's coordinator is
"another borough" to all of it: 404 on what they may not know exists, 403 on
what they see but may not change, and London's rows left out of their lists
and totals.
"""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Agreement, FundingModel, JobLevel
from money.agreements.services import agreement_propose, agreement_record
from money.models import AgencyDayRate, RechargeStatement, TimesheetStatus
from money.statements import services as statements
from money.timesheets.services import week_url
from tests.clock import at
from tests.factories import BoroughFactory, PlacementFactory, WorkerFactory
from tests.statement_seed import OCTOBER, seed
from tests.timesheet_scenes import SECOND_WEEK, TODAY, haringey_placement, submitted

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
STATEMENT = ["E09000007", "E09000014", "2026-10"]  # Camden charges Haringey


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def newcastle(db):
    return BoroughFactory(
        name="Newcastle upon Tyne",
        gss_code="E08000021",
        region="North East",
        kind="metropolitan_district",
    )


# --- Agreements -----------------------------------------------------------------


@pytest.fixture
def london_agreement(camden, haringey, coordinator):
    return agreement_record(
        borough_a=camden,
        borough_b=haringey,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=timezone.localdate() - 30 * DAY,
        by=coordinator,
    )


def _end(client, agreement):
    return client.post(
        reverse("agreement_end", args=[agreement.pk]),
        {"ends_on": timezone.localdate().isoformat(), "reason": "The partnership changes"},
    )


def test_londons_coordinator_sees_and_ends_a_london_agreement(
    client, london_agreement, london_coordinator
):
    client.force_login(london_coordinator)

    assert (
        london_agreement.get_absolute_url()
        in client.get(reverse("agreement_list")).content.decode()
    )
    assert client.get(london_agreement.get_absolute_url()).status_code == 200
    assert _end(client, london_agreement).status_code == 302

    london_agreement.refresh_from_db()
    assert london_agreement.ends_on == timezone.localdate()


def test_another_regions_coordinator_finds_no_london_agreement(
    client, london_agreement, north_east_coordinator
):
    client.force_login(north_east_coordinator)

    assert (
        london_agreement.get_absolute_url()
        not in client.get(reverse("agreement_list")).content.decode()
    )
    assert client.get(london_agreement.get_absolute_url()).status_code == 404
    assert _end(client, london_agreement).status_code == 404
    assert client.post(reverse("agreement_accept", args=[london_agreement.pk])).status_code == 404

    london_agreement.refresh_from_db()
    assert london_agreement.ends_on is None


def test_a_proposal_is_answered_by_either_regions_coordinators_only(
    client, camden, camden_manager, newcastle, london_coordinator, north_east_coordinator
):
    proposal = agreement_propose(
        from_borough=camden,
        to_borough=newcastle,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=timezone.localdate() + 10 * DAY,
        by=camden_manager,
    )
    outsider = BoroughFactory(name="Leeds", region="Yorkshire and The Humber")
    client.force_login(north_east_coordinator)

    # Newcastle is in the North East: its coordinator sees and answers it.
    assert proposal.get_absolute_url() in client.get(reverse("agreement_list")).content.decode()
    assert client.post(reverse("agreement_accept", args=[proposal.pk])).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    # Recording one between two boroughs outside the North East is refused.
    response = client.post(
        reverse("agreement_record"),
        {
            "borough_a": str(camden.pk),
            "borough_b": str(outsider.pk),
            "funding_model": FundingModel.HOME_FUNDED,
            "starts_on": (timezone.localdate() + 14 * DAY).isoformat(),
        },
    )
    assert response.status_code == 400
    assert Agreement.objects.count() == 1


# --- Timesheets -----------------------------------------------------------------


@pytest.fixture
def week(camden_worker, haringey, haringey_manager):
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield submitted(haringey_placement(camden_worker, haringey), SECOND_WEEK)


def test_londons_coordinator_signs_off_a_week_london_hosts(client, week, london_coordinator):
    client.force_login(london_coordinator)

    assert week_url(week) in client.get(reverse("timesheet_list")).content.decode()
    assert client.post(reverse("timesheet_sign_off", args=[week.pk])).status_code == 302

    week.refresh_from_db()
    assert week.status == TimesheetStatus.SIGNED_OFF


def test_another_regions_coordinator_finds_no_london_week(client, week, north_east_coordinator):
    client.force_login(north_east_coordinator)

    assert week_url(week) not in client.get(reverse("timesheet_list")).content.decode()
    assert client.get(week_url(week)).status_code == 404
    assert client.get(reverse("timesheet_detail", args=[week.pk])).status_code == 404
    assert client.post(reverse("timesheet_sign_off", args=[week.pk])).status_code == 404
    assert (
        client.post(reverse("timesheet_query", args=[week.pk]), {"reason": "Not ours"}).status_code
        == 404
    )
    assert client.get(reverse("placement_timesheets", args=[week.placement_id])).status_code == 404

    week.refresh_from_db()
    assert week.status == TimesheetStatus.SUBMITTED


def test_the_home_regions_coordinator_sees_a_week_but_only_the_hosts_sign_it_off(
    client, camden, newcastle, london_coordinator, north_east_coordinator
):
    # A Camden social worker placed in Newcastle: London lends, the North East hosts.
    with time_machine.travel(at(TODAY, 10), tick=False):
        placement = PlacementFactory(
            worker=WorkerFactory(borough=camden),
            status="active",
            help_request__borough=newcastle,
            help_request__starts_on=datetime.date(2026, 9, 30),
            help_request__ends_on=datetime.date(2026, 11, 27),
            help_request__days_per_week=3,
        )
        week = submitted(placement, SECOND_WEEK)
    client.force_login(london_coordinator)
    assert client.get(week_url(week)).status_code == 200
    assert client.post(reverse("timesheet_sign_off", args=[week.pk])).status_code == 403

    client.force_login(north_east_coordinator)
    assert client.post(reverse("timesheet_sign_off", args=[week.pk])).status_code == 302
    week.refresh_from_db()
    assert week.status == TimesheetStatus.SIGNED_OFF


# --- Statements, the ledger and agency rates ------------------------------------


@pytest.fixture
def history(camden, haringey, hackney):
    return seed(camden, haringey, hackney)


def test_londons_coordinator_sees_and_issues_londons_statements(
    client, history, london_coordinator
):
    client.force_login(london_coordinator)

    assert "Camden to Haringey" in _text(client.get(reverse("statement_list")))
    assert client.get(reverse("statement_detail", args=STATEMENT)).status_code == 200
    response = client.post(reverse("statement_issue", args=STATEMENT), {"confirm_unsigned": "on"})

    assert response.status_code == 302
    assert RechargeStatement.objects.filter(month=OCTOBER).count() == 1


def test_another_regions_coordinator_finds_no_london_statement(
    client, camden, haringey, camden_manager, history, north_east_coordinator
):
    statements.statement_issue(
        issuer=camden, billed=haringey, month=OCTOBER, confirm_unsigned=True, by=camden_manager
    )
    client.force_login(north_east_coordinator)

    listed = _text(client.get(reverse("statement_list")))
    assert "Camden" not in listed and "Haringey" not in listed
    assert (
        "Camden" not in client.get(reverse("statement_list"), {"format": "csv"}).getvalue().decode()
    )
    assert client.get(reverse("statement_detail", args=STATEMENT)).status_code == 404
    assert client.get(reverse("statement_version", args=[*STATEMENT, 1])).status_code == 404
    assert client.post(reverse("statement_mark_paid", args=STATEMENT)).status_code == 404
    assert (
        client.post(reverse("statement_query", args=STATEMENT), {"reason": "Not ours"}).status_code
        == 404
    )
    assert RechargeStatement.objects.get().status == "issued"


def test_the_ledger_report_totals_only_the_coordinators_regions(
    client, history, london_coordinator, north_east_coordinator
):
    client.force_login(london_coordinator)
    assert "Camden" in _text(client.get(reverse("ledger_report")))

    client.force_login(north_east_coordinator)
    page = _text(client.get(reverse("ledger_report")))
    assert "Camden" not in page and "Haringey" not in page


def test_only_a_regions_coordinators_set_its_agency_rates(
    client, camden, newcastle, london_coordinator, north_east_coordinator
):
    london = {"region": "London", f"rate_{JobLevel.SOCIAL_WORKER.value}": "450"}
    client.force_login(north_east_coordinator)
    page = client.get(reverse("agency_rates")).content.decode()
    assert "Change agency day rates for North East" in page
    assert "Change agency day rates for London" not in page
    assert client.post(reverse("agency_rates"), london).status_code == 403
    assert not AgencyDayRate.objects.exists()

    client.force_login(london_coordinator)
    assert client.post(reverse("agency_rates"), london).status_code == 302
    assert AgencyDayRate.objects.get().region == "London"
