"""The demo gives the reports something to show: requests posted over the past
months that ended unfilled, and the worked history's requests published (and
approved) weeks before their placements began, so fill times are real;
seeding twice changes nothing more."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from home.demo.money import HISTORY_MARK
from home.demo.pressure_reports import PAST_REQUESTS, REPORTS_MARK, seed_pressure_reports
from pressure.reports.figures import flow_figures, request_figures, trend_figures
from pressure.reports.forms import default_period
from pressure.reports.scope import report_scope
from secondments.models import HelpRequest, Placement, RequestStatus

pytestmark = pytest.mark.django_db


def test_the_demo_reports_have_months_fill_times_and_flows(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")

    # seed_demo made them; a second run makes and moves nothing more.
    before = sorted(HelpRequest.objects.values_list("pk", "published_at"))
    assert seed_pressure_reports() == 0
    assert sorted(HelpRequest.objects.values_list("pk", "published_at")) == before

    past = HelpRequest.objects.filter(description__endswith=REPORTS_MARK)
    assert past.count() == len(PAST_REQUESTS)
    assert set(past.values_list("status", flat=True)) == {
        RequestStatus.CLOSED,
        RequestStatus.CANCELLED,
    }
    this_month = timezone.localdate().replace(day=1)
    assert all(
        timezone.localtime(published).date() < this_month
        for published in past.values_list("published_at", flat=True)
    )
    for placement in Placement.objects.filter(help_request__description__endswith=HISTORY_MARK):
        published = placement.help_request.published_at
        assert timezone.localtime(published).date() < placement.starts_on
        assert published < placement.created_at

    coordinator = User.objects.filter(role="coordinator").first()
    scope, period = report_scope(coordinator), default_period()
    figures = request_figures(scope, period)
    assert figures.total.posted > len(PAST_REQUESTS)
    assert figures.total.filled >= 3
    assert figures.total.median_days_to_fill > 0
    months = trend_figures(scope, period)
    assert sum(1 for row in months if row.posted) >= 8
    assert sum(1 for row in months if row.days) >= 2
    assert flow_figures(scope, period).total > 0
