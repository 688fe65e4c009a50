"""A person downloads everything held about them, as JSON (UK GDPR Art 15 and 20)."""

import json

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from home.privacy.export import SCHEMA, SCHEMA_VERSION
from tests.privacy_scenes import everything_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(camden_worker, haringey, haringey_manager, camden_manager):
    return everything_about(
        camden_worker, host=haringey, host_manager=haringey_manager, home_manager=camden_manager
    )


def _download(client, person) -> dict:
    client.force_login(person)
    response = client.post(reverse("my_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return json.loads(response.content)


def _ids(rows: list[dict]) -> set[int]:
    return {row["id"] for row in rows}


def test_the_account_page_links_to_the_data_page(client, camden_worker):
    client.force_login(camden_worker)

    account = client.get(reverse("account")).content.decode()
    page = client.get(reverse("my_data"))

    assert reverse("my_data") in account
    assert page.status_code == 200
    assert "Download your data (JSON)" in page.content.decode()


def test_the_export_holds_every_kind_of_data_about_the_worker(client, camden_worker, everything):
    data = _download(client, camden_worker)

    assert data["schema"] == SCHEMA
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["generated_at"]
    assert data["account"]["email"] == "worker@camden.gov.uk"
    assert data["account"]["phone_number"] == "07700900123"
    assert data["email_addresses"][0]["email"] == "worker@camden.gov.uk"
    assert data["sign_in_methods"] == [
        {
            "type": "totp",
            "created_at": data["sign_in_methods"][0]["created_at"],
            "last_used_at": None,
        }
    ]
    profile = data["worker_profile"]
    assert profile["languages"] == "Bengali, Sylheti"
    assert profile["specialisms"] == ["Child protection"]
    assert profile["willing_boroughs"] == ["Haringey"]
    assert _ids(data["availability"]) == {everything["availability"].pk}
    assert _ids(data["applications"]) == {
        everything["application"].pk,
        everything["placement"].application_id,
    }
    assert data["applications"][0]["note"] or data["applications"][1]["note"]
    assert [m["body"] for m in data["messages_written"]] == ["See you on Monday"]
    assert _ids(data["placements"]) == {everything["placement"].pk}
    assert _ids(data["timesheets"]) == {everything["timesheet"].pk}
    assert len(data["timesheet_days"]) == 1
    assert data["recharge_statement_lines"][0]["amount"] == "300.00"
    assert data["references_about_you"][0]["comments"] == "Thorough assessments"
    assert _ids(data["placement_ratings"]) == {everything["rating"].pk}
    assert data["learning_reports"][0]["take_home"] == "Shorter assessments"
    assert data["supervision_sessions"][0]["note"] == "Caseload agreed"
    assert _ids(data["learning_event_bookings"]) == {everything["booking"].pk}
    assert data["crisis_offers"][0]["note"] == "Knows the team"
    assert _ids(data["matches"]) == {everything["match"].pk}
    assert "You were selected" in {n["title"] for n in data["notifications"]}
    assert data["notification_preferences"][0]["event"] == "match_found"
    assert _ids(data["calendar_feed"]) == {everything["feed"].pk}
    assert _ids(data["erasure_requests"]) == {everything["erasure_request"].pk}
    events = {event["id"]: event for event in data["audit_events"]}
    assert events[everything["audit_by"].pk]["by_you"] is True
    assert events[everything["audit_about"].pk]["by_you"] is False
    if "api_token" in everything:
        assert data["api_tokens"][0]["name"] == "HR system"


def test_the_export_never_holds_a_secret(client, camden_worker, everything):
    text = json.dumps(_download(client, camden_worker))

    assert camden_worker.password not in text
    assert everything["feed"].token_hash not in text
    assert "JBSWY3DPEHPK3PXP" not in text
    assert '"password"' not in text and '"token_hash"' not in text
    if "api_token" in everything:
        assert everything["api_token"].token_hash not in text
        assert "sx_secr" not in text


def test_the_export_holds_nobody_elses_messages_or_placements(
    client, camden_worker, hackney_worker, everything
):
    data = _download(client, hackney_worker)

    assert data["account"]["email"] == "worker@hackney.gov.uk"
    assert data["placements"] == [] and data["messages_written"] == []
    assert data["timesheets"] == [] and data["references_about_you"] == []


def test_downloading_is_audited_and_only_by_post(client, camden_worker):
    client.force_login(camden_worker)

    page = client.get(reverse("my_data"))
    client.post(reverse("my_data"))

    assert page["Content-Type"].startswith("text/html")
    assert (
        AuditEvent.objects.filter(action="personal_data_exported", actor=camden_worker).count() == 1
    )
