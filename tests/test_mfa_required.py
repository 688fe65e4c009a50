"""Managers and coordinators must set up an authenticator app before anything else."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("mfa_activate_totp")


def _sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.fixture
def new_manager(camden):
    return UserFactory(email="new.manager@camden.gov.uk", role=Role.MANAGER, borough=camden)


@pytest.fixture
def new_coordinator(db):
    return UserFactory(
        email="new.coordinator@partnership.gov.uk", role=Role.COORDINATOR, borough=None
    )


def test_manager_without_mfa_is_sent_to_set_it_up_from_every_page(
    client, new_manager, camden_worker, camden_team
):
    _sign_in(client, new_manager)
    pages = [
        reverse("dashboard"),
        reverse("profile"),
        reverse("account"),
        reverse("borough_list"),
        reverse("borough_detail", args=[new_manager.borough.gss_code]),
        reverse("staff_list", args=[new_manager.borough.gss_code]),
        reverse("team_detail", args=[camden_team.pk]),
        reverse("person_detail", args=[camden_worker.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == ACTIVATE, page
    # A POST is stopped too, before it changes anything.
    response = client.post(
        reverse("team_add", args=[new_manager.borough.gss_code]), {"name": "Sneaky"}
    )
    assert response["Location"] == ACTIVATE
    assert not new_manager.borough.teams.filter(name="Sneaky").exists()


def test_manager_sets_up_totp_and_reaches_their_dashboard(client, new_manager):
    _sign_in(client, new_manager)
    setup_page = client.get(ACTIVATE)
    assert setup_page.status_code == 200
    secret = client.session["mfa.totp.secret"]

    wrong = client.post(ACTIVATE, {"code": "000000"})
    assert wrong.status_code == 200
    assert "There is a problem" in wrong.content.decode()
    assert not Authenticator.objects.filter(user=new_manager).exists()

    response = client.post(ACTIVATE, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=new_manager, type=Authenticator.Type.TOTP).exists()

    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert "Camden" in dashboard.content.decode()


def test_coordinator_is_also_made_to_set_up_mfa(client, new_coordinator):
    _sign_in(client, new_coordinator)
    assert client.get(reverse("dashboard"))["Location"] == ACTIVATE


def test_social_worker_is_not_forced_to_use_mfa(client, camden_worker):
    _sign_in(client, camden_worker)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Your dashboard" in response.content.decode()


def test_sign_out_and_static_pages_stay_reachable_without_mfa(client, new_manager):
    _sign_in(client, new_manager)
    assert client.get(reverse("accessibility")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))


@override_settings(DEMO_MODE=True)
def test_demo_mode_lets_managers_in_without_mfa_and_says_so(client, new_manager):
    _sign_in(client, new_manager)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "not asked for two-factor codes" in response.content.decode()
