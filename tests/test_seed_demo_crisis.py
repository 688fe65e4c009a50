"""The demo shows a crisis call: Haringey's, open, with an agreed offer from
Camden, a decline from Islington and other boroughs still to answer, who see
it waiting on their dashboards; seeding twice makes nothing more."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from home.demo.people import DEMO_EMAIL_DOMAIN
from home.demo.pressure_crisis import seed_crisis
from pressure.models import AskAnswer, CrisisCall, CrisisStatus, OfferStatus
from tests.personas import with_totp

pytestmark = pytest.mark.django_db


def _manager(slug: str) -> User:
    return with_totp(User.objects.get(email=f"manager1.{slug}@{DEMO_EMAIL_DOMAIN}"))


def test_the_demo_has_an_open_crisis_call_with_some_answers(settings, client):
    settings.DEMO_MODE = True
    call_command("seed_demo")

    # seed_demo made it; a second run makes nothing more.
    assert seed_crisis() == 0
    call = CrisisCall.objects.get()
    assert call.borough.name == "Haringey"
    assert call.status == CrisisStatus.OPEN
    asks = {ask.borough.name: ask for ask in call.asks.asked().select_related("borough")}
    assert asks["Camden"].answer == AskAnswer.OFFERED
    assert asks["Camden"].offers.get().status == OfferStatus.AGREED
    assert asks["Islington"].answer == AskAnswer.DECLINED
    waiting = [name for name, ask in asks.items() if ask.answer == AskAnswer.WAITING]
    assert "Hackney" in waiting

    # Haringey's manager sees the board; Hackney's sees it waiting on the dashboard.
    client.force_login(_manager("haringey"))
    assert client.get(call.get_absolute_url()).status_code == 200
    client.force_login(_manager("hackney"))
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Crisis calls waiting for your answer" in dashboard
    assert reverse("crisis_answer", args=[call.pk]) in dashboard
