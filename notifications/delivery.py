"""Deliver notification rows by email and text message: each one once.

A row moves pending -> sending -> sent (or in_app_only, or failed and retried).

1. Claim: one conditional UPDATE moves the row from pending (or failed, with
   tries left) to sending and stamps delivery_claimed_at. Only one runner wins;
   a duplicate task, a redelivered message or a second thread finds nothing to
   claim and stops. Every later write is fenced on (sending, that stamp), so a
   runner whose claim the sweeper has since taken away cannot mark anything.
2. Work out the channels from the person's choices (no email address, and no
   text message either: in_app_only, shown in the service only).
3. Send, then mark sent. The gap between "the server has the message" and
   "the row says sent" is where a worker killed with SIGKILL would cause a
   second send once the sweeper re-queues the row. How each path closes it:

   - Django's SMTP mailer: SMTP's DATA phase is a two-phase commit of its own.
     The server accepts nothing until the final "." line, and discards a
     message whose connection drops before it. So the whole message goes out,
     then the row is marked sent (committed, fenced), and only then is the "."
     written. Killed before that commit: the server drops the message and the
     row is re-sent later, once. Killed after it: the server has the whole
     message and the "." (already in the kernel's socket buffer, which still
     flushes when the process dies), and the row says sent.
     What is left, honestly: a kill in the microseconds between the commit
     returning and the "." reaching the socket loses that one email (the row
     says sent); and if the server refuses the message, or the connection
     breaks, after the ".", the row goes back to failed and is retried, which
     re-sends if the server had in fact accepted it (at least once, like any
     SMTP client). We prefer this over "send, then mark": there the unsafe gap
     is a whole reply plus a database commit wide, and it duplicates.
   - GOV.UK Notify (HTTP): each channel's send is recorded in
     delivery_channels as soon as Notify accepts it, and carries a reference
     ("secondments-<pk>-<channel>"). A retry of a row that was tried before
     first asks Notify for that reference and does not send it again if
     Notify already has it. Left: a Notify outage that accepts the send but
     fails the lookup makes the retry fail again, not send twice.
   - Other Django mailers (console, locmem): send, then mark; they run in
     the worker's own process, so nothing outside it can see a half-done send.

4. A failure marks the row failed with the error and raises DeliveryFailed, so
   the task retries with backoff (tasks/delivery.py). A permanent refusal (a
   bad address or number) uses up the remaining tries at once.

The sweeper (requeue_stuck, every minute from celery beat) re-queues rows
that nothing will otherwise deliver: pending for over a minute (the broker was
down when they were written), sending for longer than a live send can take
(the worker died mid-send; the task's hard time limit, 90 s, is below that),
and failed rows with tries left whose retry message was lost with its worker.
"""

import email.policy
import hashlib
import logging
import re
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.context_processors import SERVICE_NAME
from notifications.events import event_type
from notifications.models import DeliveryStatus, Notification
from notifications.preferences import preference_for, unsubscribe_token
from notifications.services import queue_delivery

logger = logging.getLogger(__name__)

# Module constants rather than settings: tests override them (monkeypatch, or
# the sweeper's keyword arguments), operators should not need to.
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

SENDING = DeliveryStatus.SENDING


class DeliveryFailed(Exception):
    """A send that failed but may work when tried again: the task retries it."""


class _Permanent(Exception):
    """A send that will never work (an address or number the server refuses)."""


class _LostClaim(Exception):
    """The sweeper took this row back from us (we were too slow): stop quietly."""


@dataclass(frozen=True)
class _Claim:
    pk: int
    claimed_at: datetime

    def rows(self, *statuses: str):
        return Notification.objects.filter(
            pk=self.pk,
            delivery_status__in=statuses or [SENDING],
            delivery_claimed_at=self.claimed_at,
        )

    def update(self, *statuses: str, **fields) -> None:
        if self.rows(*statuses).update(**fields) != 1:
            raise _LostClaim(self.pk)

    def mark_sent(self, channels: list[str]) -> None:
        self.update(
            delivery_status=DeliveryStatus.SENT,
            delivered_at=timezone.now(),
            delivery_channels=channels,
            delivery_error="",
        )

    def fail(self, error: BaseException | str, *, permanent: bool = False) -> None:
        fields = {
            "delivery_status": DeliveryStatus.FAILED,
            "delivery_error": error[:2000] if isinstance(error, str) else _describe(error),
            "delivered_at": None,
        }
        if permanent:
            fields["delivery_attempts"] = MAX_ATTEMPTS
        # SENT too: the SMTP path marks sent before the server's last reply.
        self.rows(SENDING, DeliveryStatus.SENT).update(**fields)


def _claimable() -> Q:
    return Q(delivery_status=DeliveryStatus.PENDING) | Q(
        delivery_status=DeliveryStatus.FAILED, delivery_attempts__lt=MAX_ATTEMPTS
    )


def _claim(notification_id: int) -> _Claim | None:
    claimed_at = timezone.now()
    claimed = (
        Notification.objects.filter(_claimable(), pk=notification_id).update(
            delivery_status=SENDING,
            delivery_claimed_at=claimed_at,
            delivery_attempts=F("delivery_attempts") + 1,
        )
        == 1
    )
    return _Claim(notification_id, claimed_at) if claimed else None


def deliver(notification_id: int) -> str:
    """Send one notification by the channels its recipient chose; the outcome.

    Safe to call any number of times, at once or in turn: only the caller
    that claims the row sends it ("not_claimed" for the others). Raises
    DeliveryFailed when a send fails and may work later.
    """
    claim = _claim(notification_id)
    if claim is None:
        return "not_claimed"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        channels, reason = channels_for(notification)
        if not channels:
            claim.update(delivery_status=DeliveryStatus.IN_APP_ONLY, delivery_error=reason)
            return DeliveryStatus.IN_APP_ONLY.value
        if settings.GOVUK_NOTIFY_API_KEY:
            _send_through_notify(notification, claim, channels)
        else:
            _send_email(build_email(notification), claim)
    except _LostClaim:
        logger.warning(
            "Notification %s: the sweeper re-queued it while this worker was sending; "
            "left to the newer attempt",
            notification_id,
        )
        return "lost_claim"
    except _Permanent as error:
        claim.fail(str(error), permanent=True)
        logger.warning("Notification %s cannot be delivered: %s", notification_id, error)
        return DeliveryStatus.FAILED.value
    except Exception as error:
        claim.fail(error)
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


# --- The message --------------------------------------------------------------


def absolute_url(path: str) -> str:
    """A path of this service as a full address for an email, or "" for anything else."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return ""
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return ""
    return settings.SITE_URL + path


def email_context(notification: Notification) -> dict:
    person = notification.recipient
    kind = event_type(notification.event)
    return {
        "service_name": SERVICE_NAME,
        "recipient_name": person.full_name or person.email,
        "title": notification.title,
        "body": notification.body,
        "link_url": absolute_url(notification.link),
        "event_label": kind.label,
        "unsubscribe_url": unsubscribe_url(notification),
        "preferences_url": absolute_url(reverse("notification_preferences")),
    }


def unsubscribe_url(notification: Notification) -> str:
    token = unsubscribe_token(notification.recipient_id, notification.event)
    return absolute_url(reverse("unsubscribe", args=[token]))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The email for a notification: plain text and HTML, GOV.UK Notify style."""
    context = email_context(notification)
    host = urlsplit(settings.SITE_URL).hostname or "secondments.invalid"
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:16]
    message = EmailMultiAlternatives(
        subject=_one_line(notification.title),
        body=render_to_string("email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={
            # The same Message-ID on every try lets mail systems spot a repeat.
            "Message-ID": f"<notification.{notification.pk}.{digest}@{host}>",
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Secondments-Notification": _one_line(notification.idempotency_key),
        },
    )
    message.attach_alternative(render_to_string("email/notification.html", context), "text/html")
    return message


# --- Email through Django's mailer --------------------------------------------


def _send_email(message: EmailMultiAlternatives, claim: _Claim) -> None:
    backend = mail.mailers.default
    if isinstance(backend, SMTPBackend):
        _send_smtp(backend, message, before_end_of_data=lambda: claim.mark_sent(["email"]))
        return
    # console, locmem: in this process, nothing outside sees a half-done send.
    try:
        backend.send_messages([message])
    except ValueError as error:  # an address Django cannot use
        raise _Permanent(str(error)) from error
    claim.mark_sent(["email"])


def _send_smtp(backend: SMTPBackend, message: EmailMultiAlternatives, *, before_end_of_data):
    """Send through SMTP, calling before_end_of_data() just before the final ".".

    If before_end_of_data raises, the "." is never written and the connection
    is dropped, so the server discards the message.
    """
    if backend.timeout is None:
        backend.timeout = SMTP_TIMEOUT_SECONDS
    try:
        sender = backend.prep_address(message.from_email)
        recipients = [backend.prep_address(address) for address in message.recipients()]
    except ValueError as error:
        raise _Permanent(str(error)) from error
    payload = message.message(policy=email.policy.SMTP).as_bytes()
    backend.open()
    smtp = backend.connection
    in_data = False
    try:
        # The "." goes out the moment the row is marked sent, not held back by
        # Nagle's algorithm until the server acknowledges the message text.
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtp.ehlo_or_helo_if_needed()
        code, reply = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for recipient in recipients:
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, reply)
        if refused:
            if all(code >= 500 for code, _ in refused.values()):
                raise _Permanent(f"The mail server refused {', '.join(refused)}: {refused}")
            raise smtplib.SMTPRecipientsRefused(refused)
        code, reply = smtp.docmd("DATA")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        in_data = True
        # Dot-stuffing, as smtplib.SMTP.data() does; the "." comes later.
        quoted = re.sub(rb"(?m)^\.", b"..", payload)
        if not quoted.endswith(b"\r\n"):
            quoted += b"\r\n"
        smtp.send(quoted)
        before_end_of_data()
        smtp.send(b".\r\n")
        in_data = False
        code, reply = smtp.getreply()
        if code >= 500:
            raise _Permanent(f"The mail server refused the message: {code} {reply!r}")
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)
    except BaseException:
        if in_data:
            # No QUIT: in the DATA phase it would be read as message text.
            # Closing the socket makes the server throw the message away.
            smtp.close()
            backend.connection = None
        raise
    finally:
        try:
            backend.close()
        except (OSError, smtplib.SMTPException) as error:
            # The message is accepted (or already failed): a failed QUIT changes nothing.
            logger.info("Closing the SMTP connection failed: %s", error)


# --- GOV.UK Notify ------------------------------------------------------------


def notify_client():
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY, timeout=NOTIFY_TIMEOUT_SECONDS)


def _send_through_notify(notification: Notification, claim: _Claim, channels: list[str]):
    from notifications_python_client.errors import HTTPError

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
    for channel in channels:
        if channel in done:
            continue
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
                    raise _Permanent(f"GOV.UK Notify refused the {channel}: {error}") from error
                raise
        done.append(channel)
        claim.update(delivery_channels=done)
    claim.mark_sent(done)


def _notify_already_has(client, reference: str) -> bool:
    found = client.get_all_notifications(reference=reference).get("notifications") or []
    return any(item.get("status") not in NOTIFY_FAILED_STATUSES for item in found)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


# --- The sweeper --------------------------------------------------------------


def requeue_stuck(
    *,
    sending_after: timedelta | None = None,
    pending_after: timedelta | None = None,
    failed_after: timedelta | None = None,
    now: datetime | None = None,
) -> int:
    """Queue again the rows nothing else will deliver; how many were queued.

    Queueing a row that is also still in the queue is harmless: the claim lets
    only one of the two tasks send it.
    """
    now = now or timezone.now()
    sending_after = SENDING_STUCK_AFTER if sending_after is None else sending_after
    pending_after = PENDING_STUCK_AFTER if pending_after is None else pending_after
    failed_after = FAILED_RETRY_AFTER if failed_after is None else failed_after

    stuck = Notification.objects.filter(
        delivery_status=SENDING, delivery_claimed_at__lt=now - sending_after
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
        logger.info(
            "Delivery sweeper: %d stuck sending released, %d given up, %d of %d queued",
            released,
            gave_up,
            queued,
            len(ids),
        )
    return queued
