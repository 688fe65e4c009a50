"""Help requests: drafted, published, changed, closed, cancelled, filled."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from secondments.models import (
    ApplicationStatus,
    HelpRequest,
    RequestStatus,
)
from secondments.notifications import notify
from secondments.services.records import _locked, _move, audit

REQUEST_FIELDS = (
    "title",
    "team",
    "purpose",
    "job_level",
    "min_years_qualified",
    "newly_qualified_suitable",
    "supervisor_name",
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


def _apply(help_request: HelpRequest, data: dict) -> None:
    for field in REQUEST_FIELDS:
        if field in data:
            setattr(help_request, field, data[field])
    help_request.full_clean(exclude=["borough", "created_by", "specialisms"])


@transaction.atomic
def help_request_create(*, by: User, data: dict) -> HelpRequest:
    """A manager drafts a request for their own borough."""
    if not by.is_manager or by.borough_id is None:
        raise PermissionDenied("Only a borough manager can ask for help")
    help_request = HelpRequest(borough=by.borough, created_by=by)
    _apply(help_request, data)
    help_request.save()
    help_request.specialisms.set(data.get("specialisms", []))
    audit(actor=by, action="request_created", obj=help_request, to_state=RequestStatus.DRAFT)
    return help_request


@transaction.atomic
def help_request_update(*, help_request: HelpRequest, by: User, data: dict) -> HelpRequest:
    help_request = _locked(help_request)
    if not help_request.can_be_changed_by(by):
        raise PermissionDenied("Only the host borough's managers can change this request")
    if help_request.status not in (RequestStatus.DRAFT, RequestStatus.OPEN):
        raise ValidationError(
            f"This request is {help_request.get_status_display().lower()} and can no longer be changed"
        )
    if help_request.is_open and data.get("starts_on") and data["starts_on"] < timezone.localdate():
        raise ValidationError({"starts_on": "Start date must be today or in the future"})
    _apply(help_request, data)
    help_request.save()
    help_request.specialisms.set(data.get("specialisms", []))
    audit(
        actor=by,
        action="request_edited",
        obj=help_request,
        from_state=help_request.status,
        to_state=help_request.status,
    )
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
    audit(
        actor=by,
        action="request_published",
        obj=help_request,
        from_state=RequestStatus.DRAFT,
        to_state=RequestStatus.OPEN,
    )
    return help_request


def _end(help_request: HelpRequest, *, by: User | None, to_state: str, reason: str, action: str):
    from_state = help_request.status
    help_request.status = to_state
    help_request.status_reason = reason
    help_request.save(update_fields=["status", "status_reason", "updated_at"])
    audit(
        actor=by,
        action=action,
        obj=help_request,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
    _lapse_applications(help_request, by=by, reason=f"The request was {to_state}")
    return help_request


def _lapse_applications(help_request: HelpRequest, *, by: User | None, reason: str) -> None:
    """Applications still in progress end when their request does."""
    for application in (
        help_request.applications.active().select_for_update().select_related("worker")
    ):
        _move(application, by=by, to_state=ApplicationStatus.LAPSED, reason=reason)
        notify(
            recipients=[application.worker],
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
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are cancelling this request"})
    return _end(
        help_request,
        by=by,
        to_state=RequestStatus.CANCELLED,
        reason=reason.strip(),
        action="request_cancelled",
    )
