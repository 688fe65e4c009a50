"""The crisis call's scheduled steps, counted in working days (England and Wales
bank holidays skipped, secondments/working_days.py):

- widen: a call whose circle has been asked for CRISIS_WIDEN_AFTER_WORKING_DAYS
  without enough agreed offers asks the next circle;
- remind: an asked borough that has not answered after
  CRISIS_REMIND_AFTER_WORKING_DAYS is reminded, once;
- escalate: after CRISIS_ESCALATE_AFTER_WORKING_DAYS the coordinators are told, once.

Boroughs under more pressure than the caller are never reminded or escalated.
Each step is claimed with a conditional UPDATE, so two runs at the same moment
never notify twice.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from audit.services import audit_record
from notifications.services import coordinators, managers_of, notify
from pressure.crisis.services import STAGE_ORDER, ask_stage
from pressure.models import CrisisAsk, CrisisCall, CrisisStatus, OfferStatus
from secondments.working_days import latest_start


def _started_by(today: datetime.date, working_days: int) -> datetime.datetime:
    """The moment before which something started has waited `working_days`:
    the end of the latest day from which that many working days have passed."""
    day = latest_start(today, working_days) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _next_stage(call: CrisisCall) -> str | None:
    """The next circle with boroughs not yet asked, or None."""
    later = STAGE_ORDER[STAGE_ORDER.index(call.stage) + 1 :]
    waiting = set(
        call.asks.filter(asked_at__isnull=True, stage__in=later).values_list("stage", flat=True)
    )
    return next((stage for stage in later if stage in waiting), None)


@transaction.atomic
def _widen(call: CrisisCall, *, now: datetime.datetime) -> bool:
    stage = _next_stage(call)
    if stage is None:
        return False
    claimed = CrisisCall.objects.filter(
        pk=call.pk, status=CrisisStatus.OPEN, stage=call.stage
    ).update(stage=stage, stage_started_at=now)
    if not claimed:
        return False  # another run widened it, or it was met or closed
    was = call.stage
    call.stage, call.stage_started_at = stage, now
    audit_record(actor=None, action="crisis_widened", obj=call, from_state=was, to_state=stage)
    asked = ask_stage(call, stage, now=now)
    notify(
        recipients=managers_of(call.borough_id),
        event="crisis_widened",
        title=f"Your crisis call now asks {len(asked)} more borough{'s' if len(asked) != 1 else ''}",
        body=f"Not enough offers were agreed: it now reaches {call.get_stage_display().lower()}.",
        link=call.get_absolute_url(),
        key=f"{call.pk}:{stage}",
    )
    return True


def crisis_calls_widen_due(*, now: datetime.datetime | None = None) -> int:
    """Widen every open call whose circle has waited long enough without enough
    agreed offers; how many were widened."""
    now = now or timezone.now()
    before = _started_by(timezone.localdate(now), settings.CRISIS_WIDEN_AFTER_WORKING_DAYS)
    due = (
        CrisisCall.objects.open()
        .filter(stage_started_at__lt=before)
        .annotate(agreed=Count("asks__offers", filter=Q(asks__offers__status=OfferStatus.AGREED)))
        .select_related("borough", "help_request")
    )
    return sum(_widen(call, now=now) for call in due if call.agreed < call.people_needed)


def _press_silent(*, now: datetime.datetime, working_days: int, stamp: str, tell) -> int:
    """Each pressed borough asked before `working_days` ago and still silent,
    not yet stamped: claim it by stamping `stamp` (a conditional UPDATE, so a
    second run skips it), then `tell(ask)`. How many were claimed."""
    before = _started_by(timezone.localdate(now), working_days)
    silent = (
        CrisisAsk.objects.waiting()
        .filter(more_pressured=False, asked_at__lt=before, call__status=CrisisStatus.OPEN)
        .filter(**{f"{stamp}__isnull": True})
        .select_related("borough", "call__borough")
    )
    count = 0
    for ask in silent:
        if CrisisAsk.objects.filter(pk=ask.pk, **{f"{stamp}__isnull": True}).update(**{stamp: now}):
            tell(ask)
            count += 1
    return count


def _remind(ask: CrisisAsk) -> None:
    audit_record(actor=None, action="crisis_ask_reminded", obj=ask.call, reason=str(ask.borough))
    notify(
        recipients=managers_of(ask.borough_id),
        event="crisis_reminded",
        title=f"Reminder: {ask.call.borough}'s crisis call is waiting for your answer",
        body="Offer one named social worker, or decline with a reason.",
        link=ask.call.get_absolute_url(),
        key=ask.pk,
    )


def _escalate(ask: CrisisAsk) -> None:
    audit_record(actor=None, action="crisis_ask_escalated", obj=ask.call, reason=str(ask.borough))
    notify(
        recipients=coordinators(ask.call.borough, ask.borough),
        event="crisis_escalated",
        title=f"{ask.borough} has not answered {ask.call.borough}'s crisis call",
        body=f"Asked {settings.CRISIS_ESCALATE_AFTER_WORKING_DAYS} working days ago "
        "and reminded since.",
        link=ask.call.get_absolute_url(),
        key=ask.pk,
    )


@transaction.atomic
def crisis_asks_remind_due(*, now: datetime.datetime | None = None) -> int:
    """Remind, once, each pressed borough that has not answered in time."""
    return _press_silent(
        now=now or timezone.now(),
        working_days=settings.CRISIS_REMIND_AFTER_WORKING_DAYS,
        stamp="reminded_at",
        tell=_remind,
    )


@transaction.atomic
def crisis_asks_escalate_due(*, now: datetime.datetime | None = None) -> int:
    """Tell the coordinators, once, of each pressed borough still silent."""
    return _press_silent(
        now=now or timezone.now(),
        working_days=settings.CRISIS_ESCALATE_AFTER_WORKING_DAYS,
        stamp="escalated_at",
        tell=_escalate,
    )


def crisis_calls_advance(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The beat task's work: widen, remind, escalate."""
    now = now or timezone.now()
    return {
        "widened": crisis_calls_widen_due(now=now),
        "reminded": crisis_asks_remind_due(now=now),
        "escalated": crisis_asks_escalate_due(now=now),
    }
