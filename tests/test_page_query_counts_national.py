"""No page gets slower at national scale: browse, a request's page, its
candidates, the dashboards and the league table cost exactly as many queries
with 153 authorities, each with its own request, social worker and pressure
report, as with London's 33."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boroughs.models import Borough, BoroughKind, Region
from secondments import services
from tests.factories import (
    BoroughFactory,
    HelpRequestFactory,
    PressureReportFactory,
    UserFactory,
    WorkerProfileFactory,
)
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

OUTSIDE_LONDON = [region for region in Region.values if region != Region.LONDON]


def _grow_to(count: int) -> None:
    """Authorities up to `count`: London's first, then the other regions' in
    turn, each with an open request, a social worker and a pressure report."""
    regions = itertools.cycle(OUTSIDE_LONDON)
    while (have := Borough.objects.count()) < count:
        london = have < 33
        borough = BoroughFactory(
            name=f"Authority {have}",
            region=Region.LONDON if london else next(regions),
            kind=BoroughKind.LONDON_BOROUGH if london else BoroughKind.COUNTY,
        )
        HelpRequestFactory(borough=borough, title=f"Help in authority {have}")
        WorkerProfileFactory(user=UserFactory(borough=borough))
        PressureReportFactory(borough=borough)


def _queries(client, url: str) -> list[str]:
    """The queries of a view after a first one (anything a first view
    remembers is remembered); the fewer of two, so that a write now and then
    (the session's last-activity stamp, a cache entry running out) on a slow
    machine is not taken for the page's own cost."""
    client.get(url)
    views = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        views.append([query["sql"] for query in captured.captured_queries])
    return min(views, key=len)


PAGES = {
    "browse": ("camden_worker", lambda r: reverse("request_list")),
    "browse_filtered": (
        "camden_worker",
        lambda r: (
            reverse("request_list")
            + f"?borough={r.borough_id}&urgency=routine&sort=newest&job_level=1"
        ),
    ),
    "request_detail": ("haringey_manager", lambda r: r.get_absolute_url()),
    "candidates": ("haringey_manager", lambda r: reverse("request_candidates", args=[r.pk])),
    "dashboard_worker": ("camden_worker", lambda r: reverse("dashboard")),
    "dashboard_manager": ("camden_manager", lambda r: reverse("dashboard")),
    "league": ("camden_worker", lambda r: reverse("league_table")),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_costs_as_many_queries_at_153_authorities_as_at_33(
    client, request, haringey_manager, camden_worker, camden_manager, page
):
    viewer, url_of = PAGES[page]
    help_request = services.help_request_publish(
        help_request=services.help_request_create(by=haringey_manager, data=request_data()),
        by=haringey_manager,
    )
    url = url_of(help_request)
    client.force_login(request.getfixturevalue(viewer))
    _grow_to(33)
    at_33 = _queries(client, url)

    _grow_to(153)
    at_153 = _queries(client, url)

    assert len(at_153) == len(at_33), "\n\n".join(query for query in at_153 if query not in at_33)


def test_browse_offers_every_authority_once_grouped_by_region(client, camden_worker):
    _grow_to(153)
    client.force_login(camden_worker)

    page = client.get(reverse("request_list")).content.decode()

    select = page[
        page.index('name="borough"') : page.index("</select>", page.index('name="borough"'))
    ]
    assert select.count("<option") == 153 + 1  # and "Any borough"
    assert select.count("<optgroup") == len(Region.values)
    assert "Authority 152" in select
