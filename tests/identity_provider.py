"""A made-up identity provider for the single sign-on tests: the settings a
council would set, a signing key, and Microsoft's side of the sign-in
answered at the HTTP layer with `responses` (allauth calls it through
`requests`)."""

import json
import time

import jwt
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
CAMDEN_TENANT = "0f6f1c1e-6d4b-4f3e-9a51-3c2c5b3d7a10"
OTHER_TENANT = "9a8b7c6d-1234-4abc-8def-0123456789ab"
LOGIN = "https://login.microsoftonline.com"
GRAPH_ME = "https://graph.microsoft.com/v1.0/me"
OIDC_SERVER = "https://id.hackney.example"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "test-key-1"


def jwks() -> dict:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    return {"keys": [jwk | {"kid": KID, "alg": "RS256", "use": "sig"}]}


def id_token(claims: dict, key=KEY) -> str:
    now = int(time.time())
    return jwt.encode(
        {"aud": CLIENT_ID, "iat": now, "nbf": now, "exp": now + 600} | claims,
        key,
        algorithm="RS256",
        headers={"kid": KID},
    )


def configure_single_sign_on(settings, camden, hackney) -> None:
    """Both providers set up; Camden trusts its Entra tenant, Hackney the OIDC issuer."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "microsoft": {
            "SCOPE": ["openid", "email", "profile", "User.Read"],
            "APPS": [
                {
                    "client_id": CLIENT_ID,
                    "secret": "microsoft-secret",
                    "settings": {
                        "tenant": "organizations",
                        "verified_email": True,
                        "mfa_amr": ["mfa"],
                    },
                }
            ],
        },
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "organisation",
                    "name": "Hackney staff sign-in",
                    "client_id": CLIENT_ID,
                    "secret": "oidc-secret",
                    "settings": {
                        "server_url": OIDC_SERVER,
                        "verified_email": True,
                        "mfa_amr": ["mfa"],
                        "mfa_acr": ["urn:hackney:mfa"],
                    },
                }
            ]
        },
    }
    camden.email_domains = "camden.gov.uk"
    camden.sso_tenant_ids = CAMDEN_TENANT
    camden.save()
    hackney.email_domains = "hackney.gov.uk"
    hackney.sso_tenant_ids = OIDC_SERVER
    hackney.save()


def microsoft_answers(
    *, email: str, tenant: str = CAMDEN_TENANT, amr=("pwd",), key=KEY, oid: str | None = None
) -> responses.RequestsMock:
    """Microsoft's token endpoint, Graph's /me and the tenant's signing keys,
    answering for one person; use as a context manager around the callback."""
    oid = oid or f"oid-{email}"
    token = id_token(
        {
            "iss": f"{LOGIN}/{tenant}/v2.0",
            "tid": tenant,
            "oid": oid,
            "sub": f"sub-{email}",
            "amr": list(amr),
        },
        key=key,
    )
    provider = responses.RequestsMock()
    provider.post(
        f"{LOGIN}/organizations/oauth2/v2.0/token",
        json={
            "token_type": "Bearer",
            "access_token": "graph-access-token",
            "expires_in": 3600,
            "id_token": token,
        },
    )
    provider.get(
        GRAPH_ME,
        json={
            "id": oid,
            "mail": email,
            "userPrincipalName": email,
            "displayName": "Sam Smith",
            "givenName": "Sam",
            "surname": "Smith",
        },
    )
    provider.get(f"{LOGIN}/{tenant}/discovery/v2.0/keys", json=jwks())
    return provider
