"""Every change to a help request, application or placement, audited.

Each function is one transaction that checks who is acting and the state the
record is in, makes the change, and writes an AuditEvent beside it.
"""

from secondments.services.applications import (
    PlacementConflict,
    application_accept,
    application_approve,
    application_decline,
    application_invite,
    application_refuse,
    application_reject,
    application_release,
    application_select,
    application_volunteer,
    application_withdraw,
)
from secondments.services.first_day import placement_arrangements_update
from secondments.services.messages import application_message_post
from secondments.services.placements import placement_cancel, placements_advance
from secondments.services.released_in_advance import (
    application_released_in_advance,
    refuse_unless_placeable,
)
from secondments.services.reminders import (
    approval_reminders_send,
    feedback_requests_send,
    placement_start_reminders_send,
    registration_expiry_reminders_send,
    release_reminders_send,
    releases_escalate,
    reminders_send,
)
from secondments.services.requests import (
    REQUEST_FIELDS,
    START_IN_THE_PAST,
    help_request_cancel,
    help_request_close,
    help_request_create,
    help_request_open_for_crisis,
    help_request_publish,
    help_request_update,
    help_requests_expire_due,
)

__all__ = [
    "REQUEST_FIELDS",
    "START_IN_THE_PAST",
    "PlacementConflict",
    "application_accept",
    "application_approve",
    "application_decline",
    "application_invite",
    "application_message_post",
    "application_refuse",
    "application_reject",
    "application_release",
    "application_released_in_advance",
    "application_select",
    "application_volunteer",
    "application_withdraw",
    "approval_reminders_send",
    "feedback_requests_send",
    "help_request_cancel",
    "help_request_close",
    "help_request_create",
    "help_request_open_for_crisis",
    "help_request_publish",
    "help_request_update",
    "help_requests_expire_due",
    "placement_arrangements_update",
    "placement_cancel",
    "placement_start_reminders_send",
    "placements_advance",
    "refuse_unless_placeable",
    "registration_expiry_reminders_send",
    "release_reminders_send",
    "releases_escalate",
    "reminders_send",
]
