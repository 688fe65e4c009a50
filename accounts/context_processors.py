import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

SERVICE_NAME = "Secondment Exchange"


def _unread_count(request: HttpRequest) -> Callable[[], int] | None:
    """The signed-in person's count of unread notifications, for the header.

    Templates call a callable when they use it, so a page that never shows the
    count makes no query, and the cache keeps it to one query however often
    the page shows it. A real int, unlike a lazy proxy, works with filters.
    """
    user = request.user
    if not user.is_authenticated:
        return None

    @functools.cache
    def count() -> int:
        return user.notifications.unread().count()

    return count


def _account_pages() -> tuple[str, ...]:
    """Where the "Your account" item is the current one: the account overview and
    the pages it links to (allauth's, and the notification settings)."""
    return (
        reverse("account"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("account_set_password"),
        reverse("account_reauthenticate"),
        reverse("mfa_index"),
        reverse("notification_preferences"),
    )


def _navigation(request: HttpRequest, unread: Callable[[], int] | None) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        items = [
            ("Sign in", reverse("account_login"), ()),
            ("Create an account", reverse("account_signup"), ()),
        ]
    else:
        items = [
            ("Dashboard", reverse("dashboard"), ()),
            ("Help requests", reverse("request_list"), ()),
            ("Events", reverse("event_list"), ("/bookings/",)),
        ]
        if user.is_worker:
            items.append(("My profile", reverse("profile"), ()))
        if user.is_manager and user.borough_id:
            items.append(("Our requests", reverse("our_requests"), ()))
            items.append(("Staff", reverse("staff_list", args=[user.borough.gss_code]), ()))
        if user.is_manager or user.is_coordinator:
            items.append(("Crisis calls", reverse("crisis_list"), ()))
        if user.is_coordinator:
            items.append(("People", reverse("people"), ()))
            items.append(("Audit log", reverse("audit_log"), ()))
        if user.is_coordinator or (user.is_manager and user.borough_id):
            items.append(("Reports", reverse("reports"), ()))
        items.append(("Practice library", reverse("library"), ()))
        items.append(("Boroughs", reverse("borough_list"), ()))
        items.append(("Notifications", reverse("notifications"), ()))
        items.append(("Your account", reverse("account"), _account_pages()))
    path = request.path
    dashboard = reverse("dashboard")

    def match(href: str, also: tuple[str, ...]) -> int:
        """How much of the path this item's pages cover; 0 for none."""
        return max(
            (
                len(prefix)
                for prefix in (href, *also)
                if path == prefix or (prefix not in ("/", dashboard) and path.startswith(prefix))
            ),
            default=0,
        )

    # One current item: the one that covers most of the path, so the
    # notification settings (under /profile/) belong to "Your account".
    matches = [match(href, also) for _, href, also in items]
    best = max(matches, default=0)
    return [
        {
            "text": text,
            "href": href,
            "current": best > 0 and matched == best,
            "unread": unread if href == reverse("notifications") else None,
        }
        for (text, href, _), matched in zip(items, matches, strict=True)
    ]


def service(request: HttpRequest) -> dict:
    unread = _unread_count(request)
    return {
        "SERVICE_NAME": SERVICE_NAME,
        "DEMO_MODE": settings.DEMO_MODE,
        "nav_items": _navigation(request, unread),
        "unread_notifications": unread,
    }
