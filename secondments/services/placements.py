"""Placements after approval: cancelled by a party, or moved on by the calendar."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from notifications.services import coordinators, managers_of, notify
from secondments.models import (
    HOLDING_STATES,
    HelpRequest,
    Placement,
    PlacementStatus,
    RequestStatus,
)
from secondments.services.records import _locked, required_reason


@transaction.atomic
def placement_cancel(*, placement: Placement, by: User, reason: str) -> Placement:
    # Request first, as every transition locks it: see application_approve.
    help_request = _locked(placement.help_request)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("worker", "help_request")
        .get(pk=placement.pk)
    )
    if not placement.can_be_cancelled_by(by):
        raise PermissionDenied("Only the host or home managers or a coordinator can cancel")
    if placement.status not in (PlacementStatus.CONFIRMED, PlacementStatus.ACTIVE):
        raise ValidationError(
            f"This placement is {placement.get_status_display().lower()} and cannot be cancelled"
        )
    reason = required_reason(reason, "Enter why you are cancelling this placement")
    from_state = placement.status
    placement.status = PlacementStatus.CANCELLED
    placement.status_reason = reason
    placement.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(
        actor=by,
        action="placement_cancelled",
        obj=placement,
        from_state=from_state,
        to_state=PlacementStatus.CANCELLED,
        reason=reason,
    )
    notify(
        recipients=[
            placement.worker,
            *managers_of(placement.host_id),
            *managers_of(placement.home_id),
            *coordinators(placement.host, placement.home),
        ],
        event="placement_cancelled",
        title=f"Placement cancelled: {placement.worker} in {placement.host}",
        body=reason,
        link=placement.get_absolute_url(),
        key=placement.pk,
    )
    _reopen_if_places_free(help_request, by=by)
    return placement


def _reopen_if_places_free(help_request: HelpRequest, *, by: User) -> None:
    """A filled request that has not started takes offers again when a place frees up."""
    filled = help_request.placements.filter(status__in=HOLDING_STATES).count()
    if (
        help_request.status == RequestStatus.FILLED
        and filled < help_request.places
        and help_request.starts_on >= timezone.localdate()
    ):
        help_request.status = RequestStatus.OPEN
        help_request.status_reason = ""
        help_request.save(update_fields=["status", "status_reason", "updated_at"])
        audit_record(
            actor=by,
            action="request_reopened",
            obj=help_request,
            from_state=RequestStatus.FILLED,
            to_state=RequestStatus.OPEN,
            reason="A placement was cancelled",
        )


@transaction.atomic
def placements_advance(*, today) -> tuple[int, int]:
    """Confirmed placements become active on their start date, and active ones
    complete after their end date; each move is audited. Safe to run twice."""
    started = ended = 0
    starting = Placement.objects.select_for_update().filter(
        status=PlacementStatus.CONFIRMED, starts_on__lte=today, ends_on__gte=today
    )
    for placement in starting:
        _move_placement(placement, to_state=PlacementStatus.ACTIVE)
        started += 1
    ending = Placement.objects.select_for_update().filter(
        status__in=(PlacementStatus.CONFIRMED, PlacementStatus.ACTIVE), ends_on__lt=today
    )
    for placement in ending:
        _move_placement(placement, to_state=PlacementStatus.COMPLETED)
        ended += 1
    return started, ended


def _move_placement(placement: Placement, *, to_state: str) -> None:
    from_state = placement.status
    placement.status = to_state
    placement.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=None,
        action=f"placement_{to_state}",
        obj=placement,
        from_state=from_state,
        to_state=to_state,
    )
