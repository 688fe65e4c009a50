"""Coordinators act on pressure within their own regions only (issue 13).

London's coordinator reports London boroughs' monthly figures, raises crisis
calls for them, sees and closes them, is told when a London borough stays
silent, and reads reports over London's boroughs. The North East's
coordinator gets 404 on all of it, chooses no London borough in a form or a
report, and their reports' totals leave London out. The league table stays
public and national.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from boroughs.models import PressureReport
from notifications.models import Notification
from pressure.crisis.widening import crisis_asks_escalate_due
from pressure.models import CrisisCall, CrisisStatus
from tests.clock import at
from tests.crisis_scenes import make_circle, raise_call, raise_form
from tests.factories import BoroughFactory, PressureReportFactory
from tests.reports_history import PERIOD_QUERY, seed_history

pytestmark = pytest.mark.django_db

REPORTS = ["reports", "report_requests", "report_flows", "report_trends", "report_crisis"]
NOVEMBER = datetime.date(2026, 11, 1)
FIGURES = {
    "month": NOVEMBER.isoformat(),
    "vacancy_rate": "18.5",
    "agency_rate": "12.0",
    "average_caseload": "17.5",
    "assessment_backlog": "40",
    "referrals": "310",
}


@pytest.fixture
def newcastle(db):
    return BoroughFactory(
        name="Newcastle upon Tyne",
        gss_code="E08000021",
        region="North East",
        kind="metropolitan_district",
    )


# --- Monthly pressure reports ---------------------------------------------------


def test_pressure_reports_are_made_by_the_boroughs_regional_coordinators_only(
    client, haringey, london_coordinator, north_east_coordinator
):
    report = PressureReportFactory(borough=haringey, month=datetime.date(2026, 10, 1))
    new = reverse("pressure_report_new", args=[haringey.gss_code])

    with time_machine.travel(at(datetime.date(2026, 11, 18)), tick=False):
        client.force_login(north_east_coordinator)
        assert client.get(reverse("pressure_reports", args=[haringey.gss_code])).status_code == 404
        assert client.get(new).status_code == 404
        assert client.post(new, FIGURES).status_code == 404
        assert client.get(reverse("pressure_report", args=[report.pk])).status_code == 404
        listed = reverse("pressure_reports", args=[haringey.gss_code])
        borough_page = reverse("borough_detail", args=[haringey.gss_code])
        assert listed not in client.get(borough_page).content.decode()
        assert PressureReport.objects.count() == 1

        client.force_login(london_coordinator)
        assert listed in client.get(borough_page).content.decode()
        assert client.post(new, FIGURES).status_code == 302
        assert PressureReport.objects.filter(borough=haringey, month=NOVEMBER).exists()


def test_the_league_table_stays_public_and_national(client, haringey, north_east_coordinator):
    client.force_login(north_east_coordinator)

    assert client.get(reverse("league_table")).status_code == 200
    assert client.get(reverse("league_authority", args=[haringey.gss_code])).status_code in (
        200,
        404,  # an authority with no published figures has no league page
    )


# --- Crisis calls ---------------------------------------------------------------


def test_a_coordinator_raises_crisis_calls_for_the_boroughs_of_their_regions(
    client, newcastle, london_coordinator, north_east_coordinator
):
    circle = make_circle()
    haringey = circle["Haringey"]

    client.force_login(north_east_coordinator)
    form = client.get(reverse("crisis_raise")).content.decode()
    assert "Newcastle upon Tyne" in form and "Haringey" not in form
    refused = client.post(reverse("crisis_raise"), raise_form(borough=str(haringey.pk)))
    assert refused.status_code == 400
    assert not CrisisCall.objects.exists()

    client.force_login(london_coordinator)
    response = client.post(reverse("crisis_raise"), raise_form(borough=str(haringey.pk)))
    assert response.status_code == 302
    assert CrisisCall.objects.get().borough == haringey


def test_another_regions_coordinator_finds_no_london_call(
    client, london_coordinator, north_east_coordinator
):
    call = raise_call(make_circle())
    board = reverse("crisis_board", args=[call.pk])

    client.force_login(north_east_coordinator)
    assert board not in client.get(reverse("crisis_list")).content.decode()
    assert client.get(board).status_code == 404
    assert client.post(reverse("crisis_close", args=[call.pk]), {"reason": "x"}).status_code == 404

    client.force_login(london_coordinator)
    assert board in client.get(reverse("crisis_list")).content.decode()
    assert client.get(board).status_code == 200
    assert client.post(reverse("crisis_close", args=[call.pk]), {"reason": ""}).status_code == 302
    call.refresh_from_db()
    assert call.status == CrisisStatus.CLOSED


def test_a_silent_borough_is_told_to_its_regions_coordinators(
    coordinator, london_coordinator, north_east_coordinator
):
    raised = datetime.date(2027, 3, 25)
    with time_machine.travel(at(raised, 10), tick=False) as traveller:
        raise_call(make_circle())
        traveller.move_to(at(datetime.date(2027, 4, 2), 9))  # four working days on
        assert crisis_asks_escalate_due() == 2

    told = set(
        Notification.objects.filter(event="crisis_escalated").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {coordinator.email, london_coordinator.email}


# --- Reports --------------------------------------------------------------------


@pytest.fixture
def history(camden, haringey, hackney):
    return seed_history(camden, haringey, hackney)


@pytest.mark.parametrize("name", REPORTS)
def test_reports_cover_only_the_coordinators_regions(
    client, camden, newcastle, history, london_coordinator, north_east_coordinator, name
):
    client.force_login(north_east_coordinator)
    for query in ({"borough": camden.gss_code}, {"borough": camden.gss_code, "format": "csv"}):
        response = client.get(reverse(name), {**PERIOD_QUERY, **query})
        assert response.status_code == 404, query
    page = client.get(reverse(name), PERIOD_QUERY)
    assert page.status_code == 200
    assert b"Camden" not in page.content and b"Haringey" not in page.content

    client.force_login(london_coordinator)
    page = client.get(reverse(name), {**PERIOD_QUERY, "borough": camden.gss_code})
    assert page.status_code == 200
    assert "Reports: Camden" in page.content.decode()


def test_a_regional_coordinators_totals_leave_other_regions_out(
    client, newcastle, history, london_coordinator, north_east_coordinator
):
    client.force_login(london_coordinator)
    london = client.get(reverse("report_requests"), PERIOD_QUERY).content.decode()
    assert "Camden" in london and "Hackney" in london

    client.force_login(north_east_coordinator)
    north_east = client.get(reverse("report_requests"), PERIOD_QUERY).content.decode()
    assert "Camden" not in north_east and "Hackney" not in north_east
    assert "Newcastle upon Tyne" in north_east
