"""Who may see and make a borough's monthly pressure reports (DESIGN.md: the
borough's own managers and coordinators). Anyone else is told they do not exist."""

from django.http import Http404

from accounts.models import User
from boroughs.models import Borough, PressureReport
from pressure.monthly.services import may_report_for


def get_reporting_borough_for_user(user: User, gss_code: str) -> Borough:
    """404 unless the person may see and make this borough's reports."""
    borough = Borough.objects.filter(gss_code=gss_code).first()
    if borough is None or not may_report_for(user, borough):
        raise Http404("No such borough's reports")
    return borough


def get_report_for_user(user: User, pk: int) -> PressureReport:
    """404 unless the person may see this report. Whoever sees it may change it
    while its month is open; the service answers a closed month."""
    report = (
        PressureReport.objects.select_related("borough", "reported_by", "updated_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not may_report_for(user, report.borough):
        raise Http404("No such report")
    return report
