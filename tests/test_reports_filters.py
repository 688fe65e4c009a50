"""The reports' period filter: months typed in GOV.UK's date input (a month
and a year), bounded, with a specific message for each mistake; never a 500,
and a CSV asked for with a mistake is a 400 saying what is wrong."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressure.reports.forms import ReportFilterForm, add_months

pytestmark = pytest.mark.django_db

REPORTS = ["reports", "report_requests", "report_flows", "report_trends", "report_crisis"]
THIS_MONTH = timezone.localdate().replace(day=1)
NEXT_MONTH = add_months(THIS_MONTH, 1)


def _months(start=("", ""), end=("", "")) -> dict:
    return {
        "start-month": start[0],
        "start-year": start[1],
        "end-month": end[0],
        "end-year": end[1],
    }


BAD = [
    (_months(("6", "2026"), ("1", "2026")), "To month must be the same as or after the from month"),
    (_months(("1", "1999"), ("1", "2026")), "From month must be January 2020 or later"),
    (_months(("13", "2025")), "From month must be a real month"),
    (_months(("0", "2025")), "From month must be a real month"),
    (_months(("March", "2025")), "From month must be a real month"),
    (_months(("3", "")), "From month must include a year"),
    (_months(("", "2025")), "From month must include a month"),
    (_months(("3", "25")), "Year must include 4 numbers"),
    (_months(("3", "99999999999")), "From month must be a real month"),
    (_months(("3", "0000")), "From month must be January 2020 or later"),
    (
        _months(end=(str(NEXT_MONTH.month), str(NEXT_MONTH.year))),
        f"To month must be this month ({THIS_MONTH:%B %Y}) or earlier",
    ),
    (
        _months(("1", "2021"), ("1", "2025")),
        "The period must be 36 months or shorter",
    ),
]


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize(("query", "message"), BAD)
def test_bad_months_get_a_specific_error_never_a_500(client, coordinator, name, query, message):
    client.force_login(coordinator)

    response = client.get(reverse(name), query)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error: " in page
    assert "Correct the period above to see the figures" in page


@pytest.mark.parametrize("name", REPORTS[1:])
def test_a_csv_with_bad_months_is_a_400_saying_why(client, coordinator, name):
    client.force_login(coordinator)

    response = client.get(reverse(name), {**BAD[0][0], "format": "csv"})

    assert response.status_code == 400
    assert BAD[0][1] in response.content.decode()


def test_the_error_summary_links_to_the_month_box(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("report_requests"), _months(("13", "2025"))).content.decode()

    assert 'href="#id_start"' in page
    assert 'id="id_start" name="start-month"' in page
    assert 'value="13"' in page  # what was typed is shown back


def test_no_months_is_the_last_twelve():
    form = ReportFilterForm({})

    assert form.is_valid()
    assert form.period.last == THIS_MONTH
    assert len(form.period.months) == 12


def test_only_a_from_month_runs_to_this_month():
    form = ReportFilterForm(_months(("1", "2025")))

    assert form.is_valid()
    assert (form.period.first, form.period.last) == (datetime.date(2025, 1, 1), THIS_MONTH)


def test_only_a_to_month_is_the_twelve_months_to_it():
    form = ReportFilterForm(_months(end=("6", "2026")))

    assert form.is_valid()
    assert (form.period.first, form.period.last) == (
        datetime.date(2025, 7, 1),
        datetime.date(2026, 6, 1),
    )


def test_a_single_month_is_a_period():
    form = ReportFilterForm(_months(("3", "2026"), ("3", "2026")))

    assert form.is_valid()
    assert form.period.label == "March 2026"


def test_the_boxes_show_the_period_in_use(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("report_trends"), _months(end=("6", "2026"))).content.decode()

    assert 'id="id_start" name="start-month" type="text" value="7"' in page
    assert 'id="id_start-year" name="start-year" type="text" value="2025"' in page
    assert 'id="id_end" name="end-month" type="text" value="6"' in page
