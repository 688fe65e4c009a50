"""The report pages through the test client, on the known history of
tests/reports_history.py: each shows the hand-counted figures, and each CSV
download parses back (csv module) to the same figures as the page's tables."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.html_tables import table_rows
from tests.reports_history import PERIOD_QUERY, seed_history

pytestmark = pytest.mark.django_db

DASH = "\u2013"


@pytest.fixture
def history(camden, haringey, hackney):
    return seed_history(camden, haringey, hackney)


def _page(client, name: str, **query) -> str:
    response = client.get(reverse(name), {**PERIOD_QUERY, **query})
    assert response.status_code == 200
    return response.content.decode()


def _csv(client, name: str, **query) -> list[list[str]]:
    response = client.get(reverse(name), {**PERIOD_QUERY, **query, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def _figure(cell: str) -> Decimal | None:
    """A page's cell or a CSV cell as a number: "37.5%", "10 days", "4" or "37.5"; a dash or nothing is None."""
    cell = cell.removesuffix("%").removesuffix(" days").removesuffix(" day").strip()
    return None if cell in ("", DASH) else Decimal(cell)


def _figures(row: list[str]) -> list:
    return [row[0], *(_figure(cell) for cell in row[1:])]


def test_requests_report_shows_the_hand_counted_figures(client, coordinator, history):
    client.force_login(coordinator)

    page = _page(client, "report_requests")

    assert "January 2026 to June 2026" in page
    assert '<span class="app-stat" id="fill-rate">37.5%</span>' in page
    assert '<span class="app-stat" id="median-fill">10 days</span>' in page
    assert table_rows(page, "fill-by-borough")[1:] == [
        ["Camden", "4", "1", "2", "1", "25.0%", "10 days"],
        ["Hackney", "1", "0", "1", "0", "0.0%", DASH],
        ["Haringey", "3", "2", "1", "0", "66.7%", "7.3 days"],
        ["All boroughs", "8", "3", "4", "1", "37.5%", "10 days"],
    ]


def test_requests_csv_parses_back_to_the_pages_figures(client, coordinator, history):
    client.force_login(coordinator)
    page = _page(client, "report_requests")

    header, *rows = _csv(client, "report_requests")

    assert header[:7] == [
        "Borough",
        "Posted",
        "Filled",
        "Still open",
        "Ended unfilled",
        "Fill rate (%)",
        "Median days to fill",
    ]
    assert [_figures(row[:7]) for row in rows] == [
        _figures(row) for row in table_rows(page, "fill-by-borough")[1:]
    ]
    # The open requests by urgency: the page lists boroughs with any open.
    open_csv = {row[0]: [_figure(c) for c in row[7:]] for row in rows}
    for name, *counts in table_rows(page, "open-by-urgency")[1:]:
        *by_urgency, total = (_figure(c) for c in counts)
        assert open_csv[name] == by_urgency
        assert sum(by_urgency) == total


def test_flows_report_shows_the_matrix_heat_map_and_summary(client, coordinator, history):
    client.force_login(coordinator)

    page = _page(client, "report_flows")

    assert table_rows(page, "flows-matrix") == [
        ["Lent by", "Camden", "Hackney", "Haringey", "Total lent"],
        ["Camden", "0", "0", "5.5", "5.5"],
        ["Hackney", "0", "0", "4", "4"],
        ["Haringey", "9", "0", "0", "9"],
        ["Islington", "0", "1.5", "0", "1.5"],
        ["Total received", "9", "1.5", "9.5", "20"],
    ]
    assert "20 signed-off days in all." in page
    assert (
        "Haringey lent Camden 9 days; Camden lent Haringey 5.5 days; Hackney lent Haringey 4 days."
        in page
    )
    # The heat map: an image named by its title and the summary, each cell's number as text.
    assert 'role="img"' in page
    assert 'aria-labelledby="flows-chart-title flows-chart-summary"' in page
    assert '<title id="flows-chart-title">' in page
    assert ">5.5</text>" in page and ">9</text>" in page
    assert 'viewBox="0 0 ' in page and 'width="100%"' in page


def test_flows_csv_parses_back_to_the_pages_matrix(client, coordinator, history):
    client.force_login(coordinator)
    page = _page(client, "report_flows")

    header, *rows = _csv(client, "report_flows")

    matrix = table_rows(page, "flows-matrix")
    hosts = matrix[0][1:-1]
    from_page = {
        (row[0], host): _figure(cell)
        for row in matrix[1:-1]
        for host, cell in zip(hosts, row[1:-1], strict=True)
        if _figure(cell)
    }
    assert header == ["Lent by (home borough)", "Hosted by", "Signed-off days"]
    assert {(lender, host): _figure(days) for lender, host, days in rows} == from_page
    assert sum(_figure(days) for _, _, days in rows) == _figure(matrix[-1][-1])


def test_trends_report_and_csv_agree(client, coordinator, history):
    client.force_login(coordinator)
    page = _page(client, "report_trends")

    header, *rows = _csv(client, "report_trends")

    assert table_rows(page, "months")[1:] == [
        ["January 2026", "1", "2", "5.5"],
        ["February 2026", "2", "1", "4"],
        ["March 2026", "2", "1", "7"],
        ["April 2026", "1", "0", "2"],
        ["May 2026", "1", "0", "0"],
        ["June 2026", "1", "0", "1.5"],
    ]
    assert header == ["Month", "Requests posted", "Requests filled", "Signed-off days"]
    assert [row[0] for row in rows] == [f"2026-{m:02d}" for m in range(1, 7)]
    assert [[_figure(c) for c in row[1:]] for row in rows] == [
        [_figure(c) for c in row[1:]] for row in table_rows(page, "months")[1:]
    ]
    assert "8 requests posted and 4 filled in the period." in page
    assert "The most were worked in March 2026 (7)." in page
    assert page.count('role="img"') == 2


def test_crisis_report_and_both_csvs_agree(client, coordinator, history):
    client.force_login(coordinator)
    page = _page(client, "report_crisis")

    _, *calls = _csv(client, "report_crisis")
    _, *answers = _csv(client, "report_crisis", table="boroughs")

    assert '<span class="app-stat" id="response-rate">75.0%</span>' in page
    assert '<span class="app-stat" id="median-answer">1 day</span>' in page
    on_page = table_rows(page, "crisis-calls")[1:]
    assert [row[0] for row in on_page] == [
        "Haringey 1 Feb 2026: Asking",
        "Camden 10 Apr 2026: Asking",
        "All boroughs",
    ]
    assert on_page[0][1:] == ["2", "3", "2", "1", "1", "1", "66.7%", "2 days", "1", "1"]
    # The file has the date and status in columns of their own.
    assert [[_figure(row[2]), *(_figure(c) for c in row[4:])] for row in calls] == [
        [_figure(c) for c in row[1:]] for row in on_page
    ]
    assert [call[1][:10] for call in calls[:2]] == ["2026-02-01", "2026-04-10"]
    assert [_figures(row) for row in answers] == [
        _figures(row) for row in table_rows(page, "crisis-answers")[1:]
    ]
    assert answers[-1][0] == "All boroughs"


def test_csv_download_keeps_the_filters(client, coordinator, history, haringey):
    client.force_login(coordinator)

    page = _page(client, "report_requests", borough=haringey.gss_code)
    _, *rows = _csv(client, "report_requests", borough=haringey.gss_code)

    assert "format=csv" in page and f"borough={haringey.gss_code}" in page
    assert [row[0] for row in rows] == ["Haringey", "All boroughs"]
    assert rows[-1][1:7] == ["3", "2", "1", "0", "66.7", "7.3"]


def test_the_index_links_to_every_report_keeping_the_period(client, camden_manager, history):
    client.force_login(camden_manager)

    page = _page(client, "reports")

    for name in ("report_requests", "report_flows", "report_trends", "report_crisis"):
        assert f'href="{reverse(name)}?start-month=1' in page
    assert "Figures for <strong>Camden</strong>" in page


def test_empty_reports_say_so(client, coordinator, camden, haringey):
    client.force_login(coordinator)

    assert "No signed-off days were worked between boroughs" in _page(client, "report_flows")
    assert "No crisis calls were raised in this period" in _page(client, "report_crisis")
    assert "None of the requests posted in the period is still open" in _page(
        client, "report_requests"
    )
