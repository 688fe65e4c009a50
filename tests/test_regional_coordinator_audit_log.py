"""A regional coordinator's audit log shows the changes to their regions'
records only; a national coordinator's shows everything (issue 13)."""

import pytest
from django.urls import reverse

from audit.services import audit_record
from tests.factories import HelpRequestFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(camden, norfolk, coordinator):
    camden_request = HelpRequestFactory(borough=camden)
    norfolk_request = HelpRequestFactory(borough=norfolk)
    audit_record(actor=None, action="request_closed", obj=camden_request, reason="Camden reason")
    audit_record(actor=None, action="request_closed", obj=norfolk_request, reason="Norfolk reason")
    between = PlacementFactory(help_request__borough=norfolk, worker__borough=camden)
    audit_record(actor=None, action="placement_cancelled", obj=between, reason="Shared reason")
    audit_record(
        actor=None, action="role_changed", obj=UserFactory(borough=norfolk), reason="Norfolk person"
    )
    # A coordinator with no borough: national coordinators only.
    audit_record(actor=None, action="role_changed", obj=coordinator, reason="No borough at all")


def _reasons(client, person) -> set[str]:
    client.force_login(person)
    page = client.get(reverse("audit_log")).content.decode()
    return {
        reason
        for reason in (
            "Camden reason",
            "Norfolk reason",
            "Shared reason",
            "Norfolk person",
            "No borough at all",
        )
        if reason in page
    }


def test_a_london_coordinator_reads_londons_changes_only(client, events, london_coordinator):
    assert _reasons(client, london_coordinator) == {"Camden reason", "Shared reason"}


def test_the_coordinator_of_another_region_reads_none_of_them(
    client, events, north_east_coordinator
):
    assert _reasons(client, north_east_coordinator) == set()


def test_a_national_coordinator_reads_every_change(client, events, coordinator):
    assert _reasons(client, coordinator) == {
        "Camden reason",
        "Norfolk reason",
        "Shared reason",
        "Norfolk person",
        "No borough at all",
    }


def test_changes_by_a_regions_people_to_records_of_no_region_show_there(
    client, camden_manager, london_coordinator, north_east_coordinator
):
    audit_record(
        actor=camden_manager,
        action="api_token_created",
        obj=None,
        object_type="apitoken",
        reason="Made by Camden",
    )
    client.force_login(london_coordinator)
    assert "Made by Camden" in client.get(reverse("audit_log")).content.decode()
    client.force_login(north_east_coordinator)
    assert "Made by Camden" not in client.get(reverse("audit_log")).content.decode()
