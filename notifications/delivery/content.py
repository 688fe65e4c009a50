"""What every channel says: the links and words of a notification's message."""

from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.context_processors import SERVICE_NAME
from notifications.events import event_type
from notifications.models import Notification
from notifications.preferences import unsubscribe_token


def absolute_url(path: str) -> str:
    """A path of this service as a full address for an email, or "" for anything else."""
    # No scheme or host of its own ("//elsewhere.example" has one).
    if path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return settings.SITE_URL + path
    return ""


def email_context(notification: Notification) -> dict:
    person = notification.recipient
    return {
        "service_name": SERVICE_NAME,
        "recipient_name": person.full_name or person.email,
        "title": notification.title,
        "body": notification.body,
        "link_url": absolute_url(notification.link),
        "event_label": event_type(notification.event).label,
        "unsubscribe_url": unsubscribe_url(notification),
        "preferences_url": absolute_url(reverse("notification_preferences")),
    }


def unsubscribe_url(notification: Notification) -> str:
    token = unsubscribe_token(notification.recipient_id, notification.event)
    return absolute_url(reverse("unsubscribe", args=[token]))


def one_line(text: str) -> str:
    return " ".join(text.split())
