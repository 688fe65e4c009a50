"""Supervision of newly qualified workers: the host records each session, and
is reminded when one is due."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from learning.models import SUPERVISION_NOTE_MAX, SupervisionSession
from learning.supervision.access import can_record_supervision, has_supervision_record
from secondments.models import Placement

ACTIONS = {
    "supervision_recorded": "Supervision session recorded",
}


def _check_date(placement: Placement, held_on: datetime.date, today: datetime.date) -> None:
    if held_on > today:
        raise ValidationError({"held_on": "The date of the session must be today or in the past"})
    if not placement.starts_on <= held_on <= placement.ends_on:
        raise ValidationError(
            {
                "held_on": (
                    "The date of the session must be during the placement, "
                    f"{placement.starts_on:%-d %B %Y} to {placement.ends_on:%-d %B %Y}"
                )
            }
        )


@transaction.atomic
def supervision_record(
    *, placement: Placement, held_on: datetime.date, note: str, by: User
) -> SupervisionSession:
    """The host borough records a supervision session of a newly qualified worker."""
    placement = (
        Placement.objects.select_for_update()
        .select_related("help_request", "host")
        .get(pk=placement.pk)
    )
    if not has_supervision_record(placement):
        raise ValidationError(
            "This placement is not from a request suitable for a newly qualified social worker"
        )
    if not can_record_supervision(by, placement):
        raise PermissionDenied(
            "Only the host borough's managers record supervision, once the placement has started"
        )
    _check_date(placement, held_on, timezone.localdate())
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Enter a short note of the session"})
    if len(note) > SUPERVISION_NOTE_MAX:
        raise ValidationError(
            {"note": f"The note must be {SUPERVISION_NOTE_MAX} characters or fewer"}
        )
    session = SupervisionSession.objects.create(
        placement=placement, held_on=held_on, note=note, recorded_by=by
    )
    audit_record(actor=by, action="supervision_recorded", obj=session)
    return session
