"""How long a sign-in lasts: an idle timeout and an absolute lifetime, enforced here.

A session records when its person signed in and when they last did anything.
After SESSION_IDLE_TIMEOUT_MINUTES without a request, or SESSION_ABSOLUTE_HOURS
after signing in (coordinators: SESSION_ABSOLUTE_HOURS_COORDINATOR), the next
request signs them out and sends them to sign in again, saying why. The
warning dialog (static/js/session-timeout.js) only tells people beforehand;
without JavaScript the server still signs them out on time.

"Remember me" keeps the cookie after the browser closes, never past the
absolute limit: the cookie's expiry is set to the moment the sign-in ends.

The API's token requests carry no session and are left alone.
"""

import datetime
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

SESSION_KEY = "_session_limits"
# The last-activity time is written at most this often, so that a page's
# images and a burst of clicks do not each save the session.
SEEN_RESOLUTION_SECONDS = 30
# The cookie outlives the sign-in by a few minutes, only so that the next
# request finds the session and the sign-in page can say why it ended.
COOKIE_GRACE_SECONDS = 5 * 60


@dataclass(frozen=True)
class Limits:
    idle_seconds: int
    absolute_seconds: int

    @classmethod
    def for_user(cls, user) -> "Limits":
        hours = (
            settings.SESSION_ABSOLUTE_HOURS_COORDINATOR
            if user.is_coordinator
            else settings.SESSION_ABSOLUTE_HOURS
        )
        return cls(
            idle_seconds=settings.SESSION_IDLE_TIMEOUT_MINUTES * 60,
            absolute_seconds=hours * 3600,
        )


@dataclass(frozen=True)
class Remaining:
    """Seconds left before each limit ends the sign-in."""

    idle: int
    absolute: int

    def as_json(self) -> dict:
        return {"idle_seconds": self.idle, "absolute_seconds": self.absolute}


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def idle_message() -> str:
    return (
        f"You were signed out after {_plural(settings.SESSION_IDLE_TIMEOUT_MINUTES, 'minute')} "
        "without activity. Sign in again to continue."
    )


def absolute_message(user) -> str:
    hours = Limits.for_user(user).absolute_seconds // 3600
    return (
        f"You were signed out after {_plural(hours, 'hour')}, the longest a sign-in lasts. "
        "Sign in again to continue."
    )


def _stamps(request: HttpRequest) -> dict | None:
    """This session's times for the signed-in person, or None when it has none yet."""
    stamps = request.session.get(SESSION_KEY)
    if (
        isinstance(stamps, dict)
        and stamps.get("user") == request.user.pk
        and isinstance(stamps.get("signed_in"), int | float)
        and isinstance(stamps.get("seen"), int | float)
    ):
        return stamps
    return None


def remaining(request: HttpRequest, *, now: float | None = None) -> Remaining:
    now = time.time() if now is None else now
    limits = Limits.for_user(request.user)
    stamps = _stamps(request) or {"signed_in": now, "seen": now}
    return Remaining(
        idle=max(0, int(stamps["seen"] + limits.idle_seconds - now)),
        absolute=max(0, int(stamps["signed_in"] + limits.absolute_seconds - now)),
    )


def start_sign_in(request: HttpRequest, *, now: float | None = None) -> None:
    """Start both clocks for the person just signed in (the sign-in page calls
    this; a session without them starts them on its first request)."""
    now = time.time() if now is None else now
    request.session[SESSION_KEY] = {"user": request.user.pk, "signed_in": now, "seen": now}
    _cap_cookie(request, now, always=True)


def _cap_cookie(request: HttpRequest, signed_in: float, *, always: bool = False) -> None:
    """ "Remember me" keeps the cookie until the sign-in ends, no longer."""
    session = request.session
    if session.get_expire_at_browser_close():
        return
    ends = datetime.datetime.fromtimestamp(
        signed_in + Limits.for_user(request.user).absolute_seconds + COOKIE_GRACE_SECONDS,
        tz=datetime.UTC,
    )
    if always or session.get_expiry_date() > ends + datetime.timedelta(seconds=1):
        session.set_expiry(ends)


def mark_active(request: HttpRequest, *, now: float | None = None, force: bool = False) -> None:
    now = time.time() if now is None else now
    stamps = _stamps(request)
    if stamps is None:
        start_sign_in(request, now=now)
        return
    _cap_cookie(request, stamps["signed_in"])
    if force or now - stamps["seen"] >= SEEN_RESOLUTION_SECONDS:
        request.session[SESSION_KEY] = {**stamps, "seen": now}


def _expired_because(request: HttpRequest, now: float) -> str | None:
    stamps = _stamps(request)
    if stamps is None:
        return None
    left = remaining(request, now=now)
    if left.absolute <= 0:
        return absolute_message(request.user)
    if left.idle <= 0:
        return idle_message()
    return None


def _where_to_come_back(request: HttpRequest) -> str:
    """The page to return to after signing in again: this one for a GET; for a
    form, the page it was sent from (what was typed is gone, and the message says so)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


class SessionLimitsMiddleware:
    """Signs out a session past its idle timeout or its absolute lifetime.

    After AuthenticationMiddleware and MessageMiddleware. Requests under /api/
    are the API's: a token request has no session user, and a browser's
    session past its limits is signed out there without a redirect, so the API
    answers as it does to anyone signed out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated or not hasattr(request, "session"):
            return self.get_response(request)
        now = time.time()
        reason = _expired_because(request, now)
        api = request.path.startswith("/api/")
        if reason and api:
            logout(request)
            return self.get_response(request)
        if reason:
            return self._sign_out(request, reason)
        # Asking how long is left is not activity; neither is the API.
        if not api and request.path != reverse("session_status"):
            mark_active(request, now=now)
        return self.get_response(request)

    @staticmethod
    def _sign_out(request: HttpRequest, reason: str) -> HttpResponse:
        from_dialog = request.path in (reverse("session_keep_alive"), reverse("session_status"))
        back = _where_to_come_back(request)
        if request.method not in ("GET", "HEAD") and not from_dialog:
            reason += " What you last entered was not saved: enter it again."
        logout(request)
        messages.warning(request, reason)
        if from_dialog:
            # The warning dialog asked: it reloads the page, which shows the message.
            return JsonResponse({"signed_out": True}, status=401)
        login_url = reverse("account_login")
        if back and not back.startswith(login_url):
            login_url += "?" + urlencode({"next": back})
        return redirect(login_url)


@never_cache
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How long this sign-in has left; asking does not count as activity."""
    return JsonResponse(remaining(request).as_json())


@never_cache
@require_POST
def session_keep_alive(request: HttpRequest) -> JsonResponse:
    """ "Stay signed in": the middleware has already counted this request as activity."""
    mark_active(request, force=True)
    return JsonResponse(remaining(request).as_json())


def timeout_warning(request: HttpRequest) -> dict:
    """What the warning dialog needs, on every page of a signed-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {"session_timeout": None}
    left = remaining(request)
    return {
        "session_timeout": {
            "idle_seconds": left.idle,
            "absolute_seconds": left.absolute,
            "warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
            "status_url": reverse("session_status"),
            "keep_alive_url": reverse("session_keep_alive"),
        }
    }
