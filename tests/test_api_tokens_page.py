"""A person makes, sees and revokes their own API tokens on their account pages."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken
from audit.models import AuditEvent
from tests.api_clients import token_for

pytestmark = pytest.mark.django_db

URL = reverse("api_tokens")


def _make(client, name="Payroll export", days="30"):
    return client.post(URL, {"name": name, "days": days})


def test_the_account_page_links_to_the_tokens_page(client, camden_manager):
    client.force_login(camden_manager)
    assert f'href="{URL}"' in client.get(reverse("account")).text


def test_a_new_token_is_shown_once_and_works(client, camden_manager):
    client.force_login(camden_manager)

    response = _make(client)
    assert response.status_code == 302
    page = client.get(URL).text
    token = ApiToken.objects.get(user=camden_manager)
    secret = page.split('id="new-token"')[1].split('value="')[1].split('"')[0]

    assert secret.startswith("sx_") and ApiToken.hash_secret(secret) == token.token_hash
    assert "Copy this token now" in page and "Payroll export" in page
    assert (token.expires_at - token.created_at).days == 30
    assert secret not in client.get(URL).text, "shown once only"
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/requests/").status_code == 200
    assert AuditEvent.objects.filter(action="api_token_created", actor=camden_manager).exists()


def test_the_list_shows_name_hint_dates_and_status(client, camden_worker):
    token_for(camden_worker, name="Live one")
    token_for(camden_worker, name="Old one")
    ApiToken.objects.filter(name="Old one").update(revoked_at=ApiToken.objects.first().created_at)
    client.force_login(camden_worker)

    page = client.get(URL).text

    hint = ApiToken.objects.get(name="Live one").hint
    assert f"{hint}…" in page
    assert "Live one" in page and "Old one" in page
    assert ">Active<" in page.replace("\n", "").replace("  ", "") or "Active" in page
    assert "Revoked" in page and "Never" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "", "days": "30"}, "Enter a name for the token"),
        ({"name": "x" * 101, "days": "30"}, "Name must be 100 characters or fewer"),
        ({"name": "Payroll", "days": "1000"}, "Select how long the token should work"),
        ({"name": "Payroll", "days": ""}, "Select how long the token should work"),
    ],
)
def test_bad_input_is_explained_in_an_error_summary(client, camden_worker, form, message):
    client.force_login(camden_worker)
    response = client.post(URL, form)
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert not ApiToken.objects.exists()


def test_two_live_tokens_cannot_share_a_name(client, camden_worker):
    client.force_login(camden_worker)
    _make(client)
    response = _make(client)
    assert "You already have a token with that name" in response.text
    assert ApiToken.objects.count() == 1


def test_revoking_asks_first_then_stops_the_token(client, camden_worker):
    secret = token_for(camden_worker, name="Rota sync")
    token = ApiToken.objects.get()
    client.force_login(camden_worker)
    url = reverse("api_token_revoke", args=[token.pk])

    assert "Are you sure you want to revoke" in client.get(url).text
    token.refresh_from_db()
    assert token.revoked_at is None, "a GET changes nothing"
    assert client.post(url).status_code == 302

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/requests/").status_code == 401
    assert "Revoked" in client.get(URL).text
    assert AuditEvent.objects.filter(action="api_token_revoked").count() == 1
    client.post(url)
    assert AuditEvent.objects.filter(action="api_token_revoked").count() == 1


def test_someone_elses_token_is_not_found(client, camden_worker, hackney_manager):
    token_for(camden_worker)
    token = ApiToken.objects.get()
    client.force_login(hackney_manager)
    url = reverse("api_token_revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_tokens_name_is_shown_escaped(client, camden_worker):
    token_for(camden_worker, name="<script>alert(1)</script>")
    client.force_login(camden_worker)
    page = client.get(URL).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
