"""Reminders for a reference or a placement rating still to give, 5 and 10
working days after the placement ended (the first ask goes out the day after
it ends: secondments/services/reminders.py feedback_requests_send).

Safe to run twice or late: each reminder's idempotency key names the
placement and the milestone, so a repeat writes nothing.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from notifications.services import managers_of, notify
from secondments.models import Placement, PlacementStatus
from secondments.working_days import add_working_days, working_days_between

REMINDER_WORKING_DAYS = (5, 10)
# Placements that ended longer ago than this are not chased (an outage's catch-up fits).
WINDOW_DAYS = 42


def _milestone(ends_on: datetime.date, today: datetime.date) -> int | None:
    passed = working_days_between(ends_on, today)
    reached = [days for days in REMINDER_WORKING_DAYS if passed >= days]
    return reached[-1] if reached else None


@transaction.atomic
def feedback_reminders_send(*, today: datetime.date) -> dict[str, int]:
    """Remind the host managers of a reference, and the worker of a rating, not yet given."""
    ended = Placement.objects.filter(
        Q(reference__isnull=True) | Q(rating__isnull=True),
        status=PlacementStatus.COMPLETED,
        ends_on__lte=add_working_days(today, -REMINDER_WORKING_DAYS[0]),
        ends_on__gte=today - datetime.timedelta(days=WINDOW_DAYS),
    )
    ended = ended.select_related("worker", "host", "reference", "rating")
    sent = {"references": 0, "ratings": 0}
    for placement in ended:
        milestone = _milestone(placement.ends_on, today)
        if milestone is None:
            continue
        key = f"{placement.pk}:after-{milestone}-working-days"
        ended_on = f"{placement.ends_on:%-d %B %Y}"
        if not hasattr(placement, "reference"):
            notify(
                recipients=managers_of(placement.host_id),
                event="feedback_reminder",
                title=f"Reference still to give: {placement.worker}, placement ended {ended_on}",
                body=(
                    f"{placement.worker}'s placement in {placement.host} ended "
                    f"{milestone} working days ago. A reference helps them, and their home borough."
                ),
                link=reverse("placement_reference", args=[placement.pk]),
                key=f"reference:{key}",
            )
            sent["references"] += 1
        if not hasattr(placement, "rating"):
            notify(
                recipients=[placement.worker],
                event="feedback_reminder",
                title=f"Rate your placement in {placement.host}, ended {ended_on}",
                body=(
                    f"{placement.host} only ever sees averages from at least 3 social workers, "
                    "so you can be honest."
                ),
                link=reverse("placement_rating", args=[placement.pk]),
                key=f"rating:{key}",
            )
            sent["ratings"] += 1
    return sent
