"""The pages the HTTP benchmark loads, who asks for each, and their session cookies."""

from dataclasses import dataclass

# In the order they are loaded in each round and printed.
PAGE_NAMES = [
    "floor",
    "browse",
    "browse_filtered",
    "request_detail",
    "candidates",
    "dashboard_manager",
    "dashboard_worker",
    "league",
]


@dataclass
class Page:
    name: str
    path: str
    cookie: str  # the Cookie header: a signed-in session (with MFA for managers)


def _session_cookie(user) -> str:
    """A session made in the session store as the sign-in page makes one: the
    password and, for managers and coordinators, the code from their
    authenticator (given one here when the seed made none), and the session
    limits started (tests/personas.py TwoFactorClient does the same)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.http import HttpRequest
    from django.test import Client

    from accounts.session_limits import start_sign_in

    client = Client()
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    if user.is_manager or user.is_coordinator:
        authenticator, _ = Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "BENCH" * 6}}
        )
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    start_sign_in(request)
    request.session.save()
    return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}"


def _ensure_matches(help_request) -> None:
    """Stored Match rows for the benched request, should its candidates page read them."""
    from config.celery import app
    from matching.models import Match
    from matching.services import match_request

    if not Match.objects.filter(help_request=help_request).exists():
        app.conf.task_always_eager = True  # no task left queued on the server's broker
        match_request(help_request=help_request)


def pages() -> list[Page]:
    from django.urls import reverse

    from bench.render.pages import pages as render_pages

    found = {page.name: page for page in render_pages()}
    worker = found["browse"].user
    host = found["request_detail_host"].user
    busiest_url = found["request_detail_host"].url
    from secondments.models import HelpRequest

    busiest = HelpRequest.objects.get(pk=int(busiest_url.rstrip("/").rsplit("/", 1)[1]))
    _ensure_matches(busiest)
    worker_cookie, host_cookie = _session_cookie(worker), _session_cookie(host)
    chosen = {
        "floor": (reverse("bench_floor"), worker_cookie),
        "browse": (found["browse"].url, worker_cookie),
        "browse_filtered": (found["browse_filtered"].url, worker_cookie),
        "request_detail": (busiest_url, host_cookie),
        "candidates": (reverse("request_candidates", args=[busiest.pk]), host_cookie),
        "dashboard_manager": (reverse("dashboard"), host_cookie),
        "dashboard_worker": (reverse("dashboard"), worker_cookie),
        "league": (reverse("league_table"), worker_cookie),
    }
    return [Page(name, *chosen[name]) for name in PAGE_NAMES]
