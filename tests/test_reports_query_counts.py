"""Every report costs the same number of queries however much history it
covers: each is measured with a little and with a lot, as
tests/test_page_query_counts.py does for the other pages.

Every count includes what any signed-in page costs: the session, the user and
the MFA check, the unread count in the header, and (for managers) their
borough in the banner. The reports' own: the boroughs in scope, then the
report's reads (named above each test).
"""

import pytest
from django.urls import reverse

from tests.reports_history import PERIOD_QUERY, more_history, seed_history

pytestmark = pytest.mark.django_db

SIZES = [2, 10]
# A download renders no page: no unread count in the header, and no banner
# with the manager's borough.
PAGE_ONLY = {"camden_manager": 2, "coordinator": 1}


@pytest.fixture
def history(camden, haringey, hackney):
    return seed_history(camden, haringey, hackney)


def _get(client, name: str, viewer: str, queries: int, assert_num_queries, **query) -> str:
    if query.get("format") == "csv":
        queries -= PAGE_ONLY[viewer]
    with assert_num_queries(queries):
        response = client.get(reverse(name), {**PERIOD_QUERY, **query})
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return body.decode()


# The boroughs in scope only.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 6), ("coordinator", 5)])
def test_reports_index_query_count_does_not_grow(
    client, request, history, camden, haringey, django_assert_num_queries, viewer, queries, size
):
    more_history(camden, haringey, size)
    client.force_login(request.getfixturevalue(viewer))

    _get(client, "reports", viewer, queries, django_assert_num_queries)


# The requests with when each was filled.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 7), ("coordinator", 6)])
@pytest.mark.parametrize("download", [False, True])
def test_requests_report_query_count_does_not_grow(
    client, request, history, camden, haringey, django_assert_num_queries, viewer, queries, size,
    download,
):  # fmt: skip
    more_history(camden, haringey, size)
    client.force_login(request.getfixturevalue(viewer))

    body = _get(
        client,
        "report_requests",
        viewer,
        queries,
        django_assert_num_queries,
        **({"format": "csv"} if download else {}),
    )

    assert f"{4 + 2 * size}" in body  # Camden's requests posted


# The signed-off days by pair, and the boroughs outside the scope that took part.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 8), ("coordinator", 6)])
@pytest.mark.parametrize("download", [False, True])
def test_flows_report_query_count_does_not_grow(
    client, request, history, camden, haringey, django_assert_num_queries, viewer, queries, size,
    download,
):  # fmt: skip
    more_history(camden, haringey, size)
    client.force_login(request.getfixturevalue(viewer))

    body = _get(
        client,
        "report_flows",
        viewer,
        queries,
        django_assert_num_queries,
        **({"format": "csv"} if download else {}),
    )

    assert f"{9 + 1.5 * size:g}" in body  # Haringey lent Camden


# Requests posted, requests filled, signed-off days by month.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 9), ("coordinator", 8)])
@pytest.mark.parametrize("download", [False, True])
def test_trends_report_query_count_does_not_grow(
    client, request, history, camden, haringey, django_assert_num_queries, viewer, queries, size,
    download,
):  # fmt: skip
    more_history(camden, haringey, size)
    client.force_login(request.getfixturevalue(viewer))

    _get(
        client,
        "report_trends",
        viewer,
        queries,
        django_assert_num_queries,
        **({"format": "csv"} if download else {}),
    )


# The calls with their boroughs, the asks, the offers.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("camden_manager", 9), ("coordinator", 8)])
@pytest.mark.parametrize("table", ["", "calls", "boroughs"])
def test_crisis_report_query_count_does_not_grow(
    client, request, history, camden, haringey, django_assert_num_queries, viewer, queries, size,
    table,
):  # fmt: skip
    more_history(camden, haringey, size)
    client.force_login(request.getfixturevalue(viewer))

    _get(
        client,
        "report_crisis",
        viewer,
        queries,
        django_assert_num_queries,
        **({"format": "csv", "table": table} if table else {}),
    )
