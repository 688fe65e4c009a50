"""API clients for tests: a personal token for a persona, sent as a Bearer header."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken


def token_for(user, *, name: str = "Test token", days: int = 30) -> str:
    secret = ApiToken.new_secret()
    ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=ApiToken.hash_secret(secret),
        hint=secret[:8],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return secret


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    return client
