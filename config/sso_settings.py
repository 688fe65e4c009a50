"""Single sign-on providers from the environment (read by config/settings.py).

Microsoft Entra ID and one OpenID Connect provider, each turned on by its
SSO_* variables; a group set only in part stops the service from starting.
"""

from django.core.exceptions import ImproperlyConfigured
from environ import Env


def _group(env: Env, names: tuple[str, ...], required: tuple[str, ...]) -> dict[str, str] | None:
    """The group's variables, None when none is set; refuse to start when half set."""
    values = {name: env.str(name, default="").strip() for name in names}
    if not any(values.values()):
        return None
    missing = [name for name in required if not values[name]]
    if missing:
        raise ImproperlyConfigured(
            f"Single sign-on is half set up: {', '.join(missing)} must be set too "
            f"(or unset every one of {', '.join(names)})."
        )
    return values


def _words(text: str) -> list[str]:
    return text.replace(",", " ").split()


def social_account_providers(env: Env, *, debug: bool) -> dict:
    """SOCIALACCOUNT_PROVIDERS for the providers whose variables are set."""
    providers: dict = {}
    microsoft = _group(
        env,
        ("SSO_MICROSOFT_CLIENT_ID", "SSO_MICROSOFT_SECRET", "SSO_MICROSOFT_TENANT"),
        required=("SSO_MICROSOFT_CLIENT_ID", "SSO_MICROSOFT_SECRET"),
    )
    if microsoft:
        providers["microsoft"] = {
            # "openid" makes Entra send an ID token: its tid (tenant) and amr
            # (how the person signed in) are what accounts/sso.py checks.
            "SCOPE": ["openid", "email", "profile", "User.Read"],
            "APPS": [
                {
                    "client_id": microsoft["SSO_MICROSOFT_CLIENT_ID"],
                    "secret": microsoft["SSO_MICROSOFT_SECRET"],
                    "settings": {
                        # "organizations": any work or school account; each
                        # borough then says which tenants it trusts.
                        "tenant": microsoft["SSO_MICROSOFT_TENANT"] or "organizations",
                        "verified_email": True,
                        "mfa_amr": ["mfa"],
                    },
                }
            ],
        }
    oidc = _group(
        env,
        (
            "SSO_OIDC_NAME",
            "SSO_OIDC_SERVER_URL",
            "SSO_OIDC_CLIENT_ID",
            "SSO_OIDC_SECRET",
            "SSO_OIDC_MFA_AMR",
            "SSO_OIDC_MFA_ACR",
        ),
        required=("SSO_OIDC_NAME", "SSO_OIDC_SERVER_URL", "SSO_OIDC_CLIENT_ID", "SSO_OIDC_SECRET"),
    )
    if oidc:
        if not oidc["SSO_OIDC_SERVER_URL"].startswith("https://") and not debug:
            raise ImproperlyConfigured("SSO_OIDC_SERVER_URL must be an https:// address")
        providers["openid_connect"] = {
            "APPS": [
                {
                    # Callback: /accounts/oidc/organisation/login/callback/
                    "provider_id": "organisation",
                    "name": oidc["SSO_OIDC_NAME"],
                    "client_id": oidc["SSO_OIDC_CLIENT_ID"],
                    "secret": oidc["SSO_OIDC_SECRET"],
                    "settings": {
                        "server_url": oidc["SSO_OIDC_SERVER_URL"],
                        "verified_email": True,
                        # The ID token's amr values, or acr values, that mean
                        # the person used more than a password at the provider.
                        "mfa_amr": _words(oidc["SSO_OIDC_MFA_AMR"] or "mfa"),
                        "mfa_acr": _words(oidc["SSO_OIDC_MFA_ACR"]),
                    },
                }
            ]
        }
    return providers
