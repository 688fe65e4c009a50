"""Monthly pressure reports through the API: a borough's own managers and
coordinators make and change them with the form's ranges (400), only for open
months, and a month closed for changes is a conflict (409)."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import PressureReport
from tests.api_clients import api_client_for
from tests.api_query_counts import list_queries
from tests.factories import PressureReportFactory

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)
LONG_AGO = datetime.date(2025, 1, 1)


def _figures(**overrides) -> dict:
    return {
        "vacancy_rate": "18.5",
        "agency_rate": "12.0",
        "average_caseload": "17.5",
        "assessment_backlog": 40,
        "referrals": 150,
    } | overrides


def test_a_manager_reports_for_their_own_borough(camden, camden_manager):
    response = api_client_for(camden_manager).post(
        "/api/v1/pressure-reports/", _figures(month=f"{THIS_MONTH:%Y-%m}"), format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["borough"]["gss_code"] == "E09000007"
    assert response.json()["vacancy_rate"] == "18.5"
    report = PressureReport.objects.get()
    assert AuditEvent.objects.filter(action="pressure_report_created", object_id=report.pk).exists()


def test_figures_out_of_range_get_the_forms_messages(camden, camden_manager):
    response = api_client_for(camden_manager).post(
        "/api/v1/pressure-reports/",
        _figures(month=THIS_MONTH.isoformat(), vacancy_rate="101", average_caseload="61"),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "vacancy_rate": ["The vacancy rate must be 100% or less"],
        "average_caseload": [
            "The average caseload must be 60 or fewer: check the figure is per worker, "
            "not the team's total"
        ],
    }
    assert not PressureReport.objects.exists()


def test_a_closed_month_and_a_second_report_are_refused(camden, camden_manager):
    client = api_client_for(camden_manager)
    client.post("/api/v1/pressure-reports/", _figures(month=THIS_MONTH.isoformat()), format="json")

    closed = client.post("/api/v1/pressure-reports/", _figures(month="2025-01"), format="json")
    twice = client.post(
        "/api/v1/pressure-reports/", _figures(month=THIS_MONTH.isoformat()), format="json"
    )

    assert closed.json() == {"month": ["Select a month that is still open for reports"]}
    assert twice.status_code == 409
    assert "already has a report" in twice.json()["detail"]
    assert PressureReport.objects.count() == 1


def test_changing_an_open_report_and_a_closed_one(camden, camden_manager):
    open_report = PressureReportFactory(borough=camden, month=THIS_MONTH)
    old = PressureReportFactory(borough=camden, month=LONG_AGO)
    client = api_client_for(camden_manager)

    changed = client.patch(
        f"/api/v1/pressure-reports/{open_report.pk}/", {"referrals": 99}, format="json"
    )
    bad = client.patch(
        f"/api/v1/pressure-reports/{open_report.pk}/", {"agency_rate": "-1"}, format="json"
    )
    closed = client.patch(f"/api/v1/pressure-reports/{old.pk}/", {"referrals": 99}, format="json")

    assert changed.status_code == 200 and changed.json()["referrals"] == 99
    assert changed.json()["vacancy_rate"] == "15.0"  # untouched figures stay
    assert bad.json() == {"agency_rate": ["The agency worker rate must be 0% or more"]}
    assert closed.status_code == 409 and "can no longer be changed" in closed.json()["detail"]
    old.refresh_from_db()
    assert old.referrals == 120


def test_reports_are_for_their_borough_and_coordinators_only(
    camden, haringey, camden_manager, haringey_manager, camden_worker, coordinator
):
    report = PressureReportFactory(borough=camden)
    PressureReportFactory(borough=haringey)
    url = f"/api/v1/pressure-reports/{report.pk}/"
    haringey_client = api_client_for(haringey_manager)

    assert haringey_client.get(url).status_code == 404
    assert haringey_client.get("/api/v1/pressure-reports/?borough=E09000007").status_code == 404
    assert [
        r["borough"]["gss_code"]
        for r in haringey_client.get("/api/v1/pressure-reports/").json()["results"]
    ] == ["E09000014"]
    worker = api_client_for(camden_worker)
    assert worker.get("/api/v1/pressure-reports/").json()["count"] == 0
    assert api_client_for(coordinator).get("/api/v1/pressure-reports/").json()["count"] == 2
    new = worker.post(
        "/api/v1/pressure-reports/", _figures(month=THIS_MONTH.isoformat()), format="json"
    )
    assert new.status_code == 404


def test_the_list_is_paginated(camden, camden_manager):
    for months_ago in range(3):
        PressureReportFactory(borough=camden, month=datetime.date(2025, 1 + months_ago, 1))

    page = api_client_for(camden_manager).get("/api/v1/pressure-reports/?page_size=2").json()

    assert page["count"] == 3 and [r["month"] for r in page["results"]] == [
        "2025-03-01",
        "2025-02-01",
    ]


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_costs_the_same_however_many(camden, camden_manager, size):
    for n in range(size):
        PressureReportFactory(borough=camden, month=datetime.date(2024 + n // 12, 1 + n % 12, 1))

    # The token, the count and the page with boroughs and who reported.
    assert list_queries(api_client_for(camden_manager), "/api/v1/pressure-reports/") == 3
