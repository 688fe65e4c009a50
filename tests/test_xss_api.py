"""Issue 12, acceptance 6 for the API: free text written through each API
endpoint that takes it comes back unchanged in JSON and shows escaped on
every web page that shows it (tests/xss_payloads.py has the payload and the
check; tests/test_xss_escaped_everywhere.py does the same for the web forms)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Specialism
from boroughs.models import Agreement, FundingModel
from learning.models import LearningEvent
from secondments import services
from secondments.models import Application, HelpRequest
from tests.api_clients import api_client_for, token_for
from tests.request_input import request_data
from tests.xss_payloads import assert_json_keeps_text, assert_shown_escaped, payload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _pages_show(client, viewer, url: str, tags: list[str]) -> None:
    client.force_login(viewer)
    page = client.get(url, follow=True)
    assert page.status_code == 200, url
    html = page.content.decode()
    for tag in tags:
        assert_shown_escaped(html, tag)


def _open_request(haringey_manager) -> HelpRequest:
    draft = services.help_request_create(by=haringey_manager, data=request_data())
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def test_a_help_request_written_through_the_api(
    client, haringey_manager, hackney_manager, camden_worker
):
    body = {
        "title": payload("xss0"),
        "description": payload("xss1"),
        "location": payload("xss2"),
        "purpose": "crisis_cover",
        "job_level": 2,
        "places": 1,
        "starts_on": (TODAY + datetime.timedelta(days=10)).isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=70)).isoformat(),
        "days_per_week": 4,
        "working_pattern": "on_site",
        "funding_model": "home_funded",
        "urgency": "urgent",
    }
    api = api_client_for(haringey_manager)
    created = api.post("/api/v1/requests/", body, format="json")
    assert created.status_code == 201, created.content
    for tag in ("xss0", "xss1", "xss2"):
        assert_json_keeps_text(created.content, tag)
    pk = created.json()["id"]
    assert api.post(f"/api/v1/requests/{pk}/publish/").status_code == 200

    detail = reverse("request_detail", args=[pk])
    _pages_show(client, haringey_manager, detail, ["xss0", "xss1", "xss2"])
    _pages_show(client, camden_worker, detail, ["xss0", "xss1", "xss2"])
    _pages_show(client, hackney_manager, reverse("request_list"), ["xss0"])


def test_an_offer_to_help_and_a_decline_written_through_the_api(
    client, haringey_manager, camden_manager, camden_worker
):
    help_request = _open_request(haringey_manager)
    offered = api_client_for(camden_worker).post(
        f"/api/v1/requests/{help_request.pk}/volunteer/", {"note": payload("xss0")}, format="json"
    )
    assert offered.status_code in (200, 201), offered.content
    assert_json_keeps_text(offered.content, "xss0")
    application = Application.objects.get(help_request=help_request)
    declined = api_client_for(haringey_manager).post(
        f"/api/v1/applications/{application.pk}/decline/",
        {"reason": payload("xss1")},
        format="json",
    )
    assert declined.status_code == 200, declined.content

    page = reverse("application_detail", args=[application.pk])
    _pages_show(client, haringey_manager, page, ["xss0", "xss1"])
    _pages_show(client, camden_worker, page, ["xss0", "xss1"])
    _pages_show(client, camden_manager, page, ["xss0"])


def test_an_agreement_proposed_through_the_api(client, camden_manager, haringey_manager):
    body = {
        "other_borough": "E09000014",
        "funding_model": FundingModel.HOST_RECHARGE,
        "recharge_terms": payload("xss0"),
        "starts_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
        "notes": payload("xss1"),
    }
    proposed = api_client_for(camden_manager).post("/api/v1/agreements/", body, format="json")
    assert proposed.status_code == 201, proposed.content
    assert_json_keeps_text(proposed.content, "xss1")

    page = reverse("agreement_detail", args=[Agreement.objects.get().pk])
    _pages_show(client, camden_manager, page, ["xss0", "xss1"])
    _pages_show(client, haringey_manager, page, ["xss0", "xss1"])


def test_a_learning_event_posted_through_the_api(client, camden_manager, hackney_worker):
    body = {
        "kind": "training",
        "title": payload("xss0")[:150],
        "description": payload("xss1"),
        "date": (TODAY + datetime.timedelta(days=20)).isoformat(),
        "start_time": "09:30",
        "end_time": "12:00",
        "place": payload("xss2"),
        "capacity": 12,
        "job_levels": [1, 2],
    }
    posted = api_client_for(camden_manager).post("/api/v1/learning-events/", body, format="json")
    assert posted.status_code == 201, posted.content
    assert_json_keeps_text(posted.content, "xss1")

    page = reverse("event_detail", args=[LearningEvent.objects.get().pk])
    _pages_show(client, hackney_worker, page, ["xss0", "xss1", "xss2"])
    _pages_show(client, hackney_worker, reverse("event_list"), ["xss0"])


def test_a_profile_changed_through_the_api(client, camden_worker, camden_manager):
    specialism, _ = Specialism.objects.get_or_create(
        name="Child protection", defaults={"area": "children"}
    )
    camden_worker.worker_profile.specialisms.add(specialism)
    changed = api_client_for(camden_worker).patch(
        "/api/v1/me/", {"languages": payload("xss0")}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert_json_keeps_text(changed.content, "xss0")

    _pages_show(client, camden_worker, reverse("profile"), ["xss0"])
    _pages_show(client, camden_manager, reverse("person_detail", args=[camden_worker.pk]), ["xss0"])


def test_a_token_name_shows_escaped_on_the_tokens_page(client, camden_worker):
    token_for(camden_worker, name=payload("t"))  # a name holds 100 characters
    _pages_show(client, camden_worker, reverse("api_tokens"), ["t"])
