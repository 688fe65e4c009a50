"""`Authorization: Bearer sx_…` with a personal API token.

The token's hash is looked up; a revoked or expired token, or one whose
owner can no longer sign in, is refused with 401. Token requests need no
CSRF token (no cookie is involved); the browsable API uses the session.
"""

from django.utils import timezone
from rest_framework import authentication, exceptions

from api.models import TOKEN_PREFIX, ApiToken

# Writing last_used_at on every request would cost a write per call; once a
# minute is enough for its owner to see the token is in use.
LAST_USED_RESOLUTION_SECONDS = 60


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as: Authorization: Bearer <token>"
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("The token is not valid") from error
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
            raise exceptions.AuthenticationFailed("The token is not valid")
        token = ApiToken.objects.select_related("user", "user__borough").for_secret(secret).first()
        if token is None or not token.is_usable or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                "The token is not valid, has expired or was revoked"
            )
        now = timezone.now()
        if (
            token.last_used_at is None
            or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
