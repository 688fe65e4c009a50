"""Giving, correcting and rating: every write audited, in the same transaction.

One reference per placement: whoever of the host's managers (or a coordinator)
gives it first; a second one is refused with a clear message.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from audit.services import audit_record
from learning.models import CORRECTION_DAYS, PlacementRating, Reference
from notifications.services import managers_of, notify
from secondments.models import Placement, PlacementStatus

ACTIONS = {
    "reference_given": "Reference given",
    "reference_corrected": "Reference corrected",
    "placement_rated": "Placement rated",
    "placement_rating_corrected": "Placement rating corrected",
}

NOT_COMPLETED = "You can only do this once the placement has completed"
LOCKED = (
    f"This can no longer be changed: it could be corrected for {CORRECTION_DAYS} days "
    "after it was given, and is now locked"
)


class FeedbackConflict(Exception):
    """The workflow refuses this (already given, locked, not completed): a 409 page."""


def _check_scores(obj) -> None:
    obj.full_clean(exclude=["placement", "author"])


def _completed(placement: Placement) -> Placement:
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.status != PlacementStatus.COMPLETED:
        raise FeedbackConflict(NOT_COMPLETED)
    return locked


@transaction.atomic
def reference_give(*, placement: Placement, data: dict, by: User) -> Reference:
    """The host's reference on the worker, once the placement has completed."""
    if not (by.coordinates(placement.host) or by.manages(placement.host)):
        raise PermissionDenied("Only the host borough's managers give a reference")
    _completed(placement)
    existing = Reference.objects.filter(placement=placement).select_related("author").first()
    if existing is not None:
        if existing.author_id == by.pk:
            raise FeedbackConflict("You have already given a reference for this placement")
        raise FeedbackConflict(
            f"{existing.author} has already given this placement's reference: "
            "there is one for each placement"
        )
    reference = Reference(placement=placement, author=by, **data)
    _check_scores(reference)
    try:
        with transaction.atomic():
            reference.save()
    except IntegrityError as error:  # given at the same moment by someone else
        raise FeedbackConflict("A reference has just been given for this placement") from error
    audit_record(actor=by, action="reference_given", obj=reference)
    worker = placement.worker
    notify(
        recipients=[worker, *managers_of(placement.home_id)],
        event="reference_given",
        title=f"{placement.host} has given a reference for {worker}",
        body=f"After the placement from {placement.starts_on:%-d %B %Y} to {placement.ends_on:%-d %B %Y}.",
        link=reverse("person_references", args=[worker.pk]),
        key=reference.pk,
    )
    return reference


def _correct(obj, *, data: dict, by: User, now: datetime.datetime, action: str) -> list[str]:
    if by.pk != obj.author_id:
        raise PermissionDenied("Only its author can correct this")
    if not obj.can_be_corrected_by(by, now):
        raise FeedbackConflict(LOCKED)
    changed = [name for name, value in data.items() if getattr(obj, name) != value]
    if not changed:
        return []
    for name, value in data.items():
        setattr(obj, name, value)
    _check_scores(obj)
    obj.save()
    audit_record(actor=by, action=action, obj=obj, changed_fields=changed)
    return changed


@transaction.atomic
def reference_correct(
    *, reference: Reference, data: dict, by: User, now: datetime.datetime
) -> list[str]:
    """The author corrects their reference within 14 days; the fields changed."""
    reference = (
        Reference.objects.select_for_update().select_related("placement").get(pk=reference.pk)
    )
    return _correct(reference, data=data, by=by, now=now, action="reference_corrected")


@transaction.atomic
def placement_rate(*, placement: Placement, data: dict, by: User) -> PlacementRating:
    """The worker rates their completed placement, once."""
    if by.pk != placement.worker_id:
        raise PermissionDenied("Only the placement's social worker rates it")
    _completed(placement)
    if PlacementRating.objects.filter(placement=placement).exists():
        raise FeedbackConflict("You have already rated this placement")
    rating = PlacementRating(placement=placement, **data)
    _check_scores(rating)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as error:
        raise FeedbackConflict("You have already rated this placement") from error
    # Nobody is told: the host sees only averages, and a notice of each rating
    # would say who gave it.
    audit_record(actor=by, action="placement_rated", obj=rating)
    return rating


@transaction.atomic
def placement_rating_correct(
    *, rating: PlacementRating, data: dict, by: User, now: datetime.datetime
) -> list[str]:
    """The worker corrects their rating within 14 days; the fields changed."""
    rating = (
        PlacementRating.objects.select_for_update().select_related("placement").get(pk=rating.pk)
    )
    return _correct(rating, data=data, by=by, now=now, action="placement_rating_corrected")
