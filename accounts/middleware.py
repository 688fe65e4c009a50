import logging
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse

from accounts.sso import IDP_MFA_TYPE

logger = logging.getLogger(__name__)

# The types allauth's sign-in asks a code for (recovery codes alone do not count).
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


class RequireMFAMiddleware:
    """Anyone with an authenticator uses it; managers, coordinators and staff must have one.

    Managers and coordinators see other people's personal data, and staff run
    the admin, so a password alone is not enough: they set up an authenticator
    app before anything else (the account pages stay reachable so they can set
    it up, sign out, or confirm their email).

    A session counts as signed in with two factors only when allauth recorded
    an "mfa" step in it. A session that got in with a password alone for a
    user who has an authenticator (one opened before the authenticator was
    added, or by any way round allauth's sign-in) is signed out on its next
    request, whatever page it asks for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or settings.DEMO_MODE or self._is_static(request.path):
            return self.get_response(request)
        mfa_records = [
            record
            for record in get_authentication_records(request, user)
            if record.get("method") == "mfa"
        ]
        passed_mfa = bool(mfa_records)
        # Single sign-on whose identity provider vouched for the second factor
        # (accounts/sso.py) counts as two factors, with or without an app of ours.
        mfa_at_identity_provider = any(record.get("type") == IDP_MFA_TYPE for record in mfa_records)
        # A session that passed MFA needs no query, unless the user must keep
        # an authenticator and may have removed it since.
        if passed_mfa and (not user.must_use_mfa or mfa_at_identity_provider):
            return self.get_response(request)
        has_authenticator = is_mfa_enabled(user, SECOND_FACTORS)
        if has_authenticator and not passed_mfa:
            return self._sign_in_again(request)
        if user.must_use_mfa and not has_authenticator and not self._exempt(request.path):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _sign_in_again(request: HttpRequest) -> HttpResponse:
        logger.warning(
            "Signed out user %s: the session had not passed two-factor authentication",
            request.user.pk,
        )
        next_path = request.get_full_path() if request.method == "GET" else ""
        logout(request)
        messages.error(request, "Sign in again and enter the code from your authenticator app")
        login_url = reverse("account_login")
        if next_path and not next_path.startswith(login_url):
            login_url += "?" + urlencode({"next": next_path})
        return redirect(login_url)

    @staticmethod
    def _is_static(path: str) -> bool:
        return path.startswith("/" + settings.STATIC_URL.lstrip("/"))

    @classmethod
    def _exempt(cls, path: str) -> bool:
        # The allauth pages (set-up, sign out, email confirmation), static
        # files and the public information pages.
        return cls._is_static(path) or path.startswith(
            ("/accounts/", reverse("accessibility"), reverse("privacy"))
        )


class RefuseNulCharactersMiddleware:
    """A NUL character in the path, the query string or a form answers 400 Bad request.

    PostgreSQL refuses NUL in any text it stores or compares, so a search
    or a lookup holding one would fail as a server error. No person types one.
    The middlewares before this one read only cookies and the session.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or self._has_nul(request.GET)
            or (request.content_type in self.FORM_TYPES and self._has_nul(request.POST))
        ):
            # Django's 400 handler renders templates/400.html.
            raise BadRequest("A NUL character in the path, query string or form")
        return self.get_response(request)

    @staticmethod
    def _has_nul(data: QueryDict) -> bool:
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in data.lists()
        )
