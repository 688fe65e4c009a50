"""Agreements between boroughs through the API: proposed, accepted, declined and
ended through the agreement services, seen only by the two boroughs' managers
and coordinators."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import Agreement, AgreementStatus, FundingModel
from money.agreements.services import agreement_propose, agreement_record
from notifications.models import Notification
from tests.api_clients import api_client_for
from tests.api_query_counts import list_queries
from tests.factories import BoroughFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _terms(**overrides) -> dict:
    return {
        "other_borough": "E09000014",
        "funding_model": FundingModel.DAY_RATE,
        "day_rate": "350.00",
        "starts_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
        "notes": "As discussed at the partnership board",
    } | overrides


def _proposal(haringey, camden, haringey_manager, **overrides) -> Agreement:
    terms = {
        "funding_model": FundingModel.DAY_RATE,
        "day_rate": 300,
        "starts_on": TODAY + datetime.timedelta(days=30),
    } | overrides
    return agreement_propose(from_borough=haringey, to_borough=camden, by=haringey_manager, **terms)


def test_a_manager_proposes_and_the_other_borough_is_told(
    camden, haringey, camden_manager, haringey_manager
):
    response = api_client_for(camden_manager).post("/api/v1/agreements/", _terms(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == AgreementStatus.PROPOSED and body["proposed_by"] == "E09000007"
    assert body["day_rate"] == "350.00"
    agreement = Agreement.objects.get()
    assert AuditEvent.objects.filter(action="agreement_proposed", object_id=agreement.pk).exists()
    assert Notification.objects.filter(
        recipient=haringey_manager, event="agreement_proposed"
    ).exists()


def test_bad_terms_get_the_forms_messages_and_save_nothing(camden, haringey, camden_manager):
    client = api_client_for(camden_manager)

    no_rate = client.post("/api/v1/agreements/", _terms(day_rate=""), format="json")
    own = client.post("/api/v1/agreements/", _terms(other_borough="E09000007"), format="json")
    not_json_object = client.post("/api/v1/agreements/", ["nonsense"], format="json")

    assert no_rate.status_code == 400 and no_rate.json() == {
        "day_rate": ["Enter the agreed day rate"]
    }
    assert own.json() == {"other_borough": ["Select the borough the agreement is with"]}
    assert not_json_object.status_code == 400
    assert not Agreement.objects.exists()


def test_overlapping_terms_are_a_conflict(camden, haringey, camden_manager, haringey_manager):
    _proposal(haringey, camden, haringey_manager)

    response = api_client_for(camden_manager).post("/api/v1/agreements/", _terms(), format="json")

    assert response.status_code == 409
    assert "already have an agreement proposed" in response.json()["detail"]
    assert Agreement.objects.count() == 1


def test_the_other_borough_accepts_once_and_the_proposer_cannot(
    camden, haringey, camden_manager, haringey_manager
):
    proposal = _proposal(haringey, camden, haringey_manager)
    url = f"/api/v1/agreements/{proposal.pk}/accept/"

    by_proposer = api_client_for(haringey_manager).post(url)
    camden_client = api_client_for(camden_manager)
    accepted = camden_client.post(url)
    again = camden_client.post(url)

    assert by_proposer.status_code == 403
    assert accepted.status_code == 200 and accepted.json()["status"] == AgreementStatus.ACCEPTED
    assert again.status_code == 409
    assert AuditEvent.objects.filter(action="agreement_accepted").count() == 1


def test_declining_needs_a_reason(camden, haringey, camden_manager, haringey_manager):
    proposal = _proposal(haringey, camden, haringey_manager)
    client = api_client_for(camden_manager)
    url = f"/api/v1/agreements/{proposal.pk}/decline/"

    empty = client.post(url, {"reason": ""}, format="json")
    declined = client.post(url, {"reason": "The rate is too high"}, format="json")

    assert empty.json() == {"reason": ["Enter why you are declining this agreement"]}
    assert declined.json()["status"] == AgreementStatus.DECLINED
    assert declined.json()["decline_reason"] == "The rate is too high"


def test_ending_needs_notice(camden, haringey, camden_manager, coordinator):
    agreement = agreement_record(
        borough_a=camden,
        borough_b=haringey,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY - datetime.timedelta(days=100),
        by=coordinator,
    )
    client = api_client_for(camden_manager)
    url = f"/api/v1/agreements/{agreement.pk}/end/"

    too_soon = client.post(url, {"ends_on": TODAY.isoformat(), "reason": "Budget"}, format="json")
    later = TODAY + datetime.timedelta(days=40)
    ended = client.post(url, {"ends_on": later.isoformat(), "reason": "Budget"}, format="json")

    assert too_soon.status_code == 400 and "30 days' notice" in too_soon.json()["ends_on"][0]
    assert ended.status_code == 200 and ended.json()["ends_on"] == later.isoformat()


def test_only_the_two_boroughs_managers_and_coordinators_see_it(
    camden, haringey, camden_manager, haringey_manager, hackney_manager, camden_worker, coordinator
):
    proposal = _proposal(haringey, camden, haringey_manager)
    url = f"/api/v1/agreements/{proposal.pk}/"

    assert api_client_for(camden_manager).get(url).status_code == 200
    assert api_client_for(coordinator).get(url).status_code == 200
    hackney = api_client_for(hackney_manager)
    assert hackney.get(url).status_code == 404
    assert hackney.get("/api/v1/agreements/").json()["count"] == 0
    assert api_client_for(camden_worker).get("/api/v1/agreements/").status_code == 404


def test_the_list_filters_by_status_and_pages(camden, haringey, haringey_manager, coordinator):
    _proposal(haringey, camden, haringey_manager)
    agreement_record(
        borough_a=camden,
        borough_b=haringey,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY - datetime.timedelta(days=1),
        by=coordinator,
    )
    client = api_client_for(coordinator)

    ended = client.get("/api/v1/agreements/?status=ended").json()
    paged = client.get("/api/v1/agreements/?page_size=1").json()
    bad = client.get("/api/v1/agreements/?status=whatever")

    assert [a["status"] for a in ended["results"]] == [AgreementStatus.ACCEPTED]
    assert paged["count"] == 2 and len(paged["results"]) == 1 and paged["next"]
    assert bad.status_code == 400 and "status" in bad.json()


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_costs_the_same_however_many(camden, camden_manager, coordinator, size):
    for n in range(size):
        other = BoroughFactory(name=f"Borough {n}")
        agreement_record(
            borough_a=camden,
            borough_b=other,
            funding_model=FundingModel.HOME_FUNDED,
            starts_on=TODAY,
            by=coordinator,
        )

    # The token, the count and the page with both boroughs and the proposer.
    assert list_queries(api_client_for(camden_manager), "/api/v1/agreements/") == 3
