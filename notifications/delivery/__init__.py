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
A failed send is retried with backoff and jitter (notifications/tasks.py), up to
MAX_ATTEMPTS; an address or number the server refuses is not retried.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from notifications.delivery.content import absolute_url, email_context, unsubscribe_url
from notifications.delivery.email import build_email, message_id, send_email
from notifications.delivery.errors import DeliveryFailed, LostClaim, Undeliverable
from notifications.delivery.govuk_notify import notify_client, send_through_notify
from notifications.models import DeliveryStatus, Notification
from notifications.preferences import Choice, preference_for
from notifications.services import queue_delivery

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_ATTEMPTS",
    "Claim",
    "DeliveryFailed",
    "LostClaim",
    "Undeliverable",
    "absolute_url",
    "build_email",
    "channels_for",
    "deliver",
    "deliver_many",
    "email_context",
    "message_id",
    "notify_client",
    "requeue_stuck",
    "send_email",
    "send_through_notify",
    "unsubscribe_url",
]


MAX_ATTEMPTS = 6  # the first try and the task's 5 retries
SENDING_STUCK_AFTER = timedelta(minutes=2)  # longer than the task's 90 s hard limit
PENDING_STUCK_AFTER = timedelta(minutes=1)
FAILED_RETRY_AFTER = timedelta(minutes=15)  # longer than the longest backoff (600 s)
REQUEUE_BATCH = 500


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
        claimed = Notification.objects.filter(_due(), pk=notification_id).update(
            delivery_status=DeliveryStatus.SENDING,
            delivery_claimed_at=claimed_at,
            delivery_attempts=F("delivery_attempts") + 1,
        )
        return cls(notification_id, claimed_at) if claimed == 1 else None

    @classmethod
    def take_many(cls, notification_ids: list[int]) -> dict[int, "Claim"]:
        """Claim every due row of these at once (two queries); rows another runner
        holds or has claimed are left to it."""
        claimed_at = timezone.now()
        with transaction.atomic():
            without_waiting_for_the_disk()
            pks = list(
                Notification.objects.filter(_due(), pk__in=notification_ids)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)
            )
            if pks:
                # The rows are locked by the SELECT: the conditional claim holds for each.
                Notification.objects.filter(_due(), pk__in=pks).update(
                    delivery_status=DeliveryStatus.SENDING,
                    delivery_claimed_at=claimed_at,
                    delivery_attempts=F("delivery_attempts") + 1,
                )
        return {pk: cls(pk, claimed_at) for pk in pks}

    def release(self) -> None:
        """Give an unsent row back (pending, its try not counted), if still ours."""
        self.update(
            quietly=True,
            delivery_status=DeliveryStatus.PENDING,
            delivery_attempts=F("delivery_attempts") - 1,
        )

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
    return send_claimed(notification, claim)


def send_claimed(notification: Notification, claim: Claim, choice: Choice | None = None) -> str:
    """Send a row this runner has claimed, and record the outcome on it."""
    notification_id = notification.pk
    try:
        channels, reason = channels_for(notification, choice)
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


def channels_for(notification: Notification, choice: Choice | None = None) -> tuple[list[str], str]:
    """The channels to use, or none and why the notification stays in-app only.

    `choice` is the recipient's choice for the event when the caller has it already.
    """
    person = notification.recipient
    if not person.is_active:
        return [], "The account is deactivated: shown in the service only"
    choice = choice or preference_for(person, notification.event)
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


def without_waiting_for_the_disk() -> None:
    """Commit the current transaction without waiting for PostgreSQL's disk flush.

    Only for delivery's own bookkeeping (claims, marks): a database crash
    can then forget the last moment's commits, which puts a row back to pending
    or sending, and it is sent again under its own Message-ID: a repeat, never
    a loss. Waiting for the flush cost more than the email (bench/notify).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _due() -> Q:
    return Q(delivery_status=DeliveryStatus.PENDING) | Q(
        delivery_status=DeliveryStatus.FAILED, delivery_attempts__lt=MAX_ATTEMPTS
    )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


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


from notifications.delivery.batch import deliver_many  # noqa: E402  (it uses the above)
