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


# Beyond what every page costs, the boroughs in scope, then each report's own:
# the requests with when each was filled (requests); the signed-off days by
# pair and the boroughs outside the scope that took part (flows); requests
# posted, requests filled and signed-off days by month (trends); the calls
# with their boroughs, the asks and the offers (crisis).
QUERIES = {
    "reports": {"camden_manager": 6, "coordinator": 5},
    "report_requests": {"camden_manager": 7, "coordinator": 6},
    "report_flows": {"camden_manager": 8, "coordinator": 6},
    "report_trends": {"camden_manager": 9, "coordinator": 8},
    "report_crisis": {"camden_manager": 9, "coordinator": 8},
}
DOWNLOADS = {
    "reports": [{}],
    "report_requests": [{}, {"format": "csv"}],
    "report_flows": [{}, {"format": "csv"}],
    "report_trends": [{}, {"format": "csv"}],
    "report_crisis": [{}, {"format": "csv"}, {"format": "csv", "table": "boroughs"}],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("viewer", ["camden_manager", "coordinator"])
@pytest.mark.parametrize(
    ("name", "query"), [(name, query) for name, queries in DOWNLOADS.items() for query in queries]
)
def test_report_query_count_does_not_grow(
    client, request, history, camden, haringey, django_assert_num_queries, viewer, size, name,
    query,
):  # fmt: skip
    more_history(camden, haringey, size)
    client.force_login(request.getfixturevalue(viewer))

    body = _get(client, name, viewer, QUERIES[name][viewer], django_assert_num_queries, **query)

    if name == "report_requests":
        assert f"{4 + 2 * size}" in body  # Camden's requests posted
    if name == "report_flows":
        assert f"{9 + 1.5 * size:g}" in body  # Haringey lent Camden
