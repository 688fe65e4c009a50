"""The application workflow as one table: from which states each action may be
taken, where it leads, and who may take it.

The services check every transition against this table before making it, and
the application page offers a person exactly the actions the table allows
them, so the page never repeats (or drifts from) the services' rules.

    invited -> interested -> selected -> released -> approved
    (any non-final) -> declined | refused | rejected | withdrawn
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError

from secondments.models import ACTIVE_APPLICATION_STATES, Application, ApplicationStatus


class Actor(StrEnum):
    WORKER = "the social worker"
    HOST = "the host borough's managers"
    HOME = "the worker's home managers"
    COORDINATOR = "a coordinator"


@dataclass(frozen=True)
class Transition:
    action: str
    from_states: tuple[str, ...]
    to_state: str
    who: Actor
    needs_reason: bool = False
    # Completes "Only ... can <verb>" when someone else tries.
    verb: str = ""


S = ApplicationStatus
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("accept", (S.INVITED,), S.INTERESTED, Actor.WORKER, verb="accept"),
        Transition(
            "withdraw",
            ACTIVE_APPLICATION_STATES,
            S.WITHDRAWN,
            Actor.WORKER,
            verb="withdraw their application",
        ),
        Transition("select", (S.INTERESTED,), S.SELECTED, Actor.HOST, verb="select"),
        Transition(
            "decline",
            (S.INVITED, S.INTERESTED, S.SELECTED),
            S.DECLINED,
            Actor.HOST,
            needs_reason=True,
            verb="decline",
        ),
        Transition("release", (S.SELECTED,), S.RELEASED, Actor.HOME, verb="release or refuse"),
        Transition(
            "refuse",
            (S.SELECTED,),
            S.REFUSED,
            Actor.HOME,
            needs_reason=True,
            verb="release or refuse",
        ),
        Transition(
            "approve", (S.RELEASED,), S.APPROVED, Actor.COORDINATOR, verb="approve a placement"
        ),
        Transition(
            "reject",
            (S.RELEASED,),
            S.REJECTED,
            Actor.COORDINATOR,
            needs_reason=True,
            verb="reject a placement",
        ),
    )
}


def is_actor(application: Application, user, who: Actor) -> bool:
    match who:
        case Actor.WORKER:
            return user.pk == application.worker_id
        case Actor.HOST:
            return application.help_request.can_be_changed_by(user)
        case Actor.HOME:
            # The worker's home managers; a coordinator once the release has
            # waited too long and been escalated (anti-hoarding).
            return application.can_be_released_by(user)
        case Actor.COORDINATOR:
            # The coordinators of the host's region (a national one everywhere).
            return application.can_be_approved_by(user)


def check(application: Application, action: str, user) -> Transition:
    """The transition, if this person may take it now; else PermissionDenied
    (not theirs to take) or ValidationError (not in this state)."""
    transition = TRANSITIONS[action]
    if not is_actor(application, user, transition.who):
        if transition.who is Actor.HOME and user.is_coordinator:
            if application.release_escalated_at is None:
                raise PermissionDenied(
                    "A coordinator can decide only once the release has been escalated to them"
                )
            raise PermissionDenied(
                "Only the coordinators of the worker's home region can release or refuse"
            )
        if transition.who is Actor.COORDINATOR and user.is_coordinator:
            raise PermissionDenied(
                f"Only the coordinators of {application.help_request.borough}'s region "
                f"can {transition.verb}"
            )
        who = "the invited social worker" if action == "accept" else transition.who.value
        raise PermissionDenied(f"Only {who} can {transition.verb}")
    if application.status not in transition.from_states:
        raise ValidationError(
            f"You cannot {action} this application: it is "
            f"{application.get_status_display().lower()}"
        )
    return transition


def allowed_actions(application: Application, user) -> list[str]:
    """What this person may do to the application now, in the table's order."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if application.status in transition.from_states
        and is_actor(application, user, transition.who)
    ]


# Whose turn it is: the action that moves each waiting state on.
_MOVES_ON = {
    S.INVITED: "accept",
    S.INTERESTED: "select",
    S.SELECTED: "release",
    S.RELEASED: "approve",
}
_YOUR_TURN = {
    "accept": "You need to accept the invitation or withdraw",
    "select": "You need to select or decline",
    "release": "You need to release them or refuse",
    "approve": "You need to approve or reject",
}


def next_step_for(application: Application, user) -> str:
    """The next step, said to this reader: what they need to do if it is their
    turn, otherwise who everyone is waiting for."""
    action = _MOVES_ON.get(application.status)
    if action is None:
        if application.status == S.APPROVED:
            return "Nothing: the placement is agreed"
        return "Nothing: this application has ended"
    if is_actor(application, user, TRANSITIONS[action].who):
        return _YOUR_TURN[action]
    help_request = application.help_request
    match action:
        case "accept":
            return f"Waiting for {application.worker} to accept the invitation"
        case "select":
            return f"Waiting for {help_request.borough} to select or decline"
        case "release":
            worker = application.worker
            whom = "you" if user.pk == worker.pk else worker
            who = str(worker.borough or "their home borough")
            if application.release_escalated_at is not None:
                who += " or a coordinator"
            return f"Waiting for {who} to release {whom}"
    return "Waiting for a coordinator to approve or reject"
