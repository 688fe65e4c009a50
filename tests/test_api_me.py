"""The signed-in person through the API: their profile, changed through the
profile form and service (same fields, limits and messages), and their
availability, through the same services as the profile pages."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Availability, JobLevel, Specialism, TravelScope
from audit.models import AuditEvent
from tests.api_clients import api_client_for
from tests.api_query_counts import list_queries
from tests.factories import AvailabilityFactory, BoroughFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def specialism(db):
    return Specialism.objects.get_or_create(name="Child protection", defaults={"area": "children"})[
        0
    ]


@pytest.fixture
def worker(camden_worker, specialism):
    camden_worker.worker_profile.specialisms.add(specialism)
    return camden_worker


def test_a_worker_reads_their_profile(worker, specialism):
    body = api_client_for(worker).get("/api/v1/me/").json()

    assert body["email"] == "worker@camden.gov.uk" and body["borough"]["gss_code"] == "E09000007"
    assert body["worker_profile"]["specialisms"] == [specialism.pk]
    assert body["worker_profile"]["registration_verified"] is True


def test_a_manager_has_no_worker_profile_to_change(camden_manager):
    client = api_client_for(camden_manager)

    assert client.get("/api/v1/me/").json()["worker_profile"] is None
    assert client.patch("/api/v1/me/", {"languages": "Welsh"}, format="json").status_code == 404


def test_a_patch_changes_only_what_it_names(worker, specialism):
    response = api_client_for(worker).patch("/api/v1/me/", {"languages": "Welsh"}, format="json")

    assert response.status_code == 200, response.content
    profile = response.json()["worker_profile"]
    assert profile["languages"] == "Welsh"
    assert profile["specialisms"] == [specialism.pk]
    assert profile["job_level"] == JobLevel.SOCIAL_WORKER
    assert profile["registration_verified"] is True
    event = AuditEvent.objects.get(action="profile_changed")
    assert event.changed_fields == ["languages"]


def test_the_forms_rules_and_messages_apply(worker):
    client = api_client_for(worker)

    expired = client.patch("/api/v1/me/", {"registration_expires_on": "2020-01-01"}, format="json")
    too_long = client.patch("/api/v1/me/", {"languages": "x" * 201}, format="json")
    chosen = client.patch(
        "/api/v1/me/", {"travel_scope": TravelScope.CHOSEN, "willing_boroughs": []}, format="json"
    )

    assert expired.status_code == 400
    assert expired.json()["registration_expires_on"][0].startswith(
        "Registration expiry date must be today or in the future"
    )
    assert list(too_long.json()) == ["languages"]
    assert chosen.json() == {"willing_boroughs": ["Select at least one borough you will work in"]}
    assert not AuditEvent.objects.filter(action="profile_changed").exists()


def test_changing_the_registration_number_means_checking_it_again(worker):
    response = api_client_for(worker).patch(
        "/api/v1/me/", {"registration_number": "sw 999 111"}, format="json"
    )

    profile = response.json()["worker_profile"]
    assert profile["registration_number"] == "SW999111"
    assert profile["registration_verified"] is False


def test_chosen_boroughs_are_named_by_their_codes(worker, haringey):
    islington = BoroughFactory(name="Islington", gss_code="E09000019")
    response = api_client_for(worker).patch(
        "/api/v1/me/",
        {"travel_scope": TravelScope.CHOSEN, "willing_boroughs": ["E09000019", "E09000014"]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert sorted(response.json()["worker_profile"]["willing_boroughs"]) == sorted(
        [islington.gss_code, haringey.gss_code]
    )


def test_availability_added_changed_and_removed(worker):
    client = api_client_for(worker)
    start = TODAY + datetime.timedelta(days=10)

    added = client.post(
        "/api/v1/me/availability/",
        {
            "starts_on": start.isoformat(),
            "ends_on": (start + datetime.timedelta(days=30)).isoformat(),
            "days_per_week": 3,
        },
        format="json",
    )
    url = f"/api/v1/me/availability/{added.json()['id']}/"
    changed = client.patch(url, {"days_per_week": 2}, format="json")
    removed = client.delete(url)

    assert added.status_code == 201 and changed.json()["days_per_week"] == 2
    assert removed.status_code == 204 and not Availability.objects.exists()
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        "availability_added",
        "availability_changed",
        "availability_removed",
    ]


def test_availability_rules_and_overlaps_are_the_forms(worker):
    period = AvailabilityFactory(profile=worker.worker_profile)
    client = api_client_for(worker)

    overlapping = client.post(
        "/api/v1/me/availability/",
        {
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "days_per_week": 2,
        },
        format="json",
    )
    too_many_days = client.patch(
        f"/api/v1/me/availability/{period.pk}/", {"days_per_week": 6}, format="json"
    )

    assert overlapping.status_code == 400
    assert overlapping.json()["starts_on"][0].startswith("This period overlaps your availability")
    assert too_many_days.json() == {"days_per_week": ["Days per week must be between 1 and 5"]}
    assert Availability.objects.count() == 1


def test_the_home_manager_sees_but_cannot_change_a_workers_availability(worker, camden_manager):
    period = AvailabilityFactory(profile=worker.worker_profile)
    client = api_client_for(camden_manager)
    url = f"/api/v1/me/availability/{period.pk}/"

    assert client.get(url).status_code == 200
    assert client.patch(url, {"days_per_week": 1}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert client.get("/api/v1/me/availability/").status_code == 404  # none of their own


@pytest.mark.parametrize("size", [1, 6])
def test_the_availability_list_costs_the_same_however_many(worker, size):
    for n in range(size):
        AvailabilityFactory(
            profile=worker.worker_profile,
            starts_on=TODAY + datetime.timedelta(days=100 * n),
            ends_on=TODAY + datetime.timedelta(days=100 * n + 50),
        )

    # The token, the worker's profile, the count and the page.
    assert list_queries(api_client_for(worker), "/api/v1/me/availability/") == 4
