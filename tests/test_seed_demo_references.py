"""The demo shows references both ways on its completed placement: the host's
reference, seen by the worker's home manager, and the worker's own rating."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from home.demo.learning_references import seed_references
from learning.models import PlacementRating, Reference
from tests.personas import TwoFactorClient, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_reference_and_a_rating_and_a_second_run_adds_nothing(demo):
    assert "2 references and ratings" in demo
    reference = Reference.objects.select_related("placement__worker__borough").first()
    assert reference is not None
    assert PlacementRating.objects.filter(placement=reference.placement).exists()
    assert seed_references() == 0

    worker = reference.placement.worker
    home_manager = with_totp(
        User.objects.managers().filter(borough=worker.borough).order_by("pk").first()
    )
    client = TwoFactorClient()
    client.force_login(home_manager)
    page = client.get(reverse("person_references", args=[worker.pk])).content.decode()
    assert "Settled into the team in days" in page
