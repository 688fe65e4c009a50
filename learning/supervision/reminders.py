"""Reminding the host when a newly qualified worker's supervision is due.

A session is due `SupervisionFrequency.days` after the last one, or after the
placement's start when none is recorded yet: weekly 7 days, fortnightly 14,
monthly 30. Each active placement's host managers hear once per due date (the
notification's idempotency key holds the placement and the due date), so the
daily task can run again, or twice, without telling anyone twice."""

import datetime

from django.db.models import Max
from django.urls import reverse

from notifications.services import managers_of, notify
from secondments.models import Placement, PlacementStatus, SupervisionFrequency


def supervision_due_on(placement: Placement, last_held_on: datetime.date | None) -> datetime.date:
    days = SupervisionFrequency(placement.help_request.supervision_frequency).days
    return (last_held_on or placement.starts_on) + datetime.timedelta(days=days)


def supervision_reminders_send(*, today: datetime.date) -> int:
    """Tell the host managers of each active newly qualified placement whose
    supervision is due (or overdue) today; returns how many placements."""
    placements = (
        Placement.objects.filter(
            status=PlacementStatus.ACTIVE, help_request__newly_qualified_suitable=True
        )
        .select_related("help_request", "worker")
        .annotate(last_held_on=Max("supervision_sessions__held_on"))
        .order_by("pk")
    )
    reminded = 0
    for placement in placements:
        due_on = supervision_due_on(placement, placement.last_held_on)
        if due_on > today:
            continue
        notify(
            recipients=managers_of(placement.host_id),
            event="supervision_due",
            title=f"Supervision of {placement.worker} is due: "
            f"{placement.help_request.get_supervision_frequency_display().lower()}, "
            f"by {due_on:%-d %B %Y}",
            body=f"Supervisor: {placement.help_request.supervisor_name}. "
            "Record the session when it has been held.",
            link=reverse("placement_supervision", args=[placement.pk]),
            key=f"{placement.pk}:{due_on.isoformat()}",
        )
        reminded += 1
    return reminded
