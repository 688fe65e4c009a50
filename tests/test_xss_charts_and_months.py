"""The server-drawn SVG charts (reports, league table) put borough names and
labels inside SVG text and attributes by string building; the month boxes of
the reports filter are built in Python too. Hostile names and boxes stay text
(issue 12, acceptance 6)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pressure.league.chart import sparkline
from pressure.reports.charts import bar_chart, heat_map
from tests.xss_payloads import assert_shown_escaped, payload


def test_a_heat_map_shows_hostile_borough_names_as_text():
    svg = heat_map("flows", payload("xss0"), [payload("xss1")], [payload("xss2")], [[Decimal(3)]])

    for tag in ("xss0", "xss1", "xss2"):
        assert_shown_escaped(str(svg), tag)


def test_a_bar_chart_shows_hostile_labels_and_series_names_as_text():
    svg = bar_chart("trend", payload("xss0"), [payload("xss1")], [(payload("xss2"), [4])])

    for tag in ("xss0", "xss1", "xss2"):
        assert_shown_escaped(str(svg), tag)


def test_a_sparkline_shows_a_hostile_authority_name_as_text():
    svg = sparkline(payload("xss0"), [(2024, Decimal("90.5")), (2025, Decimal("101.0"))])

    assert "<script>alert(" not in str(svg)
    assert '"><img' not in str(svg)
    assert "&lt;script&gt;alert(" in str(svg)


@pytest.mark.django_db
@pytest.mark.parametrize("box", ["start-month", "start-year", "end-month", "end-year"])
def test_a_month_box_of_the_reports_filter_sends_typed_text_back_as_text(client, coordinator, box):
    client.force_login(coordinator)

    # Each box keeps at most 10 characters: enough to try leaving the value="".
    response = client.get(reverse("report_requests"), {box: '"><b id=x>'})

    html = response.content.decode()
    assert "<b id=x>" not in html
    assert "&gt;&lt;b id=x&gt;" in html
