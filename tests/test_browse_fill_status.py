"""Browse shows how many places each open request has filled, counted for the
page of requests shown rather than for every open request."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondments.browse import PER_PAGE
from secondments.models import HelpRequest, PlacementStatus, RequestStatus
from tests.factories import HelpRequestFactory, PlacementFactory

pytestmark = pytest.mark.django_db

URL = reverse("request_list")


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _listed(response) -> list[str]:
    page = response.content.decode()
    results = page[page.index('id="result-count"') :]
    return re.findall(r'href="/requests/\d+/">([^<]+)</a>', results)


def test_confirmed_active_and_completed_placements_fill_places_and_cancelled_do_not(
    client, camden_worker, haringey
):
    busy = HelpRequestFactory(borough=haringey, title="Busy", places=4)
    for status in (
        PlacementStatus.CONFIRMED,
        PlacementStatus.ACTIVE,
        PlacementStatus.COMPLETED,
        PlacementStatus.CANCELLED,
    ):
        PlacementFactory(help_request=busy, status=status)
    HelpRequestFactory(borough=haringey, title="Quiet", places=1)
    client.force_login(camden_worker)

    text = _text(client.get(URL))

    assert re.search(r"Busy .* 3 of 4 places filled Quiet .* 0 of 1 place filled", text)


def test_every_open_request_is_listed_once_in_order_across_the_pages(
    client, camden_worker, haringey
):
    for n in range(2 * PER_PAGE + 5):
        HelpRequestFactory(borough=haringey, title=f"Request {n}")
    PlacementFactory(help_request=HelpRequest.objects.get(title="Request 30"))
    HelpRequestFactory(borough=haringey, status=RequestStatus.DRAFT, title="A draft")
    client.force_login(camden_worker)

    shown = [title for number in (1, 2, 3) for title in _listed(client.get(URL, {"page": number}))]

    assert shown == list(HelpRequest.objects.open().soonest_first().values_list("title", flat=True))


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def test_places_filled_are_counted_for_the_rows_shown_only(client, camden_worker, haringey):
    for n in range(3 * PER_PAGE):
        HelpRequestFactory(borough=haringey, title=f"Request {n}")
    client.force_login(camden_worker)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200

    (page_query,) = [q["sql"] for q in queries if '"places_filled"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {page_query}")
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    counting = [
        node
        for node in _nodes(plan[0]["Plan"])
        if "Subplan Name" in node
        and any(n.get("Relation Name") == "secondments_placement" for n in _nodes(node))
    ]
    # Not a join counted over all 60 open requests before sorting: a subquery
    # PostgreSQL runs once for each of the 20 rows on the page.
    assert len(counting) == 1, plan
    assert counting[0]["Actual Loops"] <= PER_PAGE
