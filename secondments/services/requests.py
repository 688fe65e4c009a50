"""Help requests: drafted, published, changed, closed, cancelled, filled."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from notifications.queueing import enqueue_on_commit
from notifications.services import coordinators, managers_of, notify
from secondments.models import (
    HOLDING_STATES,
    ApplicationStatus,
    HelpRequest,
    RequestStatus,
    Urgency,
)
from secondments.services.records import _locked, _move, required_reason

# Matching lives in the matching app, to the right of this one: a changed
# request starts it by task name once the change commits.
MATCH_REQUEST_TASK = "matching.tasks.match_request"

REQUEST_FIELDS = (
    "title",
    "team",
    "purpose",
    "job_level",
    "min_years_qualified",
    "newly_qualified_suitable",
    "supervisor_name",
    "protected_caseload",
    "supervision_frequency",
    "places",
    "starts_on",
    "ends_on",
    "days_per_week",
    "working_pattern",
    "location",
    "funding_model",
    "day_rate",
    "urgency",
    "description",
)

START_IN_THE_PAST = "Start date must be today or in the future"


def _refuse_a_start_in_the_past(data: dict) -> None:
    """A request is written to start today or later: a draft dated in the past
    could never be published (help_request_publish), an open one never filled."""
    if data.get("starts_on") and data["starts_on"] < timezone.localdate():
        raise ValidationError({"starts_on": START_IN_THE_PAST})


def _apply(help_request: HelpRequest, data: dict) -> None:
    for field in REQUEST_FIELDS:
        if field in data:
            setattr(help_request, field, data[field])
    help_request.full_clean(exclude=["borough", "created_by", "specialisms"])


@transaction.atomic
def help_request_create(
    *, by: User, data: dict, submission_token: uuid.UUID | None = None
) -> HelpRequest:
    """A manager drafts a request for their own borough.

    Given the one-time token of the form they posted, posting it again (a
    double click, a browser retrying) gives back the request it already made.
    """
    if not by.is_manager or by.borough_id is None:
        raise PermissionDenied("Only a borough manager can ask for help")
    if submission_token is not None:
        made = _made_by_submission(by, submission_token)
        if made is not None:
            return made
    _refuse_a_start_in_the_past(data)
    help_request = HelpRequest(borough=by.borough, created_by=by, submission_token=submission_token)
    _apply(help_request, data)
    try:
        with transaction.atomic():
            help_request.save()
    except IntegrityError:
        # A post with the same token was saving at the same moment: the unique
        # constraint made this insert wait for it to commit, so it is there now.
        made = _made_by_submission(by, submission_token) if submission_token else None
        if made is None:
            raise
        return made
    help_request.specialisms.set(data.get("specialisms", []))
    audit_record(actor=by, action="request_created", obj=help_request, to_state=RequestStatus.DRAFT)
    return help_request


@transaction.atomic
def help_request_open_for_crisis(*, borough, by: User, data: dict) -> HelpRequest:
    """A crisis request, published at once (a crisis call: pressure/crisis/):
    the borough's managers, or a coordinator for them. The same rules on
    dates and terms as any request."""
    if not (by.manages(borough) or by.coordinates(borough)):
        raise PermissionDenied(
            "Only the borough's managers or a coordinator can raise a crisis call"
        )
    _refuse_a_start_in_the_past(data)
    help_request = HelpRequest(
        borough=borough,
        created_by=by,
        urgency=Urgency.CRISIS,
        status=RequestStatus.OPEN,
        published_at=timezone.now(),
    )
    _apply(help_request, {**data, "urgency": Urgency.CRISIS})
    help_request.save()
    help_request.specialisms.set(data.get("specialisms", []))
    audit_record(
        actor=by, action="request_opened_for_crisis", obj=help_request, to_state=RequestStatus.OPEN
    )
    enqueue_on_commit(MATCH_REQUEST_TASK, help_request.pk)
    return help_request


def _made_by_submission(by: User, submission_token: uuid.UUID) -> HelpRequest | None:
    return HelpRequest.objects.filter(created_by=by, submission_token=submission_token).first()


@transaction.atomic
def help_request_update(*, help_request: HelpRequest, by: User, data: dict) -> HelpRequest:
    help_request = _locked(help_request)
    if not help_request.can_be_changed_by(by):
        raise PermissionDenied("Only the host borough's managers can change this request")
    if help_request.status not in (RequestStatus.DRAFT, RequestStatus.OPEN):
        raise ValidationError(
            f"This request is {help_request.get_status_display().lower()} and can no longer be changed"
        )
    _refuse_a_start_in_the_past(data)
    _check_edit_keeps_promises(help_request, data)
    _apply(help_request, data)
    help_request.save()
    if "specialisms" in data:
        # Only what was given changes: leaving them out keeps them.
        help_request.specialisms.set(data["specialisms"])
    audit_record(
        actor=by,
        action="request_edited",
        obj=help_request,
        from_state=help_request.status,
        to_state=help_request.status,
    )
    if help_request.is_open:
        # Dates, level or specialisms may have changed who matches.
        enqueue_on_commit(MATCH_REQUEST_TASK, help_request.pk)
    return help_request


@transaction.atomic
def help_request_publish(*, help_request: HelpRequest, by: User) -> HelpRequest:
    help_request = _locked(help_request)
    if not help_request.can_be_changed_by(by):
        raise PermissionDenied("Only the host borough's managers can publish this request")
    if help_request.status != RequestStatus.DRAFT:
        raise ValidationError(
            f"This request is already {help_request.get_status_display().lower()}"
        )
    if help_request.starts_on < timezone.localdate():
        raise ValidationError(
            "The start date has passed: change it to today or later before you publish"
        )
    help_request.status = RequestStatus.OPEN
    help_request.published_at = timezone.now()
    help_request.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=by,
        action="request_published",
        obj=help_request,
        from_state=RequestStatus.DRAFT,
        to_state=RequestStatus.OPEN,
    )
    enqueue_on_commit(MATCH_REQUEST_TASK, help_request.pk)
    return help_request


def _end(help_request: HelpRequest, *, by: User | None, to_state: str, reason: str, action: str):
    from_state = help_request.status
    help_request.status = to_state
    help_request.status_reason = reason
    help_request.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(
        actor=by,
        action=action,
        obj=help_request,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
    _lapse_applications(help_request, by=by, reason=f"The request was {to_state}")
    return help_request


def _check_edit_keeps_promises(help_request: HelpRequest, data: dict) -> None:
    """Home managers release, and coordinators approve, for particular dates:
    once anyone is selected those stay fixed, and places cannot drop below
    the placements already agreed."""
    filled = help_request.placements.filter(status__in=HOLDING_STATES).count()
    if data.get("places") is not None and data["places"] < max(filled, 1):
        raise ValidationError(
            {
                "places": f"{filled} place{'s' if filled != 1 else ''} already agreed: places cannot be fewer"
            }
        )
    committed = help_request.applications.filter(
        status__in=(
            ApplicationStatus.SELECTED,
            ApplicationStatus.RELEASED,
            ApplicationStatus.APPROVED,
        )
    ).exists()
    if committed:
        for field, label in (
            ("starts_on", "start date"),
            ("ends_on", "end date"),
            ("days_per_week", "days per week"),
        ):
            if field in data and data[field] != getattr(help_request, field):
                raise ValidationError(
                    {
                        field: f"The {label} cannot change once a social worker has been selected: "
                        "close this request and post a new one instead"
                    }
                )


def _lapse_applications(help_request: HelpRequest, *, by: User | None, reason: str) -> None:
    """Applications still in progress end when their request does; whoever was
    waiting to act on them is told too."""
    for application in (
        # of=("self",): lock the applications only. Locking their workers' rows
        # too would deadlock with an approval that holds one worker and is
        # lapsing another request's applications.
        help_request.applications.active().select_for_update(of=("self",)).select_related("worker")
    ):
        was = application.status
        _move(application, by=by, to_state=ApplicationStatus.LAPSED, reason=reason)
        people = [application.worker]
        if was in (ApplicationStatus.SELECTED, ApplicationStatus.RELEASED):
            people += list(managers_of(application.worker.borough_id))
        if was == ApplicationStatus.RELEASED:
            people += list(coordinators(help_request.borough))
        notify(
            recipients=people,
            event="application_lapsed",
            title=f"{help_request.title}: no longer taking offers of help",
            body=reason,
            link=help_request.get_absolute_url(),
            key=application.pk,
        )


@transaction.atomic
def help_request_close(*, help_request: HelpRequest, by: User, reason: str = "") -> HelpRequest:
    """The host stops taking offers of help (for example, they recruited)."""
    help_request = _locked(help_request)
    if not help_request.can_be_changed_by(by):
        raise PermissionDenied("Only the host borough's managers can close this request")
    if help_request.status != RequestStatus.OPEN:
        raise ValidationError(
            f"Only an open request can be closed; this one is {help_request.get_status_display().lower()}"
        )
    return _end(
        help_request, by=by, to_state=RequestStatus.CLOSED, reason=reason, action="request_closed"
    )


@transaction.atomic
def help_request_cancel(*, help_request: HelpRequest, by: User, reason: str) -> HelpRequest:
    help_request = _locked(help_request)
    if not help_request.can_be_cancelled_by(by):
        raise PermissionDenied(
            "Only the host borough's managers or a coordinator can cancel this request"
        )
    if help_request.status not in (RequestStatus.DRAFT, RequestStatus.OPEN):
        raise ValidationError(
            f"This request is {help_request.get_status_display().lower()} and cannot be cancelled"
        )
    reason = required_reason(reason, "Enter why you are cancelling this request")
    if not help_request.can_be_changed_by(by):
        # A coordinator cancelled it: the host's managers must hear why.
        notify(
            recipients=managers_of(help_request.borough_id),
            event="request_cancelled",
            title=f"A coordinator cancelled your request: {help_request.title}",
            body=reason,
            link=help_request.get_absolute_url(),
            key=help_request.pk,
        )
    return _end(
        help_request,
        by=by,
        to_state=RequestStatus.CANCELLED,
        reason=reason,
        action="request_cancelled",
    )


@transaction.atomic
def help_requests_expire_due(*, today) -> int:
    """Open requests whose start date has passed unfilled expire, and their
    applications lapse. Safe to run twice."""
    due = HelpRequest.objects.select_for_update(of=("self",)).filter(
        status=RequestStatus.OPEN, starts_on__lt=today
    )
    count = 0
    for help_request in due:
        _end(
            help_request,
            by=None,
            to_state=RequestStatus.EXPIRED,
            reason="The start date passed before every place was filled",
            action="request_expired",
        )
        count += 1
    return count
