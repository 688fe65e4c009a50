"""Erasure on request (UK GDPR Art 17): a person asks, a coordinator decides.

Confirming anonymises the person (home/privacy/anonymise.py) in one audited
transaction. While a placement is confirmed or under way the request is
refused for now: the host, the home borough and the timesheets still need
the person's name.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import ERASURE_REASON_MAX, ErasureRequest, ErasureStatus, User
from audit.services import audit_record
from home.privacy.anonymise import anonymise_person
from notifications.services import coordinators, notify
from secondments.models import Placement

ACTIONS = {
    "erasure_requested": "Asked for their personal details to be removed",
    "erasure_confirmed": "Removal of personal details confirmed",
    "erasure_refused": "Removal of personal details refused",
    "person_anonymised": "Personal details removed",
}

PLACEMENT_BLOCKS = (
    "has a placement that is confirmed or under way. Their personal details can be "
    "removed once it has ended or been cancelled: the host and home boroughs need "
    "their name until then."
)


def placement_blocking_erasure(person: User) -> Placement | None:
    return Placement.objects.booked().filter(worker=person).order_by("starts_on").first()


@transaction.atomic
def erasure_request(*, person: User, reason: str = "") -> ErasureRequest:
    """The person asks for their personal details to be removed."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        raise ValidationError("Your personal details have already been removed")
    if ErasureRequest.objects.pending().filter(person=person).exists():
        raise ValidationError("You have already asked: a coordinator will decide soon")
    reason = reason.strip()
    if len(reason) > ERASURE_REASON_MAX:
        raise ValidationError(f"Your reason must be {ERASURE_REASON_MAX} characters or fewer")
    request = ErasureRequest.objects.create(person=person, reason=reason)
    audit_record(actor=person, action="erasure_requested", obj=request, to_state=request.status)
    notify(
        # The coordinators of the person's region (national ones only for
        # someone with no home borough).
        recipients=coordinators(person.borough).exclude(pk=person.pk),
        event="erasure_requested",
        title="Someone asks for their personal details to be removed",
        body="Check the request and confirm it, or refuse it with a reason.",
        link=request.get_absolute_url(),
        key=str(request.pk),
    )
    return request


def _decidable(request: ErasureRequest, by: User) -> ErasureRequest:
    if not by.is_coordinator:
        raise PermissionDenied("Only a coordinator can decide an erasure request")
    request = (
        ErasureRequest.objects.select_for_update(of=("self",))
        .select_related("person__borough")
        .get(pk=request.pk)
    )
    if not by.coordinates(request.person.borough):
        raise PermissionDenied("Only a coordinator of the person's region can decide this request")
    if request.person_id == by.pk:
        raise PermissionDenied("Another coordinator must decide your own request")
    if not request.is_pending:
        raise ValidationError("This request has already been decided")
    return request


@transaction.atomic
def erasure_confirm(*, request: ErasureRequest, by: User) -> ErasureRequest:
    """A coordinator confirms: the person's details are removed now, for good."""
    request = _decidable(request, by)
    person = User.objects.select_for_update().get(pk=request.person_id)
    placement = placement_blocking_erasure(person)
    if placement is not None:
        raise ValidationError(f"{person} {PLACEMENT_BLOCKS}")
    removed = anonymise_person(person)
    request.status = ErasureStatus.CONFIRMED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=by,
        action="erasure_confirmed",
        obj=request,
        from_state=ErasureStatus.PENDING,
        to_state=request.status,
    )
    audit_record(
        actor=by,
        action="person_anonymised",
        obj=person,
        changed_fields=removed,
        reason="On their request",
    )
    # The person is no longer reachable (their address is gone); the other
    # coordinators learn that the queue moved on.
    notify(
        recipients=coordinators(person.borough).exclude(pk=by.pk),
        event="erasure_decided",
        title=f"{by} removed the personal details of {person}",
        link=request.get_absolute_url(),
        key=f"{request.pk}:confirmed",
    )
    return request


@transaction.atomic
def erasure_refuse(*, request: ErasureRequest, by: User, reason: str) -> ErasureRequest:
    """A coordinator refuses, saying why (the person can complain to the ICO)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter why you are refusing the request")
    if len(reason) > ERASURE_REASON_MAX:
        raise ValidationError(f"The reason must be {ERASURE_REASON_MAX} characters or fewer")
    request = _decidable(request, by)
    request.status = ErasureStatus.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.refusal_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
    audit_record(
        actor=by,
        action="erasure_refused",
        obj=request,
        from_state=ErasureStatus.PENDING,
        to_state=request.status,
        reason=reason,
    )
    notify(
        recipients=[request.person],
        event="erasure_decided",
        title="A coordinator cannot remove your personal details yet",
        body=f"{reason}\n\nYou can ask again later, or complain to the Information "
        "Commissioner's Office.",
        link=reverse("my_data"),
        key=f"{request.pk}:refused",
    )
    return request
