"""A placement's timesheet weeks, one week's page, and the host's sign-off and query."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from config.http import post_only
from money.models import Timesheet, TimesheetStatus
from money.timesheets import services
from money.timesheets.access import get_placement_timesheets_for_user, get_timesheet_for_user
from money.timesheets.forms import TimesheetQueryForm, TimesheetWeekForm
from money.timesheets.weeks import (
    RECORDED_STATES,
    days_shown,
    days_to_record,
    is_placement_week,
    long_date,
    placement_weeks,
)
from secondments.models import Placement


def placement_timesheets(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_timesheets_for_user(request.user, pk)
    today = timezone.localdate()
    recorded = {
        timesheet.week_starting: timesheet
        for timesheet in placement.timesheets.select_related("signed_off_by")
    }
    weeks = placement_weeks(placement, today) if placement.status in RECORDED_STATES else []
    # Weeks recorded before a placement was cancelled still show.
    weeks = sorted(set(weeks) | set(recorded))
    rows = [(monday, recorded.get(monday)) for monday in weeks]
    return render(
        request,
        "money/timesheets/placement_timesheets.html",
        {
            "placement": placement,
            "days": days_shown,
            "rows": rows,
            "today": today,
            "is_worker": request.user.pk == placement.worker_id
            and placement.status in RECORDED_STATES,
            "can_decide": services.may_decide(request.user, placement),
            "signed_off_days": _total(recorded.values(), TimesheetStatus.SIGNED_OFF),
            "waiting_days": _total(recorded.values(), TimesheetStatus.SUBMITTED),
            "queried_weeks": sum(t.status == TimesheetStatus.QUERIED for t in recorded.values()),
        },
    )


def _total(timesheets, status: str) -> Decimal:
    return sum((t.days_worked for t in timesheets if t.status == status), Decimal(0))


def _week(placement: Placement, week: str, today: datetime.date) -> datetime.date:
    try:
        monday = datetime.date.fromisoformat(week)
    except ValueError:
        raise Http404("No such week") from None
    if not is_placement_week(placement, monday, today):
        raise Http404("No such week in this placement")
    return monday


def timesheet_week(request: HttpRequest, pk: int, week: str) -> HttpResponse:
    placement = get_placement_timesheets_for_user(request.user, pk)
    today = timezone.localdate()
    monday = _week(placement, week, today)
    timesheet = (
        placement.timesheets.filter(week_starting=monday)
        .select_related("signed_off_by", "queried_by")
        .first()
    )
    may_record = request.user.pk == placement.worker_id and (
        timesheet is None or timesheet.status == TimesheetStatus.QUERIED
    )
    if request.method == "POST" and not may_record:
        if request.user.pk == placement.worker_id:
            return _week_page(
                request, placement, monday, timesheet, status=409, error=_locked(timesheet)
            )
        raise PermissionDenied("Only the placement's social worker records its weeks")
    form = None
    if may_record and placement.status in RECORDED_STATES:
        form = TimesheetWeekForm(
            request.POST or None,
            days=days_to_record(placement, monday, today),
            days_per_week=placement.days_per_week,
            timesheet=timesheet,
        )
    if request.method == "POST" and form is None:
        return _week_page(
            request,
            placement,
            monday,
            timesheet,
            status=409,
            error="Timesheets are recorded for active and completed placements only",
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.timesheet_submit(
                placement=placement,
                week_starting=monday,
                days=form.worked(),
                extra_days_reason=form.cleaned_data["extra_days_reason"],
                by=request.user,
            )
        except services.TimesheetConflict as conflict:
            return _week_page(
                request, placement, monday, timesheet, status=409, error=conflict.messages[0]
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(
                request,
                f"Timesheet for the week starting {long_date(monday)} submitted: "
                f"{placement.host}'s managers are asked to sign it off",
            )
            return redirect("placement_timesheets", placement.pk)
    return _week_page(
        request,
        placement,
        monday,
        timesheet,
        form=form,
        status=400 if form and form.errors else 200,
    )


def _locked(timesheet: Timesheet | None) -> str:
    if timesheet is not None and timesheet.is_locked:
        return "This week is signed off and locked: it cannot be changed"
    return "This week is waiting for sign-off: it can be changed only if the host queries it"


def _week_page(
    request: HttpRequest,
    placement: Placement,
    monday: datetime.date,
    timesheet: Timesheet | None,
    *,
    form: TimesheetWeekForm | None = None,
    query_form: TimesheetQueryForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    can_decide = (
        timesheet is not None
        and timesheet.status == TimesheetStatus.SUBMITTED
        and services.may_decide(request.user, placement)
    )
    return render(
        request,
        "money/timesheets/timesheet_week.html",
        {
            "placement": placement,
            "days": days_shown,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "timesheet": timesheet,
            "entries": list(timesheet.days.all()) if timesheet is not None else [],
            "form": form,
            "can_decide": can_decide,
            "query_form": query_form or (TimesheetQueryForm() if can_decide else None),
            "error": error,
        },
        status=status,
    )


def timesheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A timesheet by its id (the audit log links here): its week's page."""
    timesheet = get_timesheet_for_user(request.user, pk)
    return redirect(services.week_url(timesheet))


def timesheet_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    timesheet = get_timesheet_for_user(request.user, pk, write=True)
    if (answer := post_only(request, services.week_url(timesheet))) is not None:
        return answer
    try:
        services.timesheet_sign_off(timesheet=timesheet, by=request.user)
    except services.TimesheetConflict as conflict:
        return _decision_refused(request, timesheet, conflict.messages[0])
    messages.success(
        request,
        f"Week starting {long_date(timesheet.week_starting)} signed off. "
        f"{timesheet.placement.worker} has been told.",
    )
    return redirect("placement_timesheets", timesheet.placement_id)


def timesheet_query(request: HttpRequest, pk: int) -> HttpResponse:
    timesheet = get_timesheet_for_user(request.user, pk, write=True)
    if (answer := post_only(request, services.week_url(timesheet))) is not None:
        return answer
    form = TimesheetQueryForm(request.POST)
    placement = timesheet.placement
    if not form.is_valid():
        return _week_page(
            request, placement, timesheet.week_starting, timesheet, query_form=form, status=400
        )
    try:
        services.timesheet_query(
            timesheet=timesheet, reason=form.cleaned_data["reason"], by=request.user
        )
    except services.TimesheetConflict as conflict:
        return _decision_refused(request, timesheet, conflict.messages[0])
    except ValidationError as error:
        form.add_error("reason", error.messages)
        return _week_page(
            request, placement, timesheet.week_starting, timesheet, query_form=form, status=400
        )
    messages.success(
        request,
        f"Week starting {long_date(timesheet.week_starting)} queried. "
        f"{placement.worker} has been asked to correct it.",
    )
    return redirect("placement_timesheets", placement.pk)


def _decision_refused(request: HttpRequest, timesheet: Timesheet, error: str) -> HttpResponse:
    current = Timesheet.objects.select_related("signed_off_by", "queried_by").get(pk=timesheet.pk)
    return _week_page(
        request, timesheet.placement, timesheet.week_starting, current, error=error, status=409
    )
