"""The one way every app writes to the audit log."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from audit import registry
from audit.models import AuditEvent

# A reason is the acting person's own words; bounded so a pasted essay cannot
# bloat the log (forms refuse longer reasons before they get here).
MAX_REASON = 5000


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None,
    from_state: str = "",
    to_state: str = "",
    changed_fields: Iterable[str] = (),
    reason: str = "",
    object_type: str = "",
) -> AuditEvent:
    """Write one audit event, in the caller's transaction.

    `changed_fields` are field names, never their values: the log must not
    become a second copy of people's personal data. `obj` is None only for an
    event about no stored record; `object_type` then says what kind it was.
    An anonymous actor (a task, or nobody signed in) is stored as no one.
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=registry.object_type_code(obj) if obj is not None else object_type,
        object_id=obj.pk if obj is not None else None,
        from_state=from_state,
        to_state=to_state,
        changed_fields=sorted(set(changed_fields)),
        reason=reason[:MAX_REASON],
    )
