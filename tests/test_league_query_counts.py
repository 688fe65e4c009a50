"""The league table, its downloads, an authority's page and a borough's monthly
reports cost the same number of queries however many reports there are."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BoroughFactory, PressureReportFactory, WorkforceFigureFactory

pytestmark = pytest.mark.django_db

SIZES = [2, 30]


def _authorities(size: int) -> list:
    """`size` boroughs with DfE figures for two years and a report for each of the
    last two months."""
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    boroughs = []
    for n in range(size):
        borough = BoroughFactory(name=f"Borough {n}")
        for year in (2024, 2025):
            WorkforceFigureFactory(borough=borough, year=year)
        for month in (last_month, this_month):
            PressureReportFactory(borough=borough, month=month)
        boroughs.append(borough)
    return boroughs


def _get(client, url: str, queries: int, django_assert_num_queries) -> str:
    with django_assert_num_queries(queries):
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return content.decode()


# The DfE figures, and the reports of the last three months with their boroughs.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "name", ["league_table", "league_table_csv", "league_table_json", "league_authority"]
)
def test_league_pages_cost_the_same_signed_out(client, django_assert_num_queries, size, name):
    boroughs = _authorities(size)
    args = [boroughs[-1].gss_code] if name == "league_authority" else []
    page = _get(client, reverse(name, args=args), 2, django_assert_num_queries)
    assert boroughs[-1].name in page


# Signed in: the session, the user, the MFA check, the unread count and the
# borough in the banner; then the page's borough and its reports with who made them.
@pytest.mark.parametrize("size", SIZES)
def test_monthly_reports_page_costs_the_same(
    client, camden, camden_manager, django_assert_num_queries, size
):
    start = timezone.localdate().replace(day=1)
    for n in range(size):
        month = datetime.date(start.year - 1 - n // 12, n % 12 + 1, 1)
        PressureReportFactory(borough=camden, month=month, reported_by=camden_manager)
    client.force_login(camden_manager)
    page = _get(
        client,
        reverse("pressure_reports", args=[camden.gss_code]),
        QUERIES_SIGNED_IN + 2,
        django_assert_num_queries,
    )
    assert page.count('href="/pressure-reports/') >= size


QUERIES_SIGNED_IN = 5
