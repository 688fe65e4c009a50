"""Putting a named worker forward on someone else's behalf: the checks an
invitation makes, and an application that arrives already released by the
worker's home borough (a crisis call's agreed offer, pressure/crisis/)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from notifications.services import managers_of, notify
from secondments.models import Application, ApplicationStatus, HelpRequest
from secondments.newly_qualified import refuse_unless_suitable
from secondments.services.applications import _check_can_apply, _check_registration
from secondments.services.records import _locked


def refuse_unless_placeable(worker: User, help_request: HelpRequest, *, by: User) -> None:
    """The checks an invitation makes, for anyone putting a named worker forward
    (a crisis call's offer): open request, another borough's worker, no
    application yet, no overlapping placement, suitable for the request, and a
    registration verified and in date. ValidationError says what is wrong."""
    if not worker.is_worker:
        raise ValidationError("Only social workers can be put forward")
    _check_can_apply(help_request, worker, inviting=True)
    refuse_unless_suitable(worker, help_request, by=by)
    _check_registration(worker, help_request, by=by)


@transaction.atomic
def application_released_in_advance(
    *, help_request: HelpRequest, worker: User, released_by: User, by: User, note: str = ""
) -> Application:
    """A worker whose home manager has already agreed to release them offers to
    help (a crisis call's agreed offer). The application waits for the host to
    select it; selecting it then counts as released by `released_by`."""
    if not released_by.manages(worker.borough):
        raise PermissionDenied("Only the worker's home managers can release them in advance")
    if by.pk != worker.pk:
        raise PermissionDenied("Only the worker can agree to be put forward")
    help_request = _locked(help_request)
    refuse_unless_placeable(worker, help_request, by=by)
    application = Application.objects.create(
        help_request=help_request,
        worker=worker,
        status=ApplicationStatus.INTERESTED,
        note=note,
        released_in_advance_by=released_by,
        released_in_advance_at=timezone.now(),
    )
    audit_record(
        actor=by,
        action="application_released_in_advance",
        obj=application,
        to_state=ApplicationStatus.INTERESTED,
    )
    notify(
        recipients=managers_of(help_request.borough_id),
        event="application_volunteered",
        title=f"{worker} from {worker.borough} is offered, already released: {help_request.title}",
        body=note,
        link=application.get_absolute_url(),
        key=application.pk,
    )
    return application
