"""Monthly pressure reports: a borough's managers (and coordinators) report
each open month once, can change it until the end of the month after, and
every save is audited; bad figures get specific errors and save nothing."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from boroughs.models import PressureReport
from pressure.monthly import services
from tests.clock import at
from tests.factories import PressureReportFactory, WorkerFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 18)
NOVEMBER, OCTOBER, SEPTEMBER = (datetime.date(2026, m, 1) for m in (11, 10, 9))
FIGURES = {
    "vacancy_rate": "18.5",
    "agency_rate": "12.0",
    "average_caseload": "17.5",
    "assessment_backlog": "40",
    "referrals": "310",
}


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel(at(TODAY), tick=False):
        yield


def _post_new(client, borough, **overrides):
    return client.post(
        reverse("pressure_report_new", args=[borough.gss_code]),
        {"month": NOVEMBER.isoformat(), **FIGURES, **overrides},
    )


def test_a_manager_reports_for_this_month_and_it_is_audited(client, haringey, haringey_manager):
    client.force_login(haringey_manager)
    page = client.get(reverse("pressure_report_new", args=[haringey.gss_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "November 2026" in html and "October 2026" in html and "September 2026" not in html
    response = _post_new(client, haringey)
    assert response.status_code == 302
    report = PressureReport.objects.get(borough=haringey, month=NOVEMBER)
    assert (report.vacancy_rate, report.referrals, report.reported_by) == (
        Decimal("18.5"),
        310,
        haringey_manager,
    )
    event = AuditEvent.objects.get(action="pressure_report_created")
    assert event.actor == haringey_manager and event.object_id == report.pk
    listing = client.get(reverse("pressure_reports", args=[haringey.gss_code])).content.decode()
    assert "November 2026" in listing and "18.5" in listing
    assert "until the end of the month after it" in listing


def test_a_coordinator_reports_for_any_borough(client, camden, coordinator):
    client.force_login(coordinator)
    assert _post_new(client, camden).status_code == 302
    assert PressureReport.objects.get(borough=camden).reported_by == coordinator


def test_a_second_report_for_the_same_month_points_at_the_first(client, haringey, haringey_manager):
    first = PressureReportFactory(borough=haringey, month=NOVEMBER)
    client.force_login(haringey_manager)
    response = _post_new(client, haringey, vacancy_rate="30")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Haringey already has a report for November 2026: change that report instead" in html
    assert reverse("pressure_report", args=[first.pk]) in html
    assert PressureReport.objects.count() == 1
    assert PressureReport.objects.get().vacancy_rate == first.vacancy_rate
    assert not AuditEvent.objects.filter(action__startswith="pressure_report").exists()


def test_a_race_for_the_same_month_is_a_form_error_not_a_500(
    client, haringey, haringey_manager, monkeypatch
):
    # The other manager's report lands between the check and the insert.
    def missed_by_the_check(borough, month):
        PressureReportFactory(borough=borough, month=month)
        return None

    monkeypatch.setattr(services, "existing_report", missed_by_the_check)
    client.force_login(haringey_manager)
    response = _post_new(client, haringey)
    assert response.status_code == 400
    assert "already has a report for November 2026" in response.content.decode()
    # The stand-in for the other manager's report ran in this request's
    # transaction, so it is rolled back with it: nothing of ours was saved.
    assert not PressureReport.objects.filter(reported_by=haringey_manager).exists()
    assert not AuditEvent.objects.filter(action__startswith="pressure_report").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("vacancy_rate", "101", "The vacancy rate must be 100% or less"),
        ("agency_rate", "-3", "The agency worker rate must be 0% or more"),
        ("vacancy_rate", "lots", "Enter the vacancy rate as a number, for example 12.5"),
        ("average_caseload", "75", "The average caseload must be 60 or fewer"),
        ("average_caseload", "-1", "The average caseload must be 0 or more"),
        ("assessment_backlog", "-5", "The number of assessments overdue must be 0 or more"),
        ("assessment_backlog", "ten", "Enter the number of assessments overdue as a whole number"),
        ("referrals", "1.5", "Enter the number of referrals as a whole number"),
        ("referrals", "100001", "The number of referrals must be 100,000 or fewer"),
        ("vacancy_rate", "", "Enter the vacancy rate"),
        ("month", "2026-09-01", "Select a month that is still open for reports"),
        ("month", "2026-12-01", "Select a month that is still open for reports"),
    ],
)
def test_bad_figures_get_a_specific_error_and_save_nothing(
    client, haringey, haringey_manager, field, value, message
):
    client.force_login(haringey_manager)
    response = _post_new(client, haringey, **{field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not PressureReport.objects.exists()


def test_a_report_can_be_changed_until_the_end_of_the_next_month(
    client, haringey, haringey_manager
):
    report = PressureReportFactory(borough=haringey, month=OCTOBER, reported_by=haringey_manager)
    client.force_login(haringey_manager)
    page = client.get(reverse("pressure_report", args=[report.pk])).content.decode()
    assert "You can change this report until 30 November 2026" in page
    response = client.post(
        reverse("pressure_report", args=[report.pk]), {**FIGURES, "agency_rate": "25.5"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.agency_rate == Decimal("25.5") and report.updated_by == haringey_manager
    event = AuditEvent.objects.get(action="pressure_report_updated")
    assert "agency_rate" in event.changed_fields


def test_a_closed_report_cannot_be_changed(client, haringey, haringey_manager):
    report = PressureReportFactory(borough=haringey, month=SEPTEMBER, vacancy_rate=Decimal("9"))
    client.force_login(haringey_manager)
    page = client.get(reverse("pressure_report", args=[report.pk]))
    assert page.status_code == 200
    assert "closed on 31 October 2026 and can no longer be changed" in page.content.decode()
    response = client.post(reverse("pressure_report", args=[report.pk]), FIGURES)
    assert response.status_code == 409
    assert "can no longer be changed" in response.content.decode()
    report.refresh_from_db()
    assert report.vacancy_rate == Decimal("9")
    with pytest.raises(services.ReportClosed):
        services.pressure_report_update(
            report=report, data={"vacancy_rate": Decimal("1")}, by=haringey_manager
        )
    assert not AuditEvent.objects.filter(action="pressure_report_updated").exists()


def test_the_services_refuse_other_boroughs_and_closed_months(
    haringey, hackney_manager, haringey_manager
):
    data = {k: Decimal(v) for k, v in FIGURES.items()}
    with pytest.raises(PermissionDenied):
        services.pressure_report_create(
            borough=haringey, month=NOVEMBER, data=data, by=hackney_manager
        )
    with pytest.raises(ValidationError, match="still open"):
        services.pressure_report_create(
            borough=haringey, month=SEPTEMBER, data=data, by=haringey_manager
        )
    assert not PressureReport.objects.exists()


def test_other_boroughs_and_workers_get_404(client, haringey, hackney_manager):
    report = PressureReportFactory(borough=haringey, month=NOVEMBER)
    worker = WorkerFactory(borough=haringey)
    for person in (hackney_manager, worker):
        client.force_login(person)
        assert client.get(reverse("pressure_reports", args=[haringey.gss_code])).status_code == 404
        assert _post_new(client, haringey).status_code == 404
        assert client.post(reverse("pressure_report", args=[report.pk]), FIGURES).status_code == 404
    assert PressureReport.objects.count() == 1


def test_the_manager_dashboard_says_whether_this_months_report_is_due(
    client, haringey, haringey_manager
):
    client.force_login(haringey_manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert "monthly pressure report for November 2026 has not been made yet" in page
    assert reverse("pressure_report_new", args=[haringey.gss_code]) in page
    report = PressureReportFactory(borough=haringey, month=NOVEMBER)
    page = client.get(reverse("dashboard")).content.decode()
    assert "report for November 2026 is in" in page
    assert reverse("pressure_report", args=[report.pk]) in page
    assert "until 31 December 2026" in page
