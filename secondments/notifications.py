"""Notification rows for the people who must know about a change, or act on it.

Rows are written in the same transaction as the change (an outbox); delivery
by email or SMS is a separate step (secondments/delivery.py), queued only once
the change has committed. The idempotency key makes writing the same
notification twice a no-op.

This module also holds the event types: what each one is called in plain
English, who can get it, and how people hear about it unless they choose
otherwise (their choices are NotificationPreference rows, stored only where
they differ from these defaults).

Default channels: email is on for every event. Text messages are off except
for invitations: a borough asking a social worker by name is the one message
that usually needs an answer within hours (most invitations are for urgent or
crisis requests), and texts cost the partnership money and reach people's
personal phones. Texts only go when the person has given a mobile number and
GOV.UK Notify is configured.
"""

import hashlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

import kombu.exceptions
import redis.exceptions
from django.core import signing
from django.db import transaction

from accounts.models import NotificationPreference, Role, User
from secondments.models import DeliveryStatus, Notification

logger = logging.getLogger(__name__)

WORKER, MANAGER, COORDINATOR = Role.WORKER, Role.MANAGER, Role.COORDINATOR
EVERYONE = frozenset({WORKER, MANAGER, COORDINATOR})


@dataclass(frozen=True)
class EventType:
    name: str
    # Completes "Tell me when ..." on the preferences page and in emails.
    label: str
    audience: frozenset[str] = EVERYONE
    email: bool = True
    sms: bool = False

    @property
    def default_channels_text(self) -> str:
        channels = [name for name, on in (("email", self.email), ("text message", self.sms)) if on]
        return " and ".join(channels) if channels else "only in this service"


def _events(*types: EventType) -> dict[str, EventType]:
    return {event.name: event for event in types}


EVENT_TYPES: dict[str, EventType] = _events(
    # Applications: volunteer or invite, select, release, approve.
    EventType(
        "application_volunteered",
        "a social worker offers to help with your borough's request",
        frozenset({MANAGER}),
    ),
    EventType(
        "application_invited",
        "a borough invites you to help with a request",
        frozenset({WORKER}),
        sms=True,
    ),
    EventType(
        "application_accepted",
        "a social worker accepts your borough's invitation",
        frozenset({MANAGER}),
    ),
    EventType(
        "application_withdrawn",
        "a social worker withdraws their offer of help",
        frozenset({MANAGER, COORDINATOR}),
    ),
    EventType(
        "application_selected",
        "a host borough selects a social worker (you, or someone in your borough)",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "application_declined",
        "a host borough declines your offer of help",
        frozenset({WORKER}),
    ),
    EventType(
        "application_released",
        "a home borough releases a social worker for a placement",
        EVERYONE,
    ),
    EventType(
        "application_refused",
        "a home borough cannot release a social worker",
        frozenset({WORKER, MANAGER}),
    ),
    EventType("application_approved", "a coordinator approves a placement", EVERYONE),
    EventType(
        "application_rejected",
        "a coordinator does not approve a placement",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "application_lapsed",
        "a request you are involved in stops taking offers of help",
        EVERYONE,
    ),
    # Matching: the best-ranked workers hear about a request.
    EventType(
        "match_found",
        "a borough's help request suits your profile",
        frozenset({WORKER}),
    ),
    EventType(
        "matches_digest",
        "help requests match your profile after you change it",
        frozenset({WORKER}),
    ),
    # Requests and placements.
    EventType(
        "request_cancelled",
        "a coordinator cancels your borough's request",
        frozenset({MANAGER}),
    ),
    EventType("placement_cancelled", "a placement is cancelled", EVERYONE),
    # Reminders and escalations (celery beat).
    EventType(
        "release_reminder",
        "a release decision has waited 2 working days",
        frozenset({MANAGER}),
    ),
    EventType(
        "release_escalated",
        "a release decision has waited 5 working days and goes to the coordinators",
        frozenset({MANAGER, COORDINATOR}),
    ),
    EventType(
        "approval_reminder",
        "a placement has waited 2 working days for approval",
        frozenset({COORDINATOR}),
    ),
    EventType("placement_starting", "a placement starts in 7 days, and the day before", EVERYONE),
    EventType(
        "feedback_requested",
        "a placement has ended and we ask how it went",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "registration_expiring",
        "a Social Work England registration expires within 60 days",
        frozenset({WORKER, MANAGER}),
    ),
    EventType("weekly_digest", "the weekly summary is ready, on Monday mornings", EVERYONE),
)


def event_type(name: str) -> EventType:
    """The event type called `name`; an unlisted one gets email only, by default."""
    found = EVENT_TYPES.get(name)
    if found is not None:
        return found
    return EventType(name, name.replace("_", " "))


def event_types_for(user: User) -> list[EventType]:
    """The event types this person can get, in the order above."""
    return [event for event in EVENT_TYPES.values() if user.role in event.audience]


# --- Preferences: per person, per event type, per channel -------------------


@dataclass(frozen=True)
class Choice:
    email: bool
    sms: bool


def preferences_for(user: User) -> dict[str, Choice]:
    """Every event type's email/SMS choice for this person, defaults filled in."""
    stored = {row.event: row for row in NotificationPreference.objects.filter(user=user)}
    names = list(EVENT_TYPES) + [name for name in stored if name not in EVENT_TYPES]
    choices = {}
    for name in names:
        default = event_type(name)
        row = stored.get(name)
        choices[name] = Choice(row.email, row.sms) if row else Choice(default.email, default.sms)
    return choices


def preference_for(user: User, event: str) -> Choice:
    row = NotificationPreference.objects.filter(user=user, event=event).first()
    if row is not None:
        return Choice(row.email, row.sms)
    default = event_type(event)
    return Choice(default.email, default.sms)


def set_preference(user: User, event: str, *, email: bool, sms: bool) -> None:
    """Store a choice, or forget it when it is the default (only differences are kept)."""
    default = event_type(event)
    if (email, sms) == (default.email, default.sms):
        NotificationPreference.objects.filter(user=user, event=event).delete()
    else:
        NotificationPreference.objects.update_or_create(
            user=user, event=event, defaults={"email": email, "sms": sms}
        )


# --- Unsubscribe links: signed, no sign-in needed ---------------------------

_UNSUBSCRIBE_SALT = "secondments.notifications.unsubscribe"


def unsubscribe_token(user_id: int, event: str) -> str:
    """A token that turns emails about `event` off for this person, and nothing else."""
    return signing.dumps([user_id, event], salt=_UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, event) from a token this service signed, or None for anything else."""
    try:
        value = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        return None
    return value[0], value[1]


# --- Writing rows and queueing their delivery -------------------------------


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


def notify(
    *,
    recipients: Iterable[User],
    event: str,
    title: str,
    link: str,
    key: str,
    body: str = "",
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
    if _broker_resting():
        # The broker failed moments ago: do not make another request wait for
        # it. The rows stay pending and the sweeper queues them.
        return
    ids = list(
        Notification.objects.filter(
            idempotency_key__in=keys, delivery_status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)
    )
    queue_delivery(ids)


# A broker that is down answers in milliseconds (connection refused; settings
# bound the publish retries), but one that is unreachable costs a connect
# timeout. After a failure, web requests skip queueing for this long.
BROKER_REST_SECONDS = 15.0
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)
_broker_down_until = 0.0


def _broker_resting() -> bool:
    return time.monotonic() < _broker_down_until


def broker_failed() -> None:
    global _broker_down_until
    _broker_down_until = time.monotonic() + BROKER_REST_SECONDS


def reset_broker_rest() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def queue_delivery(ids: Iterable[int]) -> int:
    """Queue a delivery task per notification; how many were queued.

    Never raises for a broker that is down or unreachable: it logs, stops at
    the first failure, and leaves the rest pending for the sweeper
    (secondments.tasks.requeue_stuck_notifications). Queueing a row twice is
    harmless: delivery claims a row before sending it.
    """
    from secondments.tasks.delivery import deliver_notification

    ids = list(ids)
    for queued, pk in enumerate(ids):
        try:
            deliver_notification.delay(pk)
        except BROKER_ERRORS as error:
            broker_failed()
            logger.warning(
                "Could not queue delivery of %d notification(s), left pending for the "
                "sweeper: the broker did not answer (%s)",
                len(ids) - queued,
                error,
            )
            return queued
    return len(ids)


def managers_of(borough_id: int):
    return User.objects.managers().filter(borough_id=borough_id, is_active=True)


def coordinators():
    return User.objects.coordinators().filter(is_active=True)
