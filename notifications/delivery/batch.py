"""Deliver many rows in one task: the same promise as one row at a time, cheaper.

One task per row spends more on the broker and the database's round trips than
on the email itself. A batch claims its due rows a few at a time with one conditional UPDATE
(rows another runner holds are skipped, so a row is still sent by one runner
only), reads them and their recipients' stored choices in two queries, keeps
one connection to the mail server open, and marks the rows it sent in one
UPDATE per claim (still only while each row is its claim's). A worker killed
mid-claim has sent some of those rows without marking them: they go again,
under their own Message-IDs, so at most CLAIM_AT_ONCE emails repeat for a kill
where one row at a time repeated one. (A round trip to the database per row
cost more than the email; batches made delivery 4 times faster: bench/README.md.)

A send that may work later stops the batch: that row is marked failed (a
try counted), the rows not yet tried go back to pending, and the task retries
the batch with backoff; the retry claims only what is still due.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.delivery import (
    Claim,
    DeliveryFailed,
    send_claimed,
    without_waiting_for_the_disk,
)
from notifications.delivery.email import SMTP_TIMEOUT_SECONDS
from notifications.events import event_type
from notifications.models import DeliveryStatus, Notification, NotificationPreference
from notifications.preferences import Choice

logger = logging.getLogger(__name__)

# Rows claimed by one conditional UPDATE. A claim's time is when its rows were
# claimed, and the sweeper takes back rows left sending too long: a few rows
# at a time keeps every claim young while its rows are being sent.
CLAIM_AT_ONCE = 5


def deliver_many(notification_ids: list[int]) -> dict[str, int]:
    """Send every due row of these; how many ended in each outcome.

    Safe to run any number of times, at once or in turn. Raises
    DeliveryFailed (after releasing the untried rows) when a send fails and
    may work later.
    """
    ids = list(dict.fromkeys(notification_ids))
    outcomes: Counter[str] = Counter()
    mailer, opened = mail.mailers.default, False
    if not settings.GOVUK_NOTIFY_API_KEY:
        try:
            opened = _open(mailer)  # one connection for the batch (SMTP); a no-op elsewhere
        except Exception as error:  # nothing claimed yet: the retry finds every row due
            raise DeliveryFailed(f"The mail server: {type(error).__name__}: {error}") from error
    try:
        for start in range(0, len(ids), CLAIM_AT_ONCE):
            _deliver_claimed_together(ids[start : start + CLAIM_AT_ONCE], outcomes)
    finally:
        if opened:
            mailer.close()
    return dict(outcomes)


def _deliver_claimed_together(ids: list[int], outcomes: Counter) -> None:
    taken = Claim.take_many(ids)
    outcomes["not_claimed"] += len(ids) - len(taken)
    if not taken:
        return
    sent: list[tuple[Claim, list[str]]] = []
    claims = {pk: HeldClaim(pk, claim.claimed_at, sent) for pk, claim in taken.items()}
    rows = list(
        Notification.objects.select_related("recipient").filter(pk__in=claims).order_by("pk")
    )
    choices = _choices(rows)
    try:
        for done, row in enumerate(rows):
            try:
                outcome = send_claimed(row, claims[row.pk], choices.get(row.pk))
            except DeliveryFailed:
                for untried in rows[done + 1 :]:
                    claims[untried.pk].release()
                raise
            outcomes[outcome] += 1
    finally:
        lost = _mark_sent(sent)
        outcomes["sent"] -= lost
        outcomes["lost_claim"] += lost


@dataclass(frozen=True)
class HeldClaim(Claim):
    """A claim whose "sent" is written with the rest of its batch's, in one UPDATE."""

    sent: list = field(default_factory=list, compare=False)

    def mark_sent(self, channels: list[str]) -> None:
        self.sent.append((self, channels))


def _mark_sent(sent: list[tuple[Claim, list[str]]]) -> int:
    """Mark sent every row still held by its claim; how many were not (lost claims)."""
    by_channels: dict[tuple[str, ...], list[Claim]] = {}
    for claim, channels in sent:
        by_channels.setdefault(tuple(channels), []).append(claim)
    marked = 0
    now = timezone.now()
    for channels, claims in by_channels.items():
        held = Q()
        for claimed_at in {claim.claimed_at for claim in claims}:
            pks = [claim.pk for claim in claims if claim.claimed_at == claimed_at]
            held |= Q(pk__in=pks, delivery_claimed_at=claimed_at)
        with transaction.atomic():
            without_waiting_for_the_disk()
            marked += Notification.objects.filter(
                held, delivery_status=DeliveryStatus.SENDING
            ).update(
                delivery_status=DeliveryStatus.SENT,
                delivered_at=now,
                delivery_channels=list(channels),
                delivery_error="",
            )
    lost = len(sent) - marked
    if lost:
        logger.warning("%d notifications were re-queued by the sweeper mid-send", lost)
    return lost


def _open(mailer) -> bool:
    if getattr(mailer, "timeout", 0) is None:
        mailer.timeout = SMTP_TIMEOUT_SECONDS
    return bool(mailer.open())


def _choices(rows: list[Notification]) -> dict[int, Choice]:
    """Each row's recipient's choice for its event, from one query."""
    stored = {
        (pref.user_id, pref.event): Choice(pref.email, pref.sms)
        for pref in NotificationPreference.objects.filter(
            user_id__in={row.recipient_id for row in rows},
            event__in={row.event for row in rows},
        )
    }
    choices = {}
    for row in rows:
        choice = stored.get((row.recipient_id, row.event))
        if choice is None:
            default = event_type(row.event)
            choice = Choice(default.email, default.sms)
        choices[row.pk] = choice
    return choices
