"""The event types: what each one is called in plain
English, who can get it, and how people hear about it unless they choose
otherwise (their choices are NotificationPreference rows, stored only where
they differ from these defaults).

Default channels: email is on for every event. Text messages are off except
for invitations: a borough asking a social worker by name is the one message
that usually needs an answer within hours (most invitations are for urgent or
crisis requests), and texts cost the partnership money and reach people's
personal phones. Texts only go when the person has given a mobile number and
GOV.UK Notify is configured.
"""

from dataclasses import dataclass

from accounts.models import Role, User

WORKER, MANAGER, COORDINATOR = Role.WORKER, Role.MANAGER, Role.COORDINATOR
EVERYONE = frozenset({WORKER, MANAGER, COORDINATOR})


@dataclass(frozen=True)
class EventType:
    name: str
    # Completes "Tell me when ..." on the preferences page and in emails.
    label: str
    audience: frozenset[str] = EVERYONE
    email: bool = True
    sms: bool = False

    @property
    def default_channels_text(self) -> str:
        channels = [name for name, on in (("email", self.email), ("text message", self.sms)) if on]
        return " and ".join(channels) if channels else "only in this service"


def _events(*types: EventType) -> dict[str, EventType]:
    return {event.name: event for event in types}


EVENT_TYPES: dict[str, EventType] = _events(
    # Applications: volunteer or invite, select, release, approve.
    EventType(
        "application_volunteered",
        "a social worker offers to help with your borough's request",
        frozenset({MANAGER}),
    ),
    EventType(
        "application_invited",
        "a borough invites you to help with a request",
        frozenset({WORKER}),
        sms=True,
    ),
    EventType(
        "application_accepted",
        "a social worker accepts your borough's invitation",
        frozenset({MANAGER}),
    ),
    EventType(
        "application_withdrawn",
        "a social worker withdraws their offer of help",
        frozenset({MANAGER, COORDINATOR}),
    ),
    EventType(
        "application_selected",
        "a host borough selects a social worker (you, or someone in your borough)",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "application_declined",
        "a host borough declines your offer of help",
        frozenset({WORKER}),
    ),
    EventType(
        "application_released",
        "a home borough releases a social worker for a placement",
        EVERYONE,
    ),
    EventType(
        "application_refused",
        "a home borough cannot release a social worker",
        frozenset({WORKER, MANAGER}),
    ),
    EventType("application_approved", "a coordinator approves a placement", EVERYONE),
    EventType(
        "application_rejected",
        "a coordinator does not approve a placement",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "application_lapsed",
        "a request you are involved in stops taking offers of help",
        EVERYONE,
    ),
    EventType(
        "application_message",
        "someone writes in the thread of an application you are part of",
        EVERYONE,
    ),
    # Matching: the best-ranked workers hear about a request.
    EventType(
        "match_found",
        "a borough's help request suits your profile",
        frozenset({WORKER}),
    ),
    EventType(
        "matches_digest",
        "help requests match your profile after you change it",
        frozenset({WORKER}),
    ),
    # Requests and placements.
    EventType(
        "request_cancelled",
        "a coordinator cancels your borough's request",
        frozenset({MANAGER}),
    ),
    EventType("placement_cancelled", "a placement is cancelled", EVERYONE),
    EventType(
        "placement_details_changed",
        "the host borough changes where, when or how a placement starts "
        "(yours, or for someone in your borough)",
        frozenset({WORKER, MANAGER}),
    ),
    # Reminders and escalations (celery beat).
    EventType(
        "release_reminder",
        "a release decision has waited 2 working days",
        frozenset({MANAGER}),
    ),
    EventType(
        "release_escalated",
        "a release decision has waited 5 working days and goes to the coordinators",
        frozenset({MANAGER, COORDINATOR}),
    ),
    EventType(
        "approval_reminder",
        "a placement has waited 2 working days for approval",
        frozenset({COORDINATOR}),
    ),
    EventType("placement_starting", "a placement starts in 7 days, and the day before", EVERYONE),
    EventType(
        "feedback_requested",
        "a placement has ended and we ask how it went",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "feedback_reminder",
        "a reference or placement rating is still to give, 5 and 10 working days after a placement ends",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "reference_given",
        "the host borough gives a reference on a social worker after their placement",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "registration_expiring",
        "a Social Work England registration expires within 60 days",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "registration_queried",
        "a coordinator cannot confirm your registration and asks you to check it",
        frozenset({WORKER}),
    ),
    # Recharge statements (issue 9): the other borough's managers hear of each step.
    EventType(
        "statement_issued",
        "a borough issues your borough a recharge statement",
        frozenset({MANAGER}),
    ),
    EventType(
        "statement_paid",
        "a recharge statement between your borough and another is marked as paid",
        frozenset({MANAGER}),
    ),
    EventType(
        "statement_queried",
        "a borough queries a recharge statement your borough issued",
        frozenset({MANAGER}),
    ),
    # Agreements between boroughs.
    EventType(
        "agreement_proposed",
        "another borough proposes or amends an agreement with your borough",
        frozenset({MANAGER, COORDINATOR}),
    ),
    EventType(
        "agreement_answered",
        "another borough accepts or declines your borough's proposed agreement",
        frozenset({MANAGER, COORDINATOR}),
    ),
    EventType(
        "agreement_recorded",
        "a coordinator records an agreement between your borough and another",
        frozenset({MANAGER}),
    ),
    EventType(
        "agreement_ended",
        "an agreement between your borough and another is ended",
        frozenset({MANAGER, COORDINATOR}),
    ),
    EventType("weekly_digest", "the weekly summary is ready, on Monday mornings", EVERYONE),
    # Timesheets (issue 9): the worker records each week, the host signs it off.
    EventType(
        "timesheet_submitted",
        "a social worker submits a timesheet week for your borough to sign off",
        frozenset({MANAGER}),
    ),
    EventType(
        "timesheet_queried",
        "the host borough queries a timesheet week you submitted",
        frozenset({WORKER}),
    ),
    EventType(
        "timesheet_signed_off",
        "the host borough signs off a timesheet week you submitted",
        frozenset({WORKER}),
    ),
    EventType(
        "timesheet_reminder",
        "a week of your placement has ended and its timesheet is not submitted",
        frozenset({WORKER}),
    ),
    EventType(
        "timesheet_sign_off_reminder",
        "a timesheet week has waited 2 working days for your borough's sign-off",
        frozenset({MANAGER}),
    ),
    # Newly qualified pathway (learning.supervision): the host supervises.
    EventType(
        "supervision_due",
        "a newly qualified social worker your borough hosts is due supervision",
        frozenset({MANAGER}),
    ),
    # Learning events (issue 10): joint training, team discussions, shadowing days.
    EventType(
        "event_booked",
        "you book a learning event, or join its waiting list (with a calendar invitation)",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "event_place_offered",
        "a place comes free on a learning event you are waiting for",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "event_changed",
        "a learning event you booked or are waiting for is changed or cancelled",
        frozenset({WORKER, MANAGER}),
    ),
    EventType(
        "event_agreement_needed",
        "one of your staff books a learning event that needs your agreement",
        frozenset({MANAGER}),
    ),
    EventType(
        "event_agreement_decided",
        "your manager agrees to or declines your booking on a learning event",
        frozenset({WORKER}),
    ),
    EventType(
        "events_suggested",
        "new learning events suit you (at most one summary a week)",
        frozenset({WORKER}),
    ),
    # Learning reports and the practice library (issue 10).
    EventType(
        "learning_report_written",
        "a social worker writes a learning report about a placement in your borough",
        frozenset({MANAGER}),
    ),
    EventType(
        "learning_report_offered",
        "a learning report is offered to the practice library and awaits moderation",
        frozenset({COORDINATOR}),
    ),
    EventType(
        "learning_report_published",
        "your learning report is published in the practice library",
        frozenset({WORKER}),
    ),
    EventType(
        "learning_report_returned",
        "a coordinator returns your learning report before publishing it",
        frozenset({WORKER}),
    ),
    # Crisis calls (issue 11).
    EventType(
        "crisis_asked",
        "a borough in crisis asks yours for one social worker",
        frozenset({MANAGER}),
    ),
    EventType(
        "crisis_reminded",
        "a crisis call to your borough is still waiting for your answer",
        frozenset({MANAGER}),
    ),
    EventType(
        "crisis_escalated",
        "a borough has not answered a crisis call after the set working days",
        frozenset({COORDINATOR}),
    ),
    EventType(
        "crisis_offer_to_agree",
        "your manager offers you to a borough's crisis call and asks you to agree",
        frozenset({WORKER}),
    ),
    EventType(
        "crisis_offer_decided",
        "a social worker offered to a crisis call agrees or says no",
        frozenset({MANAGER}),
    ),
    EventType(
        "crisis_answered",
        "a borough declines your borough's crisis call",
        frozenset({MANAGER}),
    ),
    EventType(
        "crisis_widened",
        "your borough's crisis call is widened to more boroughs",
        frozenset({MANAGER}),
    ),
    # UK GDPR (issue 12): requests to remove a person's details.
    EventType(
        "erasure_requested",
        "someone asks for their personal details to be removed",
        frozenset({COORDINATOR}),
    ),
    EventType(
        "erasure_decided",
        "a coordinator decides a request to remove personal details (yours, or one you were told of)",
        EVERYONE,
    ),
)


def event_type(name: str) -> EventType:
    """The event type called `name`; an unlisted one gets email only, by default."""
    found = EVENT_TYPES.get(name)
    if found is not None:
        return found
    return EventType(name, name.replace("_", " "))


def event_types_for(user: User) -> list[EventType]:
    """The event types this person can get, in the order above."""
    return [event for event in EVENT_TYPES.values() if user.role in event.audience]
