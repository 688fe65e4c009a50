"""Help requests, the applications that answer them, and the placements agreed.

The workflow (DESIGN.md):

    HelpRequest: draft -> open -> filled | closed | cancelled | expired
    Application: invited -> interested -> selected -> released -> approved
                 (any non-final) -> declined | refused | rejected | withdrawn | lapsed
    Placement:   confirmed -> active -> completed | cancelled

Transitions are functions in secondments/services/, checked against the
table in secondments/transitions.py; the rules about one record are here.
"""

from secondments.models.applications import (
    ACTIVE_APPLICATION_STATES,
    Application,
    ApplicationQuerySet,
    ApplicationStatus,
)
from secondments.models.messages import MESSAGE_MAX, Message
from secondments.models.placements import (
    BOOKED_STATES,
    FIRST_DAY_FIELDS,
    HOLDING_STATES,
    MAX_DAY_RATE,
    FundingSource,
    Placement,
    PlacementQuerySet,
    PlacementStatus,
)
from secondments.models.requests import (
    MAX_PERIOD,
    MAX_PROTECTED_CASELOAD,
    HelpRequest,
    HelpRequestQuerySet,
    Purpose,
    RequestStatus,
    SupervisionFrequency,
    Urgency,
)
from secondments.models.working import Weekday, WorkingPattern

__all__ = [
    "ACTIVE_APPLICATION_STATES",
    "BOOKED_STATES",
    "FIRST_DAY_FIELDS",
    "HOLDING_STATES",
    "MAX_DAY_RATE",
    "MAX_PERIOD",
    "MAX_PROTECTED_CASELOAD",
    "MESSAGE_MAX",
    "Application",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "FundingSource",
    "HelpRequest",
    "HelpRequestQuerySet",
    "Message",
    "Placement",
    "PlacementQuerySet",
    "PlacementStatus",
    "Purpose",
    "RequestStatus",
    "SupervisionFrequency",
    "Urgency",
    "Weekday",
    "WorkingPattern",
]
