"""Email and text messages through GOV.UK Notify, when a key is configured.

Notify is told each send's reference ("secondments-<pk>-<channel>"), so a
retry first asks whether Notify already has it rather than sending again.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from notifications.delivery.content import email_context, one_line
from notifications.delivery.errors import Undeliverable
from notifications.models import Notification

logger = logging.getLogger(__name__)

NOTIFY_TIMEOUT_SECONDS = 20
# Notify statuses meaning "this one did not go": a retry may send again.
NOTIFY_FAILED_STATUSES = frozenset(
    {
        "permanent-failure",
        "temporary-failure",
        "technical-failure",
        "validation-failed",
        "virus-scan-failed",
    }
)


def notify_client() -> NotificationsAPIClient:
    return NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY, timeout=NOTIFY_TIMEOUT_SECONDS)


def send_through_notify(
    notification: Notification,
    channels: list[str],
    *,
    record: Callable[[list[str]], None],
) -> list[str]:
    """Send each channel not yet recorded, and record() it; the channels sent.

    Raises Undeliverable when Notify refuses the address, number or key.
    """
    client = notify_client()
    person = notification.recipient
    context = email_context(notification)
    personalisation = {
        "subject": one_line(notification.title),
        "body": notification.body,
        "link": context["link_url"],
        "unsubscribe_link": context["unsubscribe_url"],
    }
    done = [channel for channel in notification.delivery_channels if channel in channels]
    for channel in [channel for channel in channels if channel not in done]:
        reference = f"secondments-{notification.pk}-{channel}"
        if notification.delivery_attempts > 1 and _notify_already_has(client, reference):
            logger.info("Notification %s: Notify already has %s", notification.pk, reference)
        else:
            try:
                if channel == "email":
                    client.send_email_notification(
                        email_address=person.email,
                        template_id=settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID,
                        personalisation=personalisation,
                        reference=reference,
                        one_click_unsubscribe_url=context["unsubscribe_url"],
                    )
                else:
                    client.send_sms_notification(
                        phone_number=person.phone_number,
                        template_id=settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID,
                        personalisation=personalisation,
                        reference=reference,
                    )
            except HTTPError as error:
                # 400: a bad address or number; 403: a bad key. Neither heals.
                if error.status_code in (400, 403):
                    raise Undeliverable(f"GOV.UK Notify refused the {channel}: {error}") from error
                raise
        done.append(channel)
        record(done)
    return done


def _notify_already_has(client: NotificationsAPIClient, reference: str) -> bool:
    found = client.get_all_notifications(reference=reference).get("notifications") or []
    return any(item.get("status") not in NOTIFY_FAILED_STATUSES for item in found)
