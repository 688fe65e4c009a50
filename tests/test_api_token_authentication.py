"""The API answers only to a live personal token (or the browsable API's session)."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from tests.api_clients import api_client_for, token_for

pytestmark = pytest.mark.django_db


def test_a_live_token_reads_the_boroughs(camden, haringey, camden_worker):
    response = api_client_for(camden_worker).get("/api/v1/boroughs/")
    assert response.status_code == 200
    names = [row["name"] for row in response.json()["results"]]
    assert names == sorted(names) and "Camden" in names


def test_no_token_answers_401_not_a_sign_in_page(camden):
    response = APIClient().get("/api/v1/boroughs/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer sx_not-a-real-token", "Bearer", "Bearer a b"])
def test_a_wrong_token_answers_401(camden, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/boroughs/").status_code == 401


def test_expired_and_revoked_tokens_are_refused(camden, camden_worker):
    secret = token_for(camden_worker)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/boroughs/").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/boroughs/").status_code == 401
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ApiToken.objects.update(
        revoked_at=None,
        created_at=an_hour_ago - datetime.timedelta(days=30),
        expires_at=an_hour_ago,
    )
    assert client.get("/api/v1/boroughs/").status_code == 401


def test_only_the_hash_is_stored(camden_worker):
    secret = token_for(camden_worker)
    token = ApiToken.objects.get()
    assert (
        secret.startswith("sx_") and token.token_hash != secret and secret not in token.token_hash
    )


def test_the_schema_is_openapi_3(camden_worker):
    response = api_client_for(camden_worker).get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
