"""Through the API too, coordinators see and act within their regions (issue 13).

The lists a coordinator reads with a token (agreements, statements, pressure
reports, timesheets) hold London's records for London's coordinator and none
of them for the North East's, who also cannot post an event for a London
borough. tests/test_api_other_borough_access.py walks every record's URL.
"""

import datetime

import pytest
from django.utils import timezone

from learning.models import LearningEvent
from tests.api_clients import api_client_for
from tests.api_world import build_api_world

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/agreements/", "/api/v1/statements/", "/api/v1/pressure-reports/"]


@pytest.fixture
def world(camden, haringey, hackney, camden_manager, haringey_manager, camden_worker):
    return build_api_world(
        camden=camden,
        haringey=haringey,
        hackney=hackney,
        camden_manager=camden_manager,
        haringey_manager=haringey_manager,
        camden_worker=camden_worker,
    )


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/timesheets/"])
def test_a_coordinators_lists_hold_only_their_regions_records(
    world, london_coordinator, north_east_coordinator, url
):
    london = api_client_for(london_coordinator).get(url)
    north_east = api_client_for(north_east_coordinator).get(url)

    assert london.status_code == north_east.status_code == 200
    assert london.json()["count"] > 0
    assert north_east.json()["count"] == 0


def test_another_regions_coordinator_cannot_post_an_event_for_a_london_borough(
    camden, north_east_coordinator, london_coordinator
):
    day = timezone.localdate() + datetime.timedelta(days=7)
    event = {
        "borough": camden.gss_code,
        "kind": "training",
        "title": "Signs of Safety refresher",
        "description": "A morning on the practice framework",
        "date": day.isoformat(),
        "start_time": "09:30",
        "end_time": "12:00",
        "place": "Camden Town Hall",
        "capacity": 12,
        "job_levels": [1, 2],
    }

    refused = api_client_for(north_east_coordinator).post(
        "/api/v1/learning-events/", event, format="json"
    )
    assert refused.status_code == 400
    assert not LearningEvent.objects.exists()

    posted = api_client_for(london_coordinator).post(
        "/api/v1/learning-events/", event, format="json"
    )
    assert posted.status_code == 201, posted.content
    assert LearningEvent.objects.get().borough == camden
