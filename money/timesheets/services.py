"""Timesheets: the worker records each week's days, the host signs it off or queries it.

Every change is audited in its own transaction and tells the people who act
next. Sign-off and query claim the week with a conditional UPDATE, so however
many managers press the button at once, one decision is recorded.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from money.models import FULL_DAY, HALF_DAY, Timesheet, TimesheetDay, TimesheetStatus
from money.timesheets.weeks import (
    RECORDED_STATES,
    day_label,
    days_to_record,
    is_placement_week,
    long_date,
)
from notifications.services import managers_of, notify
from secondments.models import Placement

ACTIONS = {
    "timesheet_submitted": "Timesheet submitted",
    "timesheet_resubmitted": "Timesheet corrected and submitted again",
    "timesheet_signed_off": "Timesheet signed off",
    "timesheet_queried": "Timesheet queried",
}
REASON_MAX = Timesheet._meta.get_field("extra_days_reason").max_length
QUERY_MAX = Timesheet._meta.get_field("query_reason").max_length
NOT_WORKED = Decimal("0")


class TimesheetConflict(ValidationError):
    """The week has moved on (signed off, queried, already submitted): views answer 409."""


def may_decide(user: User, placement: Placement) -> bool:
    """The host borough's managers sign weeks off or query them; so may the
    coordinators of the host's region. The home borough's managers (and the home
    region's coordinators) only see them."""
    return user.coordinates(placement.host) or (
        user.is_manager and user.borough_id == placement.host_id
    )


def week_url(timesheet: Timesheet) -> str:
    return reverse(
        "timesheet_week", args=[timesheet.placement_id, timesheet.week_starting.isoformat()]
    )


def _week_problems(
    placement: Placement,
    monday: datetime.date,
    days: dict[datetime.date, Decimal],
    extra_days_reason: str,
    today: datetime.date,
) -> dict[str, list[str]]:
    if placement.status not in RECORDED_STATES:
        return {
            "__all__": [
                f"This placement is {placement.get_status_display().lower()}: timesheets are "
                "for active and completed placements"
            ]
        }
    if monday.weekday() != 0:
        return {"__all__": [f"A timesheet week starts on a Monday; {day_label(monday)} is not"]}
    if monday > today:
        return {
            "__all__": [
                f"The week starting {long_date(monday)} has not started yet: record it once it has"
            ]
        }
    if not is_placement_week(placement, monday, today):
        return {
            "__all__": [
                f"The week starting {long_date(monday)} is not part of this placement "
                f"({long_date(placement.starts_on)} to {long_date(placement.ends_on)})"
            ]
        }
    errors: dict[str, list[str]] = {}
    allowed = set(days_to_record(placement, monday, today))
    for day, amount in sorted(days.items()):
        if amount == NOT_WORKED:
            continue
        if amount not in (HALF_DAY, FULL_DAY):
            errors.setdefault("__all__", []).append(
                f"{day_label(day)}: record a half day or a full day"
            )
        elif not (monday <= day <= monday + datetime.timedelta(days=6)):
            errors.setdefault("__all__", []).append(
                f"{day_label(day)} is not in the week starting {long_date(monday)}"
            )
        elif day > today:
            errors.setdefault("__all__", []).append(f"{day_label(day)} has not happened yet")
        elif day not in allowed:
            errors.setdefault("__all__", []).append(
                f"{day_label(day)} is outside the placement's dates "
                f"({long_date(placement.starts_on)} to {long_date(placement.ends_on)})"
            )
    total = sum((a for a in days.values() if a != NOT_WORKED), NOT_WORKED)
    if len(extra_days_reason) > REASON_MAX:
        errors["extra_days_reason"] = [f"Reason must be {REASON_MAX:,} characters or fewer"]
    elif total > placement.days_per_week and not extra_days_reason:
        said = "1 day" if placement.days_per_week == 1 else f"{placement.days_per_week} days"
        errors["extra_days_reason"] = [
            f"You recorded {total.normalize():f} days but the placement is {said} a week: "
            "say why the host agreed extra days, or correct the days"
        ]
    return errors


@transaction.atomic
def timesheet_submit(
    *,
    placement: Placement,
    week_starting: datetime.date,
    days: dict[datetime.date, Decimal],
    extra_days_reason: str = "",
    by: User,
) -> Timesheet:
    """Record the days the worker worked in one week and send it for sign-off.

    A week with no days worked (leave, say) is a week recorded too. A queried
    week is corrected by submitting it again; any other second submission of
    the same week is refused, and a signed-off week is locked.
    """
    if by.pk != placement.worker_id:
        raise PermissionDenied("Only the placement's social worker can submit its timesheets")
    # One submission at a time per placement: the check for an existing week
    # below then sees what any other submission wrote.
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    today = timezone.localdate()
    extra_days_reason = extra_days_reason.strip()
    problems = _week_problems(placement, week_starting, days, extra_days_reason, today)
    if problems:
        raise ValidationError(problems)
    worked = {day: amount for day, amount in days.items() if amount != NOT_WORKED}
    total = sum(worked.values(), NOT_WORKED)
    timesheet = (
        Timesheet.objects.select_for_update()
        .filter(placement=placement, week_starting=week_starting)
        .first()
    )
    now = timezone.now()
    if timesheet is None:
        timesheet = Timesheet(placement=placement, week_starting=week_starting)
        action, from_state = "timesheet_submitted", ""
    elif timesheet.status == TimesheetStatus.QUERIED:
        action, from_state = "timesheet_resubmitted", TimesheetStatus.QUERIED
    elif timesheet.status == TimesheetStatus.SIGNED_OFF:
        raise TimesheetConflict(
            f"The week starting {long_date(week_starting)} is signed off and locked: "
            "it cannot be changed"
        )
    else:
        raise TimesheetConflict(
            f"You have already submitted a timesheet for the week starting "
            f"{long_date(week_starting)}"
        )
    timesheet.status = TimesheetStatus.SUBMITTED
    timesheet.days_worked = total
    timesheet.extra_days_reason = extra_days_reason
    timesheet.submitted_at = now
    timesheet.times_submitted += 1
    try:
        with transaction.atomic():
            timesheet.save()
    except IntegrityError:
        raise TimesheetConflict(
            f"You have already submitted a timesheet for the week starting "
            f"{long_date(week_starting)}"
        ) from None
    timesheet.days.all().delete()
    TimesheetDay.objects.bulk_create(
        TimesheetDay(timesheet=timesheet, day=day, amount=amount)
        for day, amount in sorted(worked.items())
    )
    audit_record(
        actor=by,
        action=action,
        obj=timesheet,
        from_state=from_state,
        to_state=TimesheetStatus.SUBMITTED,
        changed_fields=["days", "days_worked", "extra_days_reason"],
    )
    worker = placement.worker
    notify(
        recipients=managers_of(placement.host_id),
        event="timesheet_submitted",
        title=f"Timesheet waiting for sign-off: {worker}, week starting {long_date(week_starting)}",
        body=(
            f"{worker} recorded {total.normalize():f} day{'' if total == 1 else 's'} worked in "
            f"{placement.host}. Sign the week off, or query it with a reason."
        ),
        link=week_url(timesheet),
        key=f"{timesheet.pk}:{timesheet.times_submitted}",
    )
    return timesheet


def _claim(timesheet: Timesheet, by: User, **changes) -> Timesheet:
    """Move a week waiting for sign-off on, or say why it cannot be."""
    if not may_decide(by, timesheet.placement):
        raise PermissionDenied(
            "Only the host borough's managers or a coordinator can sign off or query a timesheet"
        )
    claimed = Timesheet.objects.filter(pk=timesheet.pk, status=TimesheetStatus.SUBMITTED).update(
        updated_at=timezone.now(), **changes
    )
    if not claimed:
        status = Timesheet.objects.filter(pk=timesheet.pk).values_list("status", flat=True).get()
        if status == TimesheetStatus.SIGNED_OFF:
            raise TimesheetConflict("This week is already signed off")
        raise TimesheetConflict(
            "This week has been queried: it can be signed off once the social worker "
            "submits it again"
        )
    for name, value in changes.items():
        setattr(timesheet, name, value)
    return timesheet


@transaction.atomic
def timesheet_sign_off(*, timesheet: Timesheet, by: User) -> Timesheet:
    """The host agrees the days: the week is locked and counts towards the recharge."""
    timesheet = _claim(
        timesheet,
        by,
        status=TimesheetStatus.SIGNED_OFF,
        signed_off_at=timezone.now(),
        signed_off_by=by,
    )
    audit_record(
        actor=by,
        action="timesheet_signed_off",
        obj=timesheet,
        from_state=TimesheetStatus.SUBMITTED,
        to_state=TimesheetStatus.SIGNED_OFF,
    )
    placement = timesheet.placement
    notify(
        recipients=[placement.worker],
        event="timesheet_signed_off",
        title=f"Timesheet signed off: week starting {long_date(timesheet.week_starting)}",
        body=f"{placement.host} signed off {timesheet.days_worked.normalize():f} days worked.",
        link=week_url(timesheet),
        key=timesheet.pk,
    )
    return timesheet


@transaction.atomic
def timesheet_query(*, timesheet: Timesheet, reason: str, by: User) -> Timesheet:
    """The host does not agree the days: the worker corrects the week and submits it again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are querying this week"})
    if len(reason) > QUERY_MAX:
        raise ValidationError({"reason": f"Reason must be {QUERY_MAX:,} characters or fewer"})
    timesheet = _claim(
        timesheet,
        by,
        status=TimesheetStatus.QUERIED,
        query_reason=reason,
        queried_at=timezone.now(),
        queried_by=by,
    )
    audit_record(
        actor=by,
        action="timesheet_queried",
        obj=timesheet,
        from_state=TimesheetStatus.SUBMITTED,
        to_state=TimesheetStatus.QUERIED,
        reason=reason,
    )
    placement = timesheet.placement
    notify(
        recipients=[placement.worker],
        event="timesheet_queried",
        title=f"Timesheet queried: week starting {long_date(timesheet.week_starting)}",
        body=(
            f"{placement.host} queried this week, saying: \u201c{reason}\u201d. "
            "Correct the week and submit it again."
        ),
        link=week_url(timesheet),
        key=f"{timesheet.pk}:{timesheet.times_submitted}",
    )
    return timesheet
