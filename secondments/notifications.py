"""Notification rows for the people who must know about a change, or act on it.

Rows are written in the same transaction as the change (an outbox); delivery
by email or SMS is a separate step. The idempotency key makes writing the
same notification twice a no-op.
"""

from collections.abc import Iterable

from accounts.models import User
from secondments.models import Notification


def notify(
    *,
    recipients: Iterable[User],
    event: str,
    title: str,
    link: str,
    key: str,
    body: str = "",
) -> int:
    rows = [
        Notification(
            recipient=person,
            event=event,
            title=title,
            body=body,
            link=link,
            idempotency_key=f"{event}:{key}:{person.pk}",
        )
        for person in {person.pk: person for person in recipients}.values()
    ]
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def managers_of(borough_id: int):
    return User.objects.managers().filter(borough_id=borough_id, is_active=True)


def coordinators():
    return User.objects.coordinators().filter(is_active=True)
