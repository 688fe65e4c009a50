"""The league table through the API: public, the same figures and filters as
/league-table.json."""

import json

import pytest
from rest_framework.test import APIClient

from tests.api_query_counts import list_queries
from tests.factories import BoroughFactory, WorkforceFigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def authorities(camden, haringey):
    for borough in (camden, haringey):
        WorkforceFigureFactory(borough=borough)
    WorkforceFigureFactory(
        borough=BoroughFactory(
            name="Kent", gss_code="E10000016", region="South East", kind="county"
        )
    )


def test_signed_out_people_get_the_same_table_as_the_open_data(client, authorities):
    api = APIClient().get("/api/v1/league-table/")
    open_data = json.loads(client.get("/league-table.json").content)

    assert api.status_code == 200
    assert api.json() == open_data


def test_the_filters_are_the_open_datas(client, authorities):
    api = APIClient().get("/api/v1/league-table/?region=London")
    bad = APIClient().get("/api/v1/league-table/?region=Atlantis")

    assert {a["name"] for a in api.json()["authorities"]} == {"Camden", "Haringey"}
    assert api.json() == json.loads(client.get("/league-table.json?region=London").content)
    assert bad.status_code == 400 and bad.json() == {"detail": "Choose a region from the list"}


def test_one_authority_and_an_unknown_one(authorities):
    camden = APIClient().get("/api/v1/league-table/E09000007/")
    unknown = APIClient().get("/api/v1/league-table/E09999999/")

    assert camden.json()["name"] == "Camden" and camden.json()["rank"] in (1, 2, 3)
    assert unknown.status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_the_table_costs_the_same_however_many_authorities(size):
    for n in range(size):
        WorkforceFigureFactory(borough=BoroughFactory(name=f"Borough {n}"))

    # DfE's figures and the recent own reports; no token, so no token query.
    assert list_queries(APIClient(), "/api/v1/league-table/") == 2
