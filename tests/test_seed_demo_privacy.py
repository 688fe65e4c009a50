"""The demo shows the UK GDPR pages: a worker's pending request to have their
data removed waits for the coordinator, and demo logins can download their data.
home.demo.privacy.seed_erasure_requests() runs in seed_demo; a second run creates nothing."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import ErasureRequest, ErasureStatus, User
from home.demo.people import COORDINATOR_EMAIL
from home.demo.privacy import REASON, seed_erasure_requests
from tests.personas import TwoFactorClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True


def test_the_demo_has_a_pending_erasure_request_and_working_exports():
    call_command("seed_demo", stdout=None)
    assert seed_erasure_requests() == 0  # seed_demo made it; safe to run again

    request = ErasureRequest.objects.get()
    assert request.status == ErasureStatus.PENDING and request.reason == REASON
    assert not request.person.placements.exists()

    coordinator = TwoFactorClient()
    coordinator.force_login(User.objects.get(email=COORDINATOR_EMAIL))
    dashboard = coordinator.get(reverse("dashboard")).content.decode()
    assert "Requests to remove personal data (1)" in dashboard
    detail = coordinator.get(reverse("erasure_request_detail", args=[request.pk]))
    assert REASON in detail.content.decode()

    worker = User.objects.workers().filter(placements__isnull=False).first()
    client = TwoFactorClient()
    client.force_login(worker)
    assert reverse("my_data") in client.get(reverse("account")).content.decode()
    data = json.loads(client.post(reverse("my_data")).content)
    assert data["account"]["email"] == worker.email
    assert data["placements"]
