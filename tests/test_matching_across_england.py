"""Proximity works across England, not only in London: matching's reasons and
points, and the browse page's "next to mine" filter and "nearest" sort, read the
loaded neighbours and centroids of all 153 authorities."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from boroughs.loading import load_boroughs
from boroughs.models import Borough
from matching.ranking import rank_candidates
from tests.factories import UserFactory, WorkerProfileFactory
from tests.matching_people import open_request, quiet_monday, worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def england():
    load_boroughs()
    return {borough.name: borough for borough in Borough.objects.all()}


def manager_of(borough: Borough):
    return UserFactory(
        role=Role.MANAGER, borough=borough, email=f"manager@{borough.gss_code}.gov.uk"
    )


def request_in(borough: Borough, title: str = ""):
    start = quiet_monday(timezone.localdate(), 2)
    return open_request(manager_of(borough), start, title=title or f"Help in {borough}")


def candidates(help_request) -> dict[str, tuple[dict[str, int], list[str]]]:
    return {c.worker.full_name: (dict(c.points), c.reasons) for c in rank_candidates(help_request)}


def test_a_norfolk_request_prefers_workers_from_the_counties_it_borders(england):
    norfolk = request_in(england["Norfolk"])
    for name, home in (
        ("Sam Suffolk", "Suffolk"),
        ("Lin Lincolnshire", "Lincolnshire"),
        ("Essie Essex", "Essex"),
        ("Kerensa Cornwall", "Cornwall"),
    ):
        worker(name, england[home], for_request=norfolk)

    found = candidates(norfolk)

    assert found["Sam Suffolk"][0]["proximity"] == 20
    assert "Suffolk borders Norfolk, 51 km" in found["Sam Suffolk"][1]
    # Norfolk and Lincolnshire touch by land near Sutton Bridge, not only across the Wash.
    assert "Lincolnshire borders Norfolk, 95 km" in found["Lin Lincolnshire"][1]
    assert found["Essie Essex"][0]["proximity"] == 0
    assert "Essex is 99 km from Norfolk" in found["Essie Essex"][1]
    assert "Cornwall is 472 km from Norfolk" in found["Kerensa Cornwall"][1]
    ranked = [c.worker.full_name for c in rank_candidates(norfolk)]
    assert ranked.index("Sam Suffolk") < ranked.index("Essie Essex")
    assert ranked.index("Lin Lincolnshire") < ranked.index("Kerensa Cornwall")


def test_authorities_across_a_tidal_river_are_neighbours(england):
    liverpool = request_in(england["Liverpool"])
    worker("Wyn Wirral", england["Wirral"], for_request=liverpool)

    points, reasons = candidates(liverpool)["Wyn Wirral"]

    assert points["proximity"] == 20
    assert "Wirral borders Liverpool, 11 km" in reasons


def test_the_isles_of_scilly_border_nobody_but_are_still_placed_on_the_map(england):
    cornwall = request_in(england["Cornwall"])
    worker("Tressa Scilly", england["Isles of Scilly"], for_request=cornwall)

    points, reasons = candidates(cornwall)["Tressa Scilly"]

    assert points["proximity"] == 0
    assert "Isles of Scilly is 118 km from Cornwall" in reasons


def titles(response) -> list[str]:
    page = response.content.decode()
    results = page[page.index('id="result-count"') :]
    return [
        html.unescape(title) for title in re.findall(r'href="/requests/\d+/">([^<]+)</a>', results)
    ]


def browse(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("request_list"), params)
    assert response.status_code == 200
    return response


@pytest.fixture
def suffolk_worker(england):
    user = UserFactory(email="worker@suffolk.gov.uk", borough=england["Suffolk"])
    WorkerProfileFactory(user=user)
    return user


def test_next_to_my_borough_means_the_counties_it_borders(client, england, suffolk_worker):
    for name in ("Norfolk", "Essex", "Cambridgeshire", "Cornwall", "Hertfordshire"):
        request_in(england[name], title=name)

    response = browse(client, suffolk_worker, neighbours="on")

    assert sorted(titles(response)) == ["Cambridgeshire", "Essex", "Norfolk"]
    assert "Boroughs that border Suffolk" in response.text


def test_nearest_first_follows_the_distance_across_england(client, england):
    norfolk_worker = UserFactory(email="worker@norfolk.gov.uk", borough=england["Norfolk"])
    WorkerProfileFactory(user=norfolk_worker)
    # Lancashire is 271 km from Norfolk, Bath and North East Somerset 276 km: a
    # degree of longitude shrinks going north, by more than the home latitude says.
    for name in ("Bath and North East Somerset", "Lancashire", "Suffolk", "Northumberland"):
        request_in(england[name], title=name)
    home = england["Norfolk"]
    by_distance = sorted(
        ("Bath and North East Somerset", "Lancashire", "Suffolk", "Northumberland"),
        key=lambda name: home.distance_km(england[name]),
    )

    response = browse(client, norfolk_worker, sort="nearest")

    assert (
        titles(response)
        == by_distance
        == [
            "Suffolk",
            "Lancashire",
            "Bath and North East Somerset",
            "Northumberland",
        ]
    )


def test_every_authority_is_somewhere_for_matching(england):
    norfolk = england["Norfolk"]
    distances = {name: norfolk.distance_km(borough) for name, borough in england.items()}

    assert all(distance is not None for distance in distances.values())
    assert max(distances, key=distances.get) == "Isles of Scilly"
