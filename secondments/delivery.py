"""Deliver notification rows by email or GOV.UK Notify: at least once, never lost.

The promise: no notification is lost. One arrives twice only when the mail
server (or Notify) accepted it and the row was not marked sent, because the
worker died, or its connection or database failed, in that moment; the second
email then has the first one's Message-ID (one per row, the same on every try),
so mail clients and the team can spot the repeat.

The order: claim the row (a conditional UPDATE from pending, or failed with
tries left, to sending: one runner wins), send, then mark it sent. A worker
killed in between leaves the row in sending, and the sweeper re-queues it.
Notify narrows even that gap: a retry first looks the send up by its reference.
A failed send is retried with backoff and jitter (tasks/delivery.py), up to
MAX_ATTEMPTS; an address or number the server refuses is not retried.
"""

import hashlib
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from accounts.context_processors import SERVICE_NAME
from secondments.models import DeliveryStatus, Notification
from secondments.notifications import event_type, preference_for, queue_delivery, unsubscribe_token

logger = logging.getLogger(__name__)

# Constants rather than settings: operators should not need to change them.
MAX_ATTEMPTS = 6  # the first try and the task's 5 retries
SENDING_STUCK_AFTER = timedelta(minutes=2)  # longer than the task's 90 s hard limit
PENDING_STUCK_AFTER = timedelta(minutes=1)
FAILED_RETRY_AFTER = timedelta(minutes=15)  # longer than the longest backoff (600 s)
REQUEUE_BATCH = 500
SMTP_TIMEOUT_SECONDS = 20
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


class DeliveryFailed(Exception):
    """A send that failed but may work when tried again: the task retries it."""


class Undeliverable(Exception):
    """A send that will never work (an address or number the server refuses)."""


class LostClaim(Exception):
    """The sweeper took this row back from us (we were too slow): stop quietly."""


# --- The claim, the outcome and the retries ---------------------------------------


@dataclass(frozen=True)
class Claim:
    """One runner's hold on a row: its writes land only while the row is still its."""

    pk: int
    claimed_at: datetime

    @classmethod
    def take(cls, notification_id: int) -> "Claim | None":
        """Move a row that is due from pending or failed to sending; None if not due."""
        claimed_at = timezone.now()
        due = Q(delivery_status=DeliveryStatus.PENDING) | Q(
            delivery_status=DeliveryStatus.FAILED, delivery_attempts__lt=MAX_ATTEMPTS
        )
        claimed = Notification.objects.filter(due, pk=notification_id).update(
            delivery_status=DeliveryStatus.SENDING,
            delivery_claimed_at=claimed_at,
            delivery_attempts=F("delivery_attempts") + 1,
        )
        return cls(notification_id, claimed_at) if claimed == 1 else None

    def update(self, *, quietly: bool = False, **fields) -> None:
        held = Notification.objects.filter(
            pk=self.pk, delivery_status=DeliveryStatus.SENDING, delivery_claimed_at=self.claimed_at
        )
        if held.update(**fields) != 1 and not quietly:
            raise LostClaim(self.pk)

    def mark_sent(self, channels: list[str]) -> None:
        self.update(
            delivery_status=DeliveryStatus.SENT,
            delivered_at=timezone.now(),
            delivery_channels=channels,
            delivery_error="",
        )

    def fail(self, error: str, *, permanent: bool = False) -> None:
        fields = {"delivery_status": DeliveryStatus.FAILED, "delivery_error": error[:2000]}
        if permanent:
            fields["delivery_attempts"] = MAX_ATTEMPTS
        # Quietly when the claim is lost: the newer attempt owns the row now.
        self.update(quietly=True, **fields)


def deliver(notification_id: int) -> str:
    """Send one notification by the channels its recipient chose; the outcome.

    Safe to call any number of times, at once or in turn: only the caller
    that claims the row sends it ("not_claimed" for the others). Raises
    DeliveryFailed when a send fails and may work later.
    """
    claim = Claim.take(notification_id)
    if claim is None:
        return "not_claimed"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        channels, reason = channels_for(notification)
        if not channels:
            claim.update(delivery_status=DeliveryStatus.IN_APP_ONLY, delivery_error=reason)
            return DeliveryStatus.IN_APP_ONLY.value
        if settings.GOVUK_NOTIFY_API_KEY:
            sent = send_through_notify(
                notification, channels, record=lambda done: claim.update(delivery_channels=done)
            )
        else:
            send_email(notification)
            sent = ["email"]
        claim.mark_sent(sent)
    except LostClaim:
        logger.warning("Notification %s: the sweeper re-queued it mid-send", notification_id)
        return "lost_claim"
    except Undeliverable as error:
        claim.fail(str(error), permanent=True)
        logger.warning("Notification %s cannot be delivered: %s", notification_id, error)
        return DeliveryStatus.FAILED.value
    except Exception as error:
        claim.fail(_describe(error))
        raise DeliveryFailed(f"Notification {notification_id}: {_describe(error)}") from error
    return DeliveryStatus.SENT.value


def channels_for(notification: Notification) -> tuple[list[str], str]:
    """The channels to use, or none and why the notification stays in-app only."""
    person = notification.recipient
    if not person.is_active:
        return [], "The account is deactivated: shown in the service only"
    choice = preference_for(person, notification.event)
    channels = []
    if choice.email and person.email:
        channels.append("email")
    if choice.sms and person.phone_number and settings.GOVUK_NOTIFY_API_KEY:
        channels.append("sms")
    if channels:
        return channels, ""
    if not person.email:
        return [], "No email address: shown in the service only"
    return [], "Emails about this are turned off: shown in the service only"


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


# --- What every channel says ------------------------------------------------------


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


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Email through Django's mailer ------------------------------------------------


def message_id(notification: Notification) -> str:
    """The email's Message-ID: one per row, the same on every try, so a repeat shows."""
    host = urlsplit(settings.SITE_URL).hostname or "secondments.invalid"
    # The key's digest keeps rows of another database (a rebuilt staging one,
    # say) with the same primary key from sharing an ID.
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:12]
    return f"<notification-{notification.pk}.{digest}@{host}>"


class ListUnsubscribe(str):
    """The List-Unsubscribe value, written on one line as it is (to the email
    package a str with a name and fold() is a header object). Python folds a
    long URL by RFC 2047-encoding it, and Gmail and Outlook then ignore it."""

    name = "List-Unsubscribe"

    def fold(self, *, policy) -> str:
        if "\r" in self or "\n" in self:  # as the email package checks other headers
            raise ValueError("A line break in List-Unsubscribe")
        return f"{self.name}: {self}{policy.linesep}"


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The email for a notification: plain text and HTML, GOV.UK Notify style."""
    context = email_context(notification)
    message = EmailMultiAlternatives(
        subject=_one_line(notification.title),
        body=render_to_string("email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={
            "Message-ID": message_id(notification),
            "List-Unsubscribe": ListUnsubscribe(f"<{context['unsubscribe_url']}>"),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Secondments-Notification": _one_line(notification.idempotency_key),
        },
    )
    message.attach_alternative(render_to_string("email/notification.html", context), "text/html")
    return message


def send_email(notification: Notification) -> None:
    """Hand the email to the default mailer; raises Undeliverable for a refused address."""
    mailer = mail.mailers.default
    if getattr(mailer, "timeout", 0) is None:
        # A server that stops answering fails this try, not the task's time limit.
        mailer.timeout = SMTP_TIMEOUT_SECONDS
    try:
        mailer.send_messages([build_email(notification)])
    except ValueError as error:  # an address Django cannot use
        raise Undeliverable(str(error)) from error
    except smtplib.SMTPRecipientsRefused as error:
        if all(code >= 500 for code, _ in error.recipients.values()):
            raise Undeliverable(f"The mail server refused {error.recipients}") from error
        raise
    except smtplib.SMTPDataError as error:
        if error.smtp_code >= 500:
            raise Undeliverable(f"The mail server refused the message: {error}") from error
        raise


# --- GOV.UK Notify ----------------------------------------------------------------


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
        "subject": _one_line(notification.title),
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


# --- The sweeper ------------------------------------------------------------------


def requeue_stuck(
    *,
    sending_after: timedelta = SENDING_STUCK_AFTER,
    pending_after: timedelta = PENDING_STUCK_AFTER,
    failed_after: timedelta = FAILED_RETRY_AFTER,
    now: datetime | None = None,
) -> int:
    """Queue again the rows nothing else will deliver; how many were queued.

    Rows pending for over a minute (the broker was down), sending for longer
    than a live send can take (the worker died; the task's hard limit, 90 s, is
    below that), and failed with tries left whose retry was lost with its
    worker. A row also still in the queue is harmless: only one task claims it.
    """
    now = now or timezone.now()
    stuck = Notification.objects.filter(
        delivery_status=DeliveryStatus.SENDING, delivery_claimed_at__lt=now - sending_after
    )
    gave_up = stuck.filter(delivery_attempts__gte=MAX_ATTEMPTS).update(
        delivery_status=DeliveryStatus.FAILED,
        delivery_error=f"The worker stopped while sending, {MAX_ATTEMPTS} times: not tried again",
    )
    released = stuck.filter(delivery_attempts__lt=MAX_ATTEMPTS).update(
        delivery_status=DeliveryStatus.PENDING,
        delivery_error="The worker stopped while sending: queued again",
    )
    ids = list(
        Notification.objects.filter(
            Q(delivery_status=DeliveryStatus.PENDING, created_at__lt=now - pending_after)
            | Q(
                delivery_status=DeliveryStatus.FAILED,
                delivery_attempts__lt=MAX_ATTEMPTS,
                delivery_claimed_at__lt=now - failed_after,
            )
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    queued = queue_delivery(ids)
    if gave_up or released or ids:
        counts = (released, gave_up, queued, len(ids))
        logger.info("Delivery sweeper: %d stuck released, %d given up, %d of %d queued", *counts)
    return queued
