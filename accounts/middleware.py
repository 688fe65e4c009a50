from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class RequireMFAMiddleware:
    """Managers and coordinators set up an authenticator app before anything else.

    They see other people's personal data, so a password alone is not enough.
    allauth has no switch for this; the account pages stay reachable so they
    can set it up, sign out, or confirm their email.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.must_use_mfa
            and not settings.DEMO_MODE
            and not self._exempt(request.path)
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        # The allauth pages (set-up, sign out, email confirmation), static
        # files and the public information pages.
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(("/accounts/", static, reverse("accessibility"), reverse("privacy")))
