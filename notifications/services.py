"""Notification rows for the people who must know about a change, or act on it.

Rows are written in the same transaction as the change (an outbox); delivery
by email or SMS is a separate step (notifications/delivery/), queued only
once the change has committed. The idempotency key makes writing the same
notification twice a no-op.
"""

import hashlib
import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction

from accounts.models import User
from audit.services import audit_record
from notifications.models import DeliveryStatus, Notification
from notifications.preferences import Choice, preference_for, store_choice
from notifications.queueing import broker_resting, enqueue

logger = logging.getLogger(__name__)

DELIVER_TASK = "notifications.tasks.deliver_notifications"
# Rows per delivery task: large enough that the broker's cost per task is
# small beside the sending, small enough to finish well inside the task's
# time limit even through a slow mail server or Notify.
DELIVERY_BATCH = 50
TITLE_LENGTH = Notification._meta.get_field("title").max_length
LINK_LENGTH = Notification._meta.get_field("link").max_length
KEY_LENGTH = Notification._meta.get_field("idempotency_key").max_length


def _fitted_title(title: str) -> str:
    """The title cut to fit its column, with an ellipsis to show it was cut.

    Titles name people, boroughs and requests, each up to 100-150 characters;
    together they can outgrow the column, and a change must never fail for it.
    """
    if len(title) <= TITLE_LENGTH:
        return title
    return title[: TITLE_LENGTH - 1].rstrip() + "…"


def _fitted_key(key: str) -> str:
    """The key itself when it fits, else its start and a hash of all of it: still
    the same for the same notification, and still different for different ones."""
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: KEY_LENGTH - len(digest) - 1]}#{digest}"


# --- Writing rows and queueing their delivery -------------------------------


def notify(
    *,
    recipients: Iterable[User],
    event: str,
    title: str,
    link: str,
    key: str,
    body: str = "",
    attachment_ics: str = "",
) -> int:
    title = _fitted_title(title)
    if len(link) > LINK_LENGTH:
        # Links are this service's own paths, far shorter; a cut one would
        # lead nowhere, so the notification goes without one.
        logger.warning("Notification link too long, left out: %s...", link[:LINK_LENGTH])
        link = ""
    rows = [
        Notification(
            recipient=person,
            event=event,
            title=title,
            body=body,
            link=link,
            attachment_ics=attachment_ics,
            idempotency_key=_fitted_key(f"{event}:{key}:{person.pk}"),
        )
        for person in {person.pk: person for person in recipients}.values()
    ]
    keys = [row.idempotency_key for row in rows]
    existing = set(
        Notification.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    # ignore_conflicts still returns every object given, so count new keys.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        # Only once the change is committed; never inside the web request's
        # transaction, and never able to fail it (robust: errors are logged).
        transaction.on_commit(partial(_queue_delivery_of, keys), robust=True)
    return len(set(keys) - existing)


def _queue_delivery_of(keys: list[str]) -> None:
    if broker_resting():
        # The broker failed moments ago: do not make another request wait for
        # it. The rows stay pending and the sweeper queues them.
        return
    ids = list(
        Notification.objects.filter(
            idempotency_key__in=keys, delivery_status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)
    )
    queue_delivery(ids)


def queue_delivery(ids: Iterable[int]) -> int:
    """Queue delivery tasks, one per DELIVERY_BATCH notifications; how many
    notifications were queued.

    Never raises for a broker that is down or unreachable: it stops at the
    first failure and leaves the rest pending for the sweeper
    (notifications.tasks.requeue_stuck_notifications). Queueing a row twice is
    harmless: delivery claims a row before sending it.
    """
    ids = list(ids)
    for start in range(0, len(ids), DELIVERY_BATCH):
        if not enqueue(DELIVER_TASK, ids[start : start + DELIVERY_BATCH]):
            return start
    return len(ids)


def managers_of(borough_id: int):
    return User.objects.managers().filter(borough_id=borough_id, is_active=True)


def coordinators(*boroughs):
    """The active coordinators; given authorities, only those whose scope takes
    in any of them (national coordinators and those of the authorities' regions)."""
    people = User.objects.coordinators().filter(is_active=True)
    return people.coordinating(*boroughs) if boroughs else people


# --- Each person's choices ----------------------------------------------------


@transaction.atomic
def notification_preferences_update(
    *, person: User, choices: dict[str, Choice], phone_number: str | None = None
) -> list[str]:
    """Save a person's own choices (and mobile number); the names of what changed.

    One audit event lists the event types (and "phone_number") that changed,
    never the number itself. Nothing changed, nothing written.
    """
    person = User.objects.select_for_update().get(pk=person.pk)
    changed = [event for event, choice in choices.items() if store_choice(person, event, choice)]
    if phone_number is not None and phone_number != person.phone_number:
        person.phone_number = phone_number
        person.save(update_fields=["phone_number"])
        changed.append("phone_number")
    if changed:
        audit_record(
            actor=person,
            action="notification_preferences_changed",
            obj=person,
            changed_fields=changed,
        )
    return changed


def notification_unsubscribe(*, person: User, event: str) -> bool:
    """Turn off emails about one event type, from an email's signed link."""
    current = preference_for(person, event)
    changed = notification_preferences_update(
        person=person, choices={event: Choice(email=False, sms=current.sms)}
    )
    return bool(changed)
