"""The pieces every transition shares: the row locks, required reasons, and moving
an application from one state to the next with its audit row."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from secondments.models import Application, HelpRequest


def _locked(help_request: HelpRequest) -> HelpRequest:
    # of=("self",): lock the request only. Locking the host borough's row too
    # would deadlock with placements whose deferred foreign keys point at it.
    return (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("borough")
        .get(pk=help_request.pk)
    )


def _locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("help_request__borough", "worker__borough")
        .get(pk=application.pk)
    )


def required_reason(reason: str, message: str) -> str:
    """The reason, tidied, or a form error saying why one is needed."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _move(
    application: Application,
    *,
    by: User | None,
    to_state: str,
    reason: str = "",
    stamp: str | None = None,
):
    """Change state and write its audit event; `stamp` names a time field to set now."""
    from_state = application.status
    application.status = to_state
    application.status_reason = reason
    fields = ["status", "status_reason", "updated_at"]
    if stamp:
        setattr(application, stamp, timezone.now())
        fields.append(stamp)
    application.save(update_fields=fields)
    audit_record(
        actor=by,
        action=f"application_{to_state}",
        obj=application,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
    return application
