"""Personal API tokens: a person makes one (named, with an expiry) and revokes it.

Only a hash of the secret is stored (api.models.ApiToken), so the secret is
shown once, when it is made. Both changes are audited; the audit log names
the token, never its secret.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from audit.services import audit_record

NAME_MAX = ApiToken._meta.get_field("name").max_length
ACTIONS = {
    "api_token_created": "API token made",
    "api_token_revoked": "API token revoked",
}


@transaction.atomic
def api_token_create(*, person: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the person, usable for `days` days; the token and its secret."""
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = "Enter a name for the token"
    elif len(name) > NAME_MAX:
        errors["name"] = f"Name must be {NAME_MAX} characters or fewer"
    elif ApiToken.objects.filter(user=person, name=name, revoked_at__isnull=True).exists():
        errors["name"] = "You already have a token with that name: choose another"
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        errors["days"] = f"A token can last from 1 to {settings.API_TOKEN_MAX_DAYS} days"
    if errors:
        raise ValidationError(errors)
    # One token at a time per person: the name check above then sees the other's.
    User.objects.select_for_update().filter(pk=person.pk).first()
    secret = ApiToken.new_secret()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=person,
        name=name,
        token_hash=ApiToken.hash_secret(secret),
        hint=secret[:8],
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    audit_record(actor=person, action="api_token_created", obj=token, changed_fields=["api_tokens"])
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> bool:
    """Stop the token at once; False when it was already revoked."""
    if token.user_id != by.pk:
        raise PermissionDenied("Only the token's owner can revoke it")
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        audit_record(actor=by, action="api_token_revoked", obj=token, changed_fields=["api_tokens"])
    return bool(revoked)


def get_token_for_user(user: User, pk: int) -> ApiToken:
    """A person's own token; anyone else's does not exist for them (404)."""
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404("No such API token")
    return token
