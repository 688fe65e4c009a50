"""Help requests through the API: listed with the browse page's filters, drafts
known only to their borough, written through the same services as the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from secondments import services
from secondments.models import HelpRequest, RequestStatus, Urgency
from tests.api_clients import api_client_for
from tests.factories import HelpRequestFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
BODY = {
    "title": "Cover for the front door",
    "purpose": "crisis_cover",
    "job_level": 2,
    "places": 1,
    "starts_on": (TODAY + datetime.timedelta(days=10)).isoformat(),
    "ends_on": (TODAY + datetime.timedelta(days=70)).isoformat(),
    "days_per_week": 4,
    "working_pattern": "on_site",
    "funding_model": "home_funded",
    "urgency": "crisis",
    "description": "Referrals doubled after a serious case review.",
}


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["title"] for row in response.json()["results"]]


def test_the_list_uses_the_browse_pages_filters(camden_worker, haringey, hackney):
    HelpRequestFactory(borough=haringey, title="Haringey crisis", urgency=Urgency.CRISIS)
    HelpRequestFactory(borough=haringey, title="Haringey routine")
    HelpRequestFactory(borough=hackney, title="Hackney crisis", urgency=Urgency.CRISIS)
    HelpRequestFactory(borough=haringey, title="Draft", status=RequestStatus.DRAFT)
    api = api_client_for(camden_worker)

    assert sorted(_titles(api.get("/api/v1/requests/"))) == [
        "Hackney crisis",
        "Haringey crisis",
        "Haringey routine",
    ]
    by_code = api.get("/api/v1/requests/", {"borough": haringey.gss_code, "urgency": "crisis"})
    assert _titles(by_code) == ["Haringey crisis"]
    assert _titles(api.get("/api/v1/requests/", {"borough": hackney.pk})) == ["Hackney crisis"]
    assert _titles(api.get("/api/v1/requests/", {"q": "routine"})) == ["Haringey routine"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"borough": "E09999999"}, "borough", "Select a host borough from the list"),
        ({"urgency": "whenever"}, "urgency", "Select an urgency from the list"),
        ({"job_level": "99"}, "job_level", "Select a job level from the list"),
        ({"q": "x" * 101}, "q", "Search must be 100 characters or fewer"),
    ],
)
def test_a_bad_filter_is_a_400_with_the_pages_message(camden_worker, params, field, message):
    response = api_client_for(camden_worker).get("/api/v1/requests/", params)
    assert response.status_code == 400
    assert response.json()[field] == [message]


def test_another_boroughs_draft_is_not_found(camden_manager, haringey_manager, camden_worker):
    draft = services.help_request_create(by=haringey_manager, data=request_data())
    for person in (camden_manager, camden_worker):
        api = api_client_for(person)
        assert api.get(f"/api/v1/requests/{draft.pk}/").status_code == 404
        assert api.post(f"/api/v1/requests/{draft.pk}/publish/").status_code == 404
        assert api.patch(f"/api/v1/requests/{draft.pk}/", {"title": "Mine"}).status_code == 404
        assert _titles(api.get("/api/v1/requests/", {"status": "draft"})) == []
    host = api_client_for(haringey_manager)
    assert _titles(host.get("/api/v1/requests/", {"status": "draft"})) == [draft.title]
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT and draft.title != "Mine"


def test_a_manager_drafts_edits_publishes_and_closes_their_request(haringey_manager):
    api = api_client_for(haringey_manager)

    created = api.post("/api/v1/requests/", BODY)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["borough"] == "E09000014"
    assert api.patch(f"/api/v1/requests/{pk}/", {"places": 2}).json()["places"] == 2
    assert api.post(f"/api/v1/requests/{pk}/publish/").json()["status"] == "open"
    closed = api.post(f"/api/v1/requests/{pk}/close/", {"reason": "We recruited"})
    assert closed.json()["status"] == "closed"

    actions = AuditEvent.objects.filter(object_type="helprequest", object_id=pk)
    assert list(actions.order_by("pk").values_list("action", flat=True)) == [
        "request_created",
        "request_edited",
        "request_published",
        "request_closed",
    ]


def test_bad_input_is_a_400_with_each_fields_message(haringey_manager):
    body = {
        **BODY,
        "title": "x" * 151,
        "starts_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "days_per_week": 6,
    }
    del body["description"]
    api = api_client_for(haringey_manager)
    response = api.post("/api/v1/requests/", body)
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"title", "days_per_week", "description"}
    assert not HelpRequest.objects.exists()
    late = api.post(
        "/api/v1/requests/", {**BODY, "starts_on": (TODAY - datetime.timedelta(days=1)).isoformat()}
    )
    assert late.status_code == 400
    assert late.json()["starts_on"] == ["Start date must be today or in the future"]


def test_publishing_twice_is_a_409_conflict(haringey_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data())
    api = api_client_for(haringey_manager)
    assert api.post(f"/api/v1/requests/{draft.pk}/publish/").status_code == 200
    again = api.post(f"/api/v1/requests/{draft.pk}/publish/")
    assert again.status_code == 409
    assert again.json() == {"detail": "This request is already open"}


def test_workers_and_other_managers_get_403_on_an_open_request(
    haringey_manager, camden_manager, camden_worker
):
    open_request = HelpRequestFactory(borough=haringey_manager.borough)
    for person in (camden_manager, camden_worker):
        api = api_client_for(person)
        assert api.post(f"/api/v1/requests/{open_request.pk}/close/").status_code == 403
        cancel = api.post(f"/api/v1/requests/{open_request.pk}/cancel/", {"reason": "x"})
        assert cancel.status_code == 403
    # The last was the worker's: only managers ask for help.
    assert api.post("/api/v1/requests/", BODY).status_code == 403


def test_a_coordinator_cancels_with_a_reason(coordinator, haringey_manager):
    open_request = HelpRequestFactory(borough=haringey_manager.borough)
    api = api_client_for(coordinator)
    url = f"/api/v1/requests/{open_request.pk}/cancel/"
    assert api.post(url, {}).json() == {"reason": ["Enter why you are cancelling this request"]}
    assert api.post(url, {"reason": "Posted twice"}).json()["status"] == "cancelled"


def test_a_worker_sees_who_pays_but_not_the_day_rate(camden_worker, camden_manager, haringey):
    HelpRequestFactory(borough=haringey, funding_model="day_rate")
    row = api_client_for(camden_worker).get("/api/v1/requests/").json()["results"][0]
    assert row["funding_model"] == "day_rate" and row["day_rate"] is None
    row = api_client_for(camden_manager).get("/api/v1/requests/").json()["results"][0]
    assert row["day_rate"] == "350.00"


def test_pages_of_50_and_page_size(camden_worker, haringey):
    HelpRequestFactory.create_batch(52, borough=haringey)
    api = api_client_for(camden_worker)
    first = api.get("/api/v1/requests/").json()
    assert first["count"] == 52 and len(first["results"]) == 50 and first["next"]
    assert len(api.get("/api/v1/requests/", {"page": 2}).json()["results"]) == 2
    assert len(api.get("/api/v1/requests/", {"page_size": 5}).json()["results"]) == 5
    assert api.get("/api/v1/requests/", {"page": 9}).status_code == 404


@pytest.mark.parametrize("size", [3, 60])
def test_list_query_count_does_not_grow(camden_worker, haringey, django_assert_num_queries, size):
    HelpRequestFactory.create_batch(size, borough=haringey)
    api = api_client_for(camden_worker)
    api.get("/api/v1/requests/")  # the token's first use is recorded once
    # Token, worker profile, count, page, specialisms.
    with django_assert_num_queries(5):
        assert api.get("/api/v1/requests/").status_code == 200


def test_a_title_with_a_script_renders_escaped_on_the_request_page(
    client, haringey_manager, camden_worker
):
    api = api_client_for(haringey_manager)
    created = api.post("/api/v1/requests/", {**BODY, "title": "<script>alert(1)</script>"})
    pk = created.json()["id"]
    api.post(f"/api/v1/requests/{pk}/publish/")
    client.force_login(camden_worker)
    page = client.get(reverse("request_detail", args=[pk])).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in client.get(reverse("request_list")).text


@pytest.mark.parametrize("pk", ["0", "99999999999999999999"])
def test_an_id_out_of_range_is_not_found(camden_worker, pk):
    api = api_client_for(camden_worker)
    assert api.get(f"/api/v1/requests/{pk}/").status_code == 404
    assert api.post(f"/api/v1/requests/{pk}/volunteer/").status_code == 404
    assert api.get(f"/api/v1/applications/{pk}/").status_code == 404
    assert api.get("/api/v1/applications/", {"help_request": pk}).status_code == 404
    assert api.post(f"/api/v1/timesheets/{pk}/sign-off/").status_code == 404
    assert api.post(
        "/api/v1/timesheets/submit/",
        {"placement": pk, "week_starting": "2026-10-05", "days": []},
    ).status_code in (400, 404)


def test_the_browsable_api_shows_the_list_to_a_signed_in_person(client, camden_manager, haringey):
    HelpRequestFactory(borough=haringey, title="Browsable")
    client.force_login(camden_manager)
    for url in ("/api/v1/requests/", "/api/v1/applications/", "/api/v1/timesheets/"):
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
    assert "Browsable" in client.get("/api/v1/requests/", HTTP_ACCEPT="text/html").text
