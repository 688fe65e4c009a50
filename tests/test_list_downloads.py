"""Every list downloads as CSV with its filters applied (issue 11, "Reports"):
the same URL with format=csv gives exactly the rows the page shows the person
(every page of them), never another borough's, with typed text kept from
running as a spreadsheet formula, at a cost in queries that does not grow
with the rows."""

import csv
import datetime
import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from money.models import TimesheetStatus, week_starting
from secondments.models import PlacementStatus
from tests.factories import (
    HelpRequestFactory,
    PlacementFactory,
    UserFactory,
    WorkerFactory,
    WorkerProfileFactory,
    worked_week,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FORMULA_NAME = '=HYPERLINK("http://evil.example","Click")'
FORMULA_TITLE = "=SUM(A1:A9)"
FORMULA_REASON = "@cmd|' /C calc'!A0"


def _download(client, url: str, params: dict) -> list[dict[str, str]]:
    response = client.get(url, {**params, "format": "csv"})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def _page(client, url: str, params: dict) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _page_rows(page: str) -> int:
    """Rows of the list's table (or its cards, for a borough's own requests)."""
    if "<tbody" not in page:
        return page.count('<div class="govuk-summary-card">')
    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return body.count("<tr ")


@pytest.fixture
def world(camden, hackney, haringey, camden_worker, hackney_worker, coordinator):
    """Wendy (Camden) placed in Hackney with a week waiting for sign-off; a
    Hackney worker whose name is a formula placed in Haringey, signed off;
    help requests from Camden (a formula title) and Haringey; audit rows."""
    wendy_in_hackney = PlacementFactory(
        worker=camden_worker,
        help_request__borough=hackney,
        help_request__starts_on=TODAY - datetime.timedelta(days=20),
        status=PlacementStatus.ACTIVE,
    )
    worked_week(
        wendy_in_hackney,
        week_starting(wendy_in_hackney.starts_on),
        2,
        status=TimesheetStatus.SUBMITTED,
    )
    formula_worker = UserFactory(full_name=FORMULA_NAME, borough=hackney)
    WorkerProfileFactory(user=formula_worker)
    elsewhere = PlacementFactory(
        worker=formula_worker,
        help_request__borough=haringey,
        help_request__starts_on=TODAY - datetime.timedelta(days=20),
        status=PlacementStatus.ACTIVE,
    )
    worked_week(elsewhere, week_starting(elsewhere.starts_on), 3)
    HelpRequestFactory(borough=camden, title=FORMULA_TITLE)
    HelpRequestFactory(borough=haringey, title="Haringey backlog")
    audit_record(
        actor=coordinator, action="role_changed", obj=formula_worker, reason=FORMULA_REASON
    )
    audit_record(actor=coordinator, action="registration_verified", obj=camden_worker)
    return {"wendy": camden_worker, "formula": formula_worker}


# (id, persona, URL name, URL args from the world, filters, a cell's column,
#  a value that must be in it, a value that must never be in the download)
CASES = [
    ("placements-manager", "camden_manager", "placement_list", [], {},
     "Social worker", "Wendy Worker", FORMULA_NAME),
    ("placements-coordinator-filtered", "coordinator", "placement_list", [],
     {"status": PlacementStatus.ACTIVE, "host": "haringey"},
     "Social worker", "'" + FORMULA_NAME, "Wendy Worker"),
    ("my-placements", "camden_worker", "my_placements", [], {},
     "Host borough", "Hackney", "Haringey"),
    ("people", "coordinator", "people", [], {"show": "everyone", "q": "Wendy"},
     "Name", "Wendy Worker", FORMULA_NAME),
    ("staff", "camden_manager", "staff_list", ["E09000007"], {},
     "Name", "Wendy Worker", "Walter Worker"),
    ("audit-log", "coordinator", "audit_log", [], {"action": "role_changed"},
     "Reason", "'" + FORMULA_REASON, "Registration verified"),
    ("requests", "camden_worker", "request_list", [], {"borough": "camden"},
     "Help request", "'" + FORMULA_TITLE, "Haringey backlog"),
    ("our-requests", "camden_manager", "our_requests", [], {},
     "Help request", "'" + FORMULA_TITLE, "Haringey backlog"),
    ("timesheets-host", "hackney_manager", "timesheet_list", [],
     {"status": TimesheetStatus.SUBMITTED}, "Social worker", "Wendy Worker", FORMULA_NAME),
    ("timesheets-home", "camden_manager", "timesheet_list", [], {"direction": "out"},
     "Social worker", "Wendy Worker", FORMULA_NAME),
    ("timesheets-worker", "camden_worker", "timesheet_list", [], {},
     "Host borough", "Hackney", "Haringey"),
    ("statements", "camden_manager", "statement_list", [], {},
     "To", "Hackney", "Haringey"),
]  # fmt: skip


def _filters(params: dict, request) -> dict:
    """Borough filters name a borough fixture; the form takes its id."""
    return {
        key: request.getfixturevalue(value).pk if key in ("host", "borough") else value
        for key, value in params.items()
    }


@pytest.mark.parametrize(
    ("persona", "name", "args", "params", "column", "present", "absent"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_download_holds_the_rows_the_page_shows_and_nobody_elses(
    client, world, request, persona, name, args, params, column, present, absent
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(name, args=args)
    params = _filters(params, request)

    page = _page(client, url, params)
    rows = _download(client, url, params)

    assert "Download as CSV" in page
    assert len(rows) == _page_rows(page) > 0
    cells = [row[column] for row in rows]
    assert present in cells
    for cell in cells:
        assert cell.removeprefix("'") in page
    assert not any(absent in value for row in rows for value in row.values())


def test_a_cell_starting_with_a_formula_sign_comes_back_prefixed(client, world, coordinator):
    client.force_login(coordinator)

    rows = _download(client, reverse("placement_list"), {})

    names = {row["Social worker"] for row in rows}
    assert "'" + FORMULA_NAME in names
    assert FORMULA_NAME not in names


def test_the_download_has_every_page_not_only_the_first(client, camden, camden_manager):
    for _ in range(27):
        PlacementFactory(help_request__borough=camden)
    client.force_login(camden_manager)

    page = _page(client, reverse("placement_list"), {"page": "2"})
    rows = _download(client, reverse("placement_list"), {"page": "2"})

    assert "27 placements" in page and _page_rows(page) == 2
    assert len(rows) == 27


def test_the_download_link_keeps_the_filters(client, world, coordinator, haringey):
    client.force_login(coordinator)

    page = _page(client, reverse("placement_list"), {"host": haringey.pk, "page": "1"})

    assert f'href="/placements/?host={haringey.pk}&format=csv"' in page


def test_a_worker_download_has_no_money_columns(client, world, camden_worker):
    client.force_login(camden_worker)

    for name in ("my_placements", "request_list", "timesheet_list"):
        response = client.get(reverse(name), {"format": "csv"})
        header = b"".join(response.streaming_content).decode().splitlines()[0].lower()
        assert not any(word in header for word in ("rate", "£", "total", "recharge", "cost"))


def test_workers_cannot_download_the_lists_of_managers_and_coordinators(
    client, world, camden_worker, camden_manager
):
    client.force_login(camden_worker)
    assert client.get(reverse("people"), {"format": "csv"}).status_code == 404
    assert client.get(reverse("audit_log"), {"format": "csv"}).status_code == 404
    assert client.get(reverse("statement_list"), {"format": "csv"}).status_code in (403, 404)
    assert client.get(reverse("our_requests"), {"format": "csv"}).status_code == 404
    client.force_login(camden_manager)
    assert client.get(reverse("audit_log"), {"format": "csv"}).status_code == 404
    staff = client.get(reverse("staff_list", args=["E09000012"]), {"format": "csv"})
    assert staff.status_code in (403, 404)


# --- What a download costs ---------------------------------------------------------


def _more(n: int, camden, hackney, camden_worker, coordinator) -> None:
    """n more rows of every list for Camden's people to download."""
    for i in range(n):
        placement = PlacementFactory(
            worker=WorkerFactory(),  # from a borough of its own: a statement pair each
            help_request__borough=camden,
            help_request__starts_on=TODAY - datetime.timedelta(days=20),
            status=PlacementStatus.ACTIVE,
        )
        worked_week(placement, week_starting(placement.starts_on), 2)
        starts = TODAY + datetime.timedelta(days=200 + 30 * (i + n * n))
        PlacementFactory(
            worker=camden_worker,
            help_request__borough=hackney,
            help_request__starts_on=starts,
            help_request__ends_on=starts + datetime.timedelta(days=20),
        )
        HelpRequestFactory(borough=camden)
        WorkerFactory(borough=camden, full_name=f"Wendy Staff {n}-{i}")
        audit_record(actor=coordinator, action="role_changed", obj=placement.worker)


DOWNLOADS = [
    ("camden_manager", "placement_list", []),
    ("coordinator", "placement_list", []),
    ("camden_worker", "my_placements", []),
    ("coordinator", "people", []),
    ("camden_manager", "staff_list", ["E09000007"]),
    ("coordinator", "audit_log", []),
    ("camden_worker", "request_list", []),
    ("camden_manager", "our_requests", []),
    ("camden_manager", "timesheet_list", []),
    ("coordinator", "timesheet_list", []),
    ("camden_manager", "statement_list", []),
]


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"format": "csv", "show": "everyone"})
        rows = b"".join(response.streaming_content).decode().count("\n") - 1
    return len(queries), rows


@pytest.mark.parametrize(
    ("persona", "name", "args"), DOWNLOADS, ids=[f"{d[1]}-{d[0]}" for d in DOWNLOADS]
)
def test_a_download_costs_the_same_queries_however_many_rows(
    client, request, camden, hackney, camden_worker, coordinator, persona, name, args
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(name, args=args)
    _more(2, camden, hackney, camden_worker, coordinator)
    few, few_rows = _queries(client, url)

    _more(12, camden, hackney, camden_worker, coordinator)
    many, many_rows = _queries(client, url)

    assert many_rows > few_rows
    assert many == few


@pytest.mark.parametrize("persona", ["camden_manager", "coordinator", "camden_worker"])
def test_the_timesheet_list_page_costs_the_same_queries_however_many_weeks(
    client, request, camden, hackney, camden_worker, coordinator, persona
):
    client.force_login(request.getfixturevalue(persona))
    _more(2, camden, hackney, camden_worker, coordinator)
    client.get(reverse("timesheet_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("timesheet_list"))

    _more(12, camden, hackney, camden_worker, coordinator)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("timesheet_list"))

    assert page.status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"month": "2026-13"}, "Enter a month like 2026-10"),
        ({"month": "2026-10-01-extra"}, "Enter a month like 2026-10"),
        ({"status": "lost"}, "Select a status from the list"),
        ({"direction": "sideways"}, "Select which weeks to show"),
    ],
)
def test_a_bad_timesheet_filter_is_named_and_left_out(
    client, world, hackney_manager, params, message
):
    client.force_login(hackney_manager)

    response = client.get(reverse("timesheet_list"), params)

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert "Wendy Worker" in page  # the other filters still apply: none here
