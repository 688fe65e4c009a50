"""A coordinator checks a worker's Social Work England registration."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import WorkerProfile
from people.services import registration_lapse_expired
from tests.factories import UserFactory, WorkerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def camden_worker(camden_worker):
    """The Camden worker, with a registration no coordinator has checked yet."""
    WorkerProfile.objects.filter(user=camden_worker).update(
        registration_verified=False, registration_verified_at=None
    )
    camden_worker.worker_profile.refresh_from_db()
    return camden_worker


def test_coordinator_verifies_from_the_dashboard(client, coordinator, camden_worker):
    client.force_login(coordinator)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert camden_worker.full_name in dashboard
    assert camden_worker.worker_profile.registration_number in dashboard

    response = client.post(
        reverse("person_verify", args=[camden_worker.pk]), {"next": reverse("dashboard")}
    )

    assert response["Location"] == reverse("dashboard")
    profile = WorkerProfile.objects.get(user=camden_worker)
    assert profile.registration_verified
    assert profile.registration_verified_by == coordinator
    assert profile.registration_verified_at is not None
    page = client.get(reverse("dashboard")).content.decode()
    assert "is verified" in page
    assert "No registrations are waiting to be checked" in page


def test_verifying_twice_is_refused_and_keeps_the_first_check(client, coordinator, camden_worker):
    client.force_login(coordinator)
    client.post(reverse("person_verify", args=[camden_worker.pk]))
    first = WorkerProfile.objects.get(user=camden_worker).registration_verified_at

    response = client.post(reverse("person_verify", args=[camden_worker.pk]), follow=True)

    assert "This registration has already been verified" in response.content.decode()
    assert WorkerProfile.objects.get(user=camden_worker).registration_verified_at == first


def test_an_expired_registration_cannot_be_verified(client, coordinator, camden):
    worker = UserFactory(borough=camden)
    WorkerProfileFactory(
        user=worker,
        registration_verified=False,
        registration_expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(coordinator)

    response = client.post(reverse("person_verify", args=[worker.pk]), follow=True)

    assert "This registration has expired" in response.content.decode()
    assert not WorkerProfile.objects.get(user=worker).registration_verified


def test_managers_cannot_verify(client, camden_manager, hackney_manager, camden_worker):
    url = reverse("person_verify", args=[camden_worker.pk])
    client.force_login(camden_manager)
    assert client.post(url).status_code == 403
    client.force_login(hackney_manager)
    assert client.post(url).status_code == 404
    assert not WorkerProfile.objects.get(user=camden_worker).registration_verified


def test_lapsed_registrations_are_unverified(camden_worker, coordinator):
    profile = camden_worker.worker_profile
    WorkerProfile.objects.filter(pk=profile.pk).update(
        registration_verified=True,
        registration_verified_at=timezone.now(),
        registration_expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )

    assert registration_lapse_expired(today=timezone.localdate()) == 1
    assert registration_lapse_expired(today=timezone.localdate()) == 0
    assert not WorkerProfile.objects.get(pk=profile.pk).registration_verified
