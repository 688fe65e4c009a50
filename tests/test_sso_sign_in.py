"""Signing in with a council's Microsoft Entra ID or OpenID Connect account.

The whole OAuth2 round trip runs through the test client; only the identity
provider's side (token endpoint, Microsoft Graph, signing keys, discovery and
userinfo) is answered at the HTTP layer with `responses`, as allauth reaches
it through `requests`. ID tokens are signed with a key made for the test.
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
import responses
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from accounts.models import Role, User, WorkerProfile
from audit.models import AuditEvent
from home.demo.single_sign_on import demo_tenant_id, seed_single_sign_on
from tests.factories import UserFactory
from tests.identity_provider import (
    CAMDEN_TENANT,
    CLIENT_ID,
    KEY,
    LOGIN,
    OIDC_SERVER,
    OTHER_TENANT,
    configure_single_sign_on,
    id_token,
    microsoft_answers,
)
from tests.personas import PERSONA_TOTP_SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def sso(settings, camden, hackney):
    configure_single_sign_on(settings, camden, hackney)


def _microsoft_sign_in(client, *, email, tenant=CAMDEN_TENANT, amr=("pwd",), key=KEY, oid=None):
    """Press "Sign in with Microsoft", sign in at Microsoft, come back."""
    start = client.post(reverse("microsoft_login"))
    assert start.status_code == 302
    authorize = urlsplit(start["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == (
        f"{LOGIN}/organizations/oauth2/v2.0/authorize"
    )
    query = parse_qs(authorize.query)
    assert "openid" in query["scope"][0].split()
    with microsoft_answers(email=email, tenant=tenant, amr=amr, key=key, oid=oid) as provider:
        response = client.get(
            reverse("microsoft_callback"), {"code": "the-code", "state": query["state"][0]}
        )
        sent = parse_qs(provider.calls[0].request.body)  # what went to the token endpoint
        assert sent["code"] == ["the-code"]
        assert sent["redirect_uri"] == ["https://testserver/accounts/microsoft/login/callback/"]
    return response


def _oidc_sign_in(client, *, email, issuer=OIDC_SERVER, amr=None, acr=None):
    with responses.RequestsMock() as provider:
        provider.get(
            f"{OIDC_SERVER}/.well-known/openid-configuration",
            json={
                "issuer": issuer,
                "authorization_endpoint": f"{OIDC_SERVER}/authorize",
                "token_endpoint": f"{OIDC_SERVER}/token",
                "userinfo_endpoint": f"{OIDC_SERVER}/userinfo",
                "jwks_uri": f"{OIDC_SERVER}/jwks",
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            },
        )
        start = client.post(reverse("openid_connect_login", args=["organisation"]))
        assert start["Location"].startswith(f"{OIDC_SERVER}/authorize?")
        state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
        claims = {"iss": issuer, "sub": f"sub-{email}"}
        claims |= {"amr": amr} if amr else {}
        claims |= {"acr": acr} if acr else {}
        provider.post(
            f"{OIDC_SERVER}/token",
            json={"token_type": "Bearer", "access_token": "at", "id_token": id_token(claims)},
        )
        provider.get(
            f"{OIDC_SERVER}/userinfo",
            json={
                "sub": f"sub-{email}",
                "email": email,
                "email_verified": True,
                "name": "Olu Okafor",
            },
        )
        return client.get(
            reverse("openid_connect_callback", args=["organisation"]),
            {"code": "the-code", "state": state},
        )


def _signed_in_as(client) -> User | None:
    page = client.get(reverse("dashboard"))
    return page.wsgi_request.user if page.status_code == 200 else None


def test_a_new_person_at_camdens_domain_becomes_a_camden_social_worker(client, sso, camden):
    response = _microsoft_sign_in(client, email="Sam.Smith@camden.gov.uk")

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="sam.smith@camden.gov.uk")
    assert (user.borough, user.role, user.full_name) == (camden, Role.WORKER, "Sam Smith")
    assert WorkerProfile.objects.filter(user=user).exists()
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).provider == "microsoft"
    assert _signed_in_as(client) == user


def test_an_existing_account_is_linked_not_duplicated(client, sso, camden_worker):
    response = _microsoft_sign_in(client, email="worker@camden.gov.uk")

    assert response["Location"] == reverse("dashboard")
    assert User.objects.filter(email__iexact="worker@camden.gov.uk").count() == 1
    assert SocialAccount.objects.get(provider="microsoft").user == camden_worker
    assert _signed_in_as(client) == camden_worker
    linked = AuditEvent.objects.get(action="sso_account_linked")
    assert (linked.actor, linked.object_id, linked.to_state) == (
        camden_worker,
        camden_worker.pk,
        "microsoft",
    )
    camden_worker.refresh_from_db()
    assert camden_worker.has_usable_password()  # password sign-in still works too

    # The next time the link itself finds them.
    client.logout()
    _microsoft_sign_in(client, email="worker@camden.gov.uk", oid="oid-worker@camden.gov.uk")
    assert _signed_in_as(client) == camden_worker
    assert SocialAccount.objects.count() == 1


def test_an_unknown_domain_is_refused_with_a_clear_page_and_no_account(client, sso):
    response = _microsoft_sign_in(client, email="someone@elsewhere.example")

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot sign in with this account" in html
    assert "@elsewhere.example do not belong to any borough" in html
    assert "govuk-service-navigation" in html
    assert not User.objects.filter(email="someone@elsewhere.example").exists()
    assert not SocialAccount.objects.exists()
    assert _signed_in_as(client) is None


def test_a_tenant_camden_does_not_trust_is_refused(client, sso, camden_worker):
    # Any Entra administrator can give an account a Camden address: only
    # Camden's own tenant is believed.
    response = _microsoft_sign_in(client, email="worker@camden.gov.uk", tenant=OTHER_TENANT)

    assert response.status_code == 403
    assert "Camden has not set up signing in with this Microsoft organisation" in (
        response.content.decode()
    )
    assert not SocialAccount.objects.exists()
    assert _signed_in_as(client) is None


def test_an_id_token_not_signed_by_microsoft_is_refused(client, sso):
    forged = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = _microsoft_sign_in(client, email="new@camden.gov.uk", key=forged)

    assert response.status_code == 401
    html = response.content.decode()
    assert "signing in with your organisation's account did not work" in html
    assert "govuk-service-navigation" in html and html.count("<h1") == 1
    assert not User.objects.filter(email="new@camden.gov.uk").exists()


def test_the_identity_providers_mfa_signs_a_manager_in_without_our_code(
    client, sso, camden_manager
):
    response = _microsoft_sign_in(client, email="manager@camden.gov.uk", amr=("pwd", "mfa"))

    assert response["Location"] == reverse("dashboard")
    assert _signed_in_as(client) == camden_manager
    # And the session stays signed in on later pages.
    assert client.get(reverse("account")).status_code == 200


def test_a_manager_with_our_authenticator_and_no_mfa_claim_is_asked_for_the_code(
    client, sso, camden_manager
):
    response = _microsoft_sign_in(client, email="manager@camden.gov.uk", amr=("pwd",))

    assert response["Location"] == reverse("mfa_authenticate")
    assert _signed_in_as(client) is None
    done = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(PERSONA_TOTP_SECRET).now()})
    assert done["Location"] == reverse("dashboard")
    assert _signed_in_as(client) == camden_manager


def test_a_manager_without_mfa_anywhere_must_set_up_our_authenticator(client, sso, camden):
    UserFactory(email="lead@camden.gov.uk", role=Role.MANAGER, borough=camden)
    _microsoft_sign_in(client, email="lead@camden.gov.uk", amr=("pwd",))

    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")


def test_a_worker_without_an_authenticator_needs_no_code(client, sso, camden_worker):
    response = _microsoft_sign_in(client, email="worker@camden.gov.uk", amr=("pwd",))

    assert response["Location"] == reverse("dashboard")


def test_openid_connect_creates_a_worker_in_the_borough_that_trusts_the_issuer(
    client, sso, hackney
):
    response = _oidc_sign_in(client, email="olu@hackney.gov.uk")

    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="olu@hackney.gov.uk")
    assert (user.borough, user.role, user.full_name) == (hackney, Role.WORKER, "Olu Okafor")


def test_openid_connect_from_an_issuer_nobody_trusts_is_refused(client, sso, camden):
    # The provider is configured, but Camden trusts only its Entra tenant.
    response = _oidc_sign_in(client, email="sam@camden.gov.uk")

    assert response.status_code == 403
    assert not User.objects.filter(email="sam@camden.gov.uk").exists()


def test_openid_connect_acr_counts_as_mfa_when_configured(client, sso, hackney_manager):
    response = _oidc_sign_in(client, email="manager@hackney.gov.uk", acr="urn:hackney:mfa")

    assert response["Location"] == reverse("dashboard")
    assert _signed_in_as(client) == hackney_manager


def test_the_sign_in_page_offers_the_organisation_buttons_only_when_configured(
    client, settings, sso
):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with your organisation's account" in page
    assert "Sign in with Microsoft" in page
    assert "Sign in with Hackney staff sign-in" in page
    assert f'action="{reverse("microsoft_login")}"' in page

    settings.SOCIALACCOUNT_PROVIDERS = {}
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Microsoft" not in page
    assert "Sign in with your organisation's account" not in page


@pytest.mark.parametrize("name", ["microsoft_login", "socialaccount_login_cancelled"])
def test_single_sign_on_pages_are_in_our_layout(client, sso, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-service-navigation" in html and 'id="main-content"' in html
    assert html.count("<h1") == 1


def test_a_person_stops_signing_in_with_their_organisation_account(client, sso, camden_worker):
    _microsoft_sign_in(client, email="worker@camden.gov.uk")
    page = client.get(reverse("socialaccount_connections"))
    html = page.content.decode()
    assert "Organisation accounts you sign in with" in html
    assert "Microsoft: worker@camden.gov.uk" in html
    assert "govuk-service-navigation" in html and html.count("<h1") == 1

    account = SocialAccount.objects.get(user=camden_worker)
    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert response.status_code == 302
    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.filter(
        action="sso_account_removed", actor=camden_worker, from_state="microsoft"
    ).exists()


def test_someone_without_a_password_keeps_their_only_way_to_sign_in(client, sso):
    _microsoft_sign_in(client, email="new.starter@camden.gov.uk")
    account = SocialAccount.objects.get()

    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert SocialAccount.objects.filter(pk=account.pk).exists()


@pytest.mark.parametrize(
    "variables",
    [
        {"SSO_MICROSOFT_CLIENT_ID": CLIENT_ID},
        {"SSO_OIDC_SERVER_URL": OIDC_SERVER, "SSO_OIDC_CLIENT_ID": CLIENT_ID},
    ],
)
def test_half_set_single_sign_on_refuses_to_start(variables):
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=root,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"} | variables,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Single sign-on is half set up" in result.stderr


def test_an_administrator_sets_the_tenants_a_borough_trusts_and_it_is_audited(
    client, coordinator, camden
):
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save()
    client.force_login(coordinator)
    url = reverse("admin:boroughs_borough_change", args=[camden.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"email_domains": "camden.gov.uk", "sso_tenant_ids": CAMDEN_TENANT})

    assert response.status_code == 302
    camden.refresh_from_db()
    assert camden.trusts_tenant(CAMDEN_TENANT.upper())
    event = AuditEvent.objects.get(action="borough_sign_in_changed")
    assert (event.actor, event.object_id) == (coordinator, camden.pk)
    assert event.changed_fields == ["email_domains", "sso_tenant_ids"]


def test_the_demo_boroughs_get_email_domains_and_a_trusted_tenant(camden, haringey):
    haringey.email_domains = "haringey.gov.uk hdc.example"
    haringey.save()

    assert seed_single_sign_on() == 2
    camden.refresh_from_db()
    haringey.refresh_from_db()
    assert camden.email_domains == "camden.gov.uk"
    assert camden.trusts_tenant(demo_tenant_id("camden.gov.uk"))
    assert haringey.email_domains == "haringey.gov.uk hdc.example"  # kept as it was
    assert haringey.trusts_tenant(demo_tenant_id("haringey.gov.uk"))
    assert seed_single_sign_on() == 0


def test_where_two_boroughs_share_a_domain_the_tenant_tells_them_apart(client, sso, haringey):
    # A shared service: one domain, each borough with its own tenant.
    haringey.email_domains = "camden.gov.uk"
    haringey.sso_tenant_ids = OTHER_TENANT
    haringey.save()

    _microsoft_sign_in(client, email="shared@camden.gov.uk", tenant=OTHER_TENANT)

    assert User.objects.get(email="shared@camden.gov.uk").borough == haringey
