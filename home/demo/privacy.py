"""The demo's UK GDPR side: one social worker has asked for their personal data
to be removed, so the coordinator's dashboard and queue show a pending request
to confirm or refuse. Made through the audited service, so the coordinators'
notifications are there too. Runs after the people; a second run creates nothing.

Every demo login can download their own data from their account (Your data).
"""

from django.db import transaction

from accounts.models import ErasureRequest, User
from home.privacy.erasure import erasure_request

REASON = "I have taken a job outside social work and no longer need an account."


def _quiet_worker() -> User | None:
    # The last worker planned, with nothing in the marketplace: never one of
    # the printed demo logins, and nothing that would block a confirmation.
    return (
        User.objects.workers()
        .filter(placements__isnull=True, applications__isnull=True, anonymised_at__isnull=True)
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def seed_erasure_requests() -> int:
    """Create the pending request once; how many were created."""
    if ErasureRequest.objects.exists():
        return 0
    worker = _quiet_worker()
    if worker is None:
        return 0
    erasure_request(person=worker, reason=REASON)
    return 1
