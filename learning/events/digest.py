"""Telling social workers of new learning events that suit them: at most one
summary a week, through their notification choices (events_suggested)."""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from accounts.models import Specialism, User
from learning.models import LearningEvent
from notifications.services import notify

LISTED = 10  # events named in one summary; the link shows them all


def _suits(event: LearningEvent, profile) -> bool:
    levels = event.level_values
    if levels and profile.job_level not in levels:
        return False
    wanted = {s.pk for s in event.specialisms.all()}
    return not wanted or bool(wanted & {s.pk for s in profile.specialisms.all()})


@transaction.atomic
def event_digests_send(*, now: datetime.datetime | None = None) -> int:
    """One "events that suit you" notification per worker per ISO week, naming
    the upcoming events posted in the last 7 days that suit their job level and
    specialisms (an event naming none suits everyone). How many were written."""
    now = now or timezone.now()
    events = list(
        LearningEvent.objects.upcoming()
        .filter(starts_at__gt=now, created_at__gte=now - datetime.timedelta(days=7))
        .select_related("borough")
        .prefetch_related("specialisms")
    )
    if not events:
        return 0
    year, week, _ = timezone.localtime(now).isocalendar()
    workers = (
        User.objects.workers()
        .filter(is_active=True, worker_profile__isnull=False)
        .select_related("worker_profile")
        .prefetch_related(
            Prefetch("worker_profile__specialisms", queryset=Specialism.objects.only("pk"))
        )
    )
    written = 0
    for person in workers:
        suiting = [event for event in events if _suits(event, person.worker_profile)]
        if not suiting:
            continue
        lines = [
            f"- {event.title}, {event.borough}, "
            f"{timezone.localtime(event.starts_at):%-d %B %Y at %H:%M}"
            for event in suiting[:LISTED]
        ]
        written += notify(
            recipients=[person],
            event="events_suggested",
            title=f"{len(suiting)} new learning event{'s' if len(suiting) != 1 else ''} suit you",
            body="\n".join(lines),
            link=reverse("event_list"),
            key=f"{year}-W{week:02d}",
        )
    return written
