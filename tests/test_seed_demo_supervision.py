"""The demo shows the newly qualified pathway: a placement from a request suitable
for a newly qualified worker, with two supervision sessions that the home
borough's manager can read. home.demo.learning_supervision.seed_supervision()
runs after seed_demo; a second run creates nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from home.demo.learning_supervision import TITLE, seed_supervision
from learning.models import SupervisionSession
from secondments.models import Placement
from tests.personas import TwoFactorClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True


def test_the_demo_has_a_supervised_newly_qualified_placement():
    call_command("seed_demo", stdout=None)
    assert seed_supervision() == 0  # seed_demo made it; safe to run again
    placement = Placement.objects.get(help_request__title=TITLE)
    assert placement.help_request.newly_qualified_suitable
    assert SupervisionSession.objects.filter(placement=placement).count() == 2

    home_manager = User.objects.managers().filter(borough=placement.home).first()
    client = TwoFactorClient()
    client.force_login(home_manager)
    page = client.get(reverse("placement_supervision", args=[placement.pk])).content.decode()
    assert "Reflective discussion on a first child in need assessment" in page
