"""Single sign-on with a council's Microsoft Entra ID or an OpenID Connect provider.

Who may come in. The address the identity provider gives names a borough by
its email domain (Borough.email_domains), and the token's tenant must be one
that borough trusts (Borough.sso_tenant_ids): Entra's `tid` claim, or an
OpenID Connect provider's issuer (`iss`). Without both the person is refused
with our own page, before any account is made, linked or signed in. Checking
the tenant matters: in a multi-tenant Entra app any organisation's
administrator can give an account any address, so the address alone proves
nothing.

Whom it makes. An account that already uses the address (verified) is signed
in and linked, keeping its role; anyone else becomes a social worker of that
borough with an empty worker profile. Roles above that are a coordinator's
to grant, as for sign-up with a password.

Second factor. Where the ID token says the person used multi-factor
authentication at the provider (`amr` holding "mfa", or the values set for
an OpenID Connect provider), the session records an "mfa" step of type
"identity_provider": allauth's code page is skipped and accounts/middleware.py
counts the session as two-factor, also for managers without an authenticator
app of ours. Otherwise ours applies as after a password: whoever has an
authenticator app enters its code, and managers must set one up.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jwt
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.microsoft.views import MicrosoftGraphOAuth2Adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.input_limits import NAME_MAX
from accounts.models import Role, WorkerProfile
from boroughs.models import Borough

logger = logging.getLogger(__name__)

MICROSOFT = "microsoft"
MICROSOFT_LOGIN_URL = "https://login.microsoftonline.com"
# What the session records when the identity provider vouched for the second factor.
IDP_MFA_TYPE = "identity_provider"
# Set by pre_social_login for the sign-in under way, read once by the MFA stage.
_IDP_MFA_SESSION_KEY = "sso_identity_provider_mfa"
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class Identity:
    """What the identity provider said about the person signing in."""

    email: str
    tenant: str
    used_mfa: bool


def identity_of(sociallogin: SocialLogin) -> Identity:
    provider = sociallogin.provider
    app_settings = provider.app.settings if provider.app else {}
    # Both providers leave the ID token's claims here (for Microsoft, see MicrosoftAdapter).
    claims = sociallogin.account.extra_data.get("id_token") or {}
    tenant = claims.get("tid" if provider.id == MICROSOFT else "iss") or ""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    used_mfa = bool(set(app_settings.get("mfa_amr", ["mfa"])) & set(amr)) or (
        bool(claims.get("acr")) and claims.get("acr") in app_settings.get("mfa_acr", [])
    )
    return Identity(email=_email_of(sociallogin), tenant=str(tenant), used_mfa=used_mfa)


def borough_trusting(identity: Identity) -> Borough | None:
    """The borough that lists the address's domain and trusts the tenant that
    vouched for it (where two list one domain, the tenant tells them apart)."""
    listing = Borough.objects.listing_email_domain(identity.email)
    return next((borough for borough in listing if borough.trusts_tenant(identity.tenant)), None)


def _email_of(sociallogin: SocialLogin) -> str:
    # The provider's address, not the stored account's: it is what the tenant vouches for.
    addresses = [address.email for address in sociallogin.email_addresses if address.email]
    return (addresses[0] if addresses else sociallogin.user.email or "").strip().lower()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        request.session.pop(_IDP_MFA_SESSION_KEY, None)
        identity = identity_of(sociallogin)
        listing = Borough.objects.listing_email_domain(identity.email)
        if not listing:
            raise ImmediateHttpResponse(
                _refused(request, sociallogin, "unknown_domain", identity=identity)
            )
        if borough_trusting(identity) is None:
            raise ImmediateHttpResponse(
                _refused(
                    request, sociallogin, "untrusted_tenant", identity=identity, borough=listing[0]
                )
            )
        if identity.used_mfa:
            request.session[_IDP_MFA_SESSION_KEY] = {
                "provider": sociallogin.account.provider,
                "uid": sociallogin.account.uid,
            }

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # pre_social_login has checked the address and its borough: nothing to ask.
        return True

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict):
        user = super().populate_user(request, sociallogin, data)
        given = " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
        extra = sociallogin.account.extra_data
        name = data.get("name") or given or extra.get("displayName") or ""
        user.full_name = str(name).strip()[:NAME_MAX]
        return user

    @transaction.atomic
    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form=None):
        """A new social worker in the borough that owns the address.

        Any form is ignored: the address, and so the borough, are the
        identity provider's, already checked against what the borough trusts.
        """
        identity = identity_of(sociallogin)
        user = sociallogin.user
        user.email = identity.email
        user.borough = borough_trusting(identity)
        user.role = Role.WORKER
        user.full_name = user.full_name or identity.email.split("@")[0]
        user = super().save_user(request, sociallogin, form=None)
        WorkerProfile.objects.create(user=user)
        return user


def _refused(
    request: HttpRequest,
    sociallogin: SocialLogin,
    reason: str,
    *,
    identity: Identity,
    borough: Borough | None = None,
) -> HttpResponse:
    # The domain is the organisation's, not the person's: safe to log.
    logger.warning(
        "Single sign-on refused (%s) for provider %s, domain %s",
        reason,
        sociallogin.account.provider,
        identity.email.rpartition("@")[2] or "(no address)",
    )
    return render(
        request,
        "socialaccount/sso_refused.html",
        {
            "reason": reason,
            "provider_name": sociallogin.provider.name,
            "domain": identity.email.rpartition("@")[2],
            "borough": borough,
        },
        status=403,
    )


class AuthenticateStage(AllauthAuthenticateStage):
    """allauth's "enter the code from your authenticator app" step, passed
    when the identity provider has just vouched for the second factor."""

    def handle(self) -> tuple:
        if self._identity_provider_did_mfa():
            return None, True
        return super().handle()

    def _identity_provider_did_mfa(self) -> bool:
        vouched = self.request.session.pop(_IDP_MFA_SESSION_KEY, None)
        user = self.login.user
        if not vouched or user is None:
            return False
        # Only for the single sign-on that set it: allauth recorded it last.
        records = get_authentication_records(self.request, user)
        last = records[-1] if records else {}
        if (last.get("method"), last.get("provider"), last.get("uid")) != (
            "socialaccount",
            vouched["provider"],
            vouched["uid"],
        ):
            return False
        record_authentication(
            self.request, user, "mfa", type=IDP_MFA_TYPE, provider=vouched["provider"]
        )
        return True


def sign_in_buttons(request: HttpRequest) -> list[dict[str, str]]:
    """The configured identity providers, as the sign-in page offers them."""
    return [
        {
            "text": "Sign in with Microsoft"
            if provider.id == MICROSOFT
            else f"Sign in with {provider.name}",
            "url": provider.get_login_url(request),
        }
        for provider in get_social_adapter(request).list_providers(request)
    ]


class MicrosoftAdapter(MicrosoftGraphOAuth2Adapter):
    """allauth's Microsoft Graph sign-in, also reading the ID token's claims.

    allauth reads the person from Graph's /me, which does not say which
    tenant they belong to or how they signed in; the ID token does. Its
    signature is checked against the tenant's published keys, and its
    issuer against the tenant it names.
    """

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        login = super().complete_login(request, app, token, **kwargs)
        id_token = (kwargs.get("response") or {}).get("id_token")
        login.account.extra_data["id_token"] = self._verified_claims(app, id_token)
        return login

    @staticmethod
    def _verified_claims(app, id_token: str | None) -> dict:
        if not id_token:
            raise OAuth2Error("Microsoft sent no ID token: the app must ask for the openid scope")
        try:
            tenant = str(jwt.decode(id_token, options={"verify_signature": False}).get("tid", ""))
        except jwt.PyJWTError as error:
            raise OAuth2Error("Invalid id_token") from error
        if not _GUID.fullmatch(tenant):
            raise OAuth2Error("The ID token names no Entra tenant")
        login_url = app.settings.get("login_url", MICROSOFT_LOGIN_URL)
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=f"{login_url}/{tenant}/discovery/v2.0/keys",
            issuer=f"{login_url}/{tenant}/v2.0",
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
        )
        # Only what deciding needs is kept with the account.
        return {key: claims[key] for key in ("iss", "tid", "amr", "acr") if key in claims}


# Routed at allauth's own callback address (config/urls.py), ahead of allauth's view.
microsoft_callback = OAuth2CallbackView.adapter_view(MicrosoftAdapter)
