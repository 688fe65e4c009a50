from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

SERVICE_NAME = "Secondment Exchange"


def _navigation(request: HttpRequest) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        items = [
            ("Sign in", reverse("account_login")),
            ("Create an account", reverse("account_signup")),
        ]
    else:
        items = [("Dashboard", reverse("dashboard")), ("Help requests", reverse("request_list"))]
        if user.is_worker:
            items.append(("My profile", reverse("profile")))
        if user.is_manager and user.borough_id:
            items.append(("Staff", reverse("staff_list", args=[user.borough.gss_code])))
        if user.is_coordinator:
            items.append(("People", reverse("people")))
        items.append(("Boroughs", reverse("borough_list")))
    path = request.path
    return [
        {
            "text": text,
            "href": href,
            "current": path == href
            or (href != "/" and path.startswith(href) and href != reverse("dashboard")),
        }
        for text, href in items
    ]


def service(request: HttpRequest) -> dict:
    return {
        "SERVICE_NAME": SERVICE_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
        "nav_items": _navigation(request),
    }
