"""Every transition writes exactly one audit event per record whose state it
changed and the notification rows the people involved need; doing it again is
refused and writes nothing (issue 3, point 4).

One row per service transition: the state before it is set up with the
services themselves, then the transition runs against a snapshot of the
AuditEvent and Notification tables.
"""

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Max

from accounts.models import User
from audit.models import AuditEvent
from notifications.models import Notification
from secondments import services
from secondments.models import Application, HelpRequest, Placement, RequestStatus
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@dataclass
class World:
    """The personas, and the help request the transitions are about."""

    haringey_manager: User
    camden_manager: User
    camden_worker: User
    hackney_worker: User
    coordinator: User
    request: HelpRequest | None = None

    def application(self, worker: str = "camden_worker") -> Application:
        return Application.objects.get(help_request=self.request, worker=getattr(self, worker))

    def record(self, name: str) -> HelpRequest | Application | Placement:
        # Looked up after the transition, so rows it creates can be named too.
        if name == "request":
            return self.request
        if name == "hackney_application":
            return self.application("hackney_worker")
        if name == "placement":
            return Placement.objects.get(application=self.application())
        return self.application()


@pytest.fixture
def world(haringey_manager, camden_manager, camden_worker, hackney_worker, coordinator) -> World:
    return World(haringey_manager, camden_manager, camden_worker, hackney_worker, coordinator)


# --- The states a transition starts from ------------------------------------


def _draft(w: World, places: int = 2) -> None:
    w.request = services.help_request_create(
        by=w.haringey_manager, data=request_data(places=places)
    )


def _open(w: World, places: int = 2) -> None:
    _draft(w, places)
    services.help_request_publish(help_request=w.request, by=w.haringey_manager)


def _interested(w: World, places: int = 2) -> None:
    _open(w, places)
    services.application_volunteer(help_request=w.request, by=w.camden_worker)


def _invited(w: World) -> None:
    _open(w)
    services.application_invite(
        help_request=w.request, worker=w.camden_worker, by=w.haringey_manager
    )


def _both_interested(w: World) -> None:
    _interested(w)
    services.application_volunteer(help_request=w.request, by=w.hackney_worker)


def _selected(w: World, places: int = 2) -> None:
    _interested(w, places)
    services.application_select(application=w.application(), by=w.haringey_manager)


def _released(w: World, places: int = 2) -> None:
    _selected(w, places)
    services.application_release(application=w.application(), by=w.camden_manager)


def _released_for_the_last_place(w: World) -> None:
    """One place; Camden's worker is released and Hackney's has only offered."""
    _released(w, places=1)
    services.application_volunteer(help_request=w.request, by=w.hackney_worker)


def _approved(w: World) -> None:
    _released(w)
    services.application_approve(application=w.application(), by=w.coordinator)


# --- The table --------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    record: str  # a World.record() name
    action: str
    from_state: str
    to_state: str
    by: str | None  # a persona; None for the calendar


@dataclass(frozen=True)
class Transition:
    arrange: Callable[[World], None]
    act: Callable[[World], object]
    writes: tuple[Event, ...]
    notifies: dict[str, set[str]] = field(default_factory=dict)  # event -> personas
    # What doing it a second time raises; None where repeating is not refused.
    again: Callable[[], contextlib.AbstractContextManager] | None = None


def _refused(match: str) -> Callable[[], contextlib.AbstractContextManager]:
    return partial(pytest.raises, ValidationError, match=match)


def _start_day(w: World) -> datetime.date:
    return w.request.starts_on


def _close(w: World):
    return services.help_request_close(
        help_request=w.request, by=w.haringey_manager, reason="Recruited locally"
    )


def _approve(w: World):
    return services.application_approve(application=w.application(), by=w.coordinator)


TRANSITIONS = [
    pytest.param(
        Transition(
            arrange=lambda w: None,
            act=lambda w: setattr(
                w,
                "request",
                services.help_request_create(by=w.haringey_manager, data=request_data()),
            ),
            writes=(Event("request", "request_created", "", "draft", "haringey_manager"),),
        ),
        id="help_request_create",
    ),
    pytest.param(
        Transition(
            arrange=_draft,
            act=lambda w: services.help_request_publish(
                help_request=w.request, by=w.haringey_manager
            ),
            writes=(Event("request", "request_published", "draft", "open", "haringey_manager"),),
            again=_refused("already open"),
        ),
        id="help_request_publish",
    ),
    pytest.param(
        Transition(
            arrange=_open,
            act=lambda w: services.help_request_update(
                help_request=w.request, by=w.haringey_manager, data=request_data(places=3)
            ),
            writes=(Event("request", "request_edited", "open", "open", "haringey_manager"),),
        ),
        id="help_request_update",
    ),
    pytest.param(
        Transition(
            arrange=_open,
            act=_close,
            writes=(Event("request", "request_closed", "open", "closed", "haringey_manager"),),
            again=_refused("Only an open request can be closed"),
        ),
        id="help_request_close",
    ),
    pytest.param(
        Transition(
            arrange=_open,
            act=lambda w: services.help_request_cancel(
                help_request=w.request, by=w.haringey_manager, reason="Budget withdrawn"
            ),
            writes=(
                Event("request", "request_cancelled", "open", "cancelled", "haringey_manager"),
            ),
            again=_refused("cannot be cancelled"),
        ),
        id="help_request_cancel-by-host",
    ),
    pytest.param(
        Transition(
            arrange=_interested,
            act=lambda w: services.help_request_cancel(
                help_request=w.request, by=w.coordinator, reason="Posted twice"
            ),
            writes=(
                Event("request", "request_cancelled", "open", "cancelled", "coordinator"),
                Event("application", "application_lapsed", "interested", "lapsed", "coordinator"),
            ),
            # The host's managers hear that a coordinator cancelled their request.
            notifies={
                "application_lapsed": {"camden_worker"},
                "request_cancelled": {"haringey_manager"},
            },
            again=_refused("cannot be cancelled"),
        ),
        id="help_request_cancel-by-coordinator-lapses-the-application",
    ),
    pytest.param(
        Transition(
            arrange=_both_interested,
            act=_close,
            writes=(
                Event("request", "request_closed", "open", "closed", "haringey_manager"),
                Event(
                    "application", "application_lapsed", "interested", "lapsed", "haringey_manager"
                ),
                Event(
                    "hackney_application",
                    "application_lapsed",
                    "interested",
                    "lapsed",
                    "haringey_manager",
                ),
            ),
            notifies={"application_lapsed": {"camden_worker", "hackney_worker"}},
            again=_refused("Only an open request can be closed"),
        ),
        id="help_request_close-lapses-both-applications",
    ),
    pytest.param(
        Transition(
            arrange=_open,
            act=lambda w: services.application_volunteer(
                help_request=w.request, by=w.camden_worker, note="Three years in assessment"
            ),
            writes=(
                Event("application", "application_interested", "", "interested", "camden_worker"),
            ),
            notifies={"application_volunteered": {"haringey_manager"}},
            again=_refused("has already applied"),
        ),
        id="application_volunteer",
    ),
    pytest.param(
        Transition(
            arrange=_open,
            act=lambda w: services.application_invite(
                help_request=w.request, worker=w.camden_worker, by=w.haringey_manager
            ),
            writes=(
                Event("application", "application_invited", "", "invited", "haringey_manager"),
            ),
            notifies={"application_invited": {"camden_worker"}},
            again=_refused("has already applied"),
        ),
        id="application_invite",
    ),
    pytest.param(
        Transition(
            arrange=_invited,
            act=lambda w: services.application_accept(
                application=w.application(), by=w.camden_worker
            ),
            writes=(
                Event(
                    "application",
                    "application_interested",
                    "invited",
                    "interested",
                    "camden_worker",
                ),
            ),
            notifies={"application_accepted": {"haringey_manager"}},
            again=_refused("You cannot accept"),
        ),
        id="application_accept",
    ),
    pytest.param(
        Transition(
            arrange=_interested,
            act=lambda w: services.application_withdraw(
                application=w.application(), by=w.camden_worker, reason="Moving house"
            ),
            writes=(
                Event(
                    "application",
                    "application_withdrawn",
                    "interested",
                    "withdrawn",
                    "camden_worker",
                ),
            ),
            notifies={"application_withdrawn": {"haringey_manager"}},
            again=_refused("You cannot withdraw"),
        ),
        id="application_withdraw-from-interested",
    ),
    pytest.param(
        Transition(
            arrange=_selected,
            act=lambda w: services.application_withdraw(
                application=w.application(), by=w.camden_worker, reason="Moving house"
            ),
            writes=(
                Event(
                    "application", "application_withdrawn", "selected", "withdrawn", "camden_worker"
                ),
            ),
            # The home manager was asked to release: they must know not to.
            notifies={"application_withdrawn": {"haringey_manager", "camden_manager"}},
            again=_refused("You cannot withdraw"),
        ),
        id="application_withdraw-from-selected",
    ),
    pytest.param(
        Transition(
            arrange=_released,
            act=lambda w: services.application_withdraw(
                application=w.application(), by=w.camden_worker, reason="Moving house"
            ),
            writes=(
                Event(
                    "application", "application_withdrawn", "released", "withdrawn", "camden_worker"
                ),
            ),
            # The coordinator was asked to approve it: they must know not to.
            notifies={
                "application_withdrawn": {"haringey_manager", "camden_manager", "coordinator"}
            },
            again=_refused("You cannot withdraw"),
        ),
        id="application_withdraw-from-released",
    ),
    pytest.param(
        Transition(
            arrange=_interested,
            act=lambda w: services.application_select(
                application=w.application(), by=w.haringey_manager
            ),
            writes=(
                Event(
                    "application",
                    "application_selected",
                    "interested",
                    "selected",
                    "haringey_manager",
                ),
            ),
            notifies={"application_selected": {"camden_worker", "camden_manager"}},
            again=_refused("You cannot select"),
        ),
        id="application_select",
    ),
    pytest.param(
        Transition(
            arrange=_interested,
            act=lambda w: services.application_decline(
                application=w.application(), by=w.haringey_manager, reason="We need court work"
            ),
            writes=(
                Event(
                    "application",
                    "application_declined",
                    "interested",
                    "declined",
                    "haringey_manager",
                ),
            ),
            notifies={"application_declined": {"camden_worker"}},
            again=_refused("You cannot decline"),
        ),
        id="application_decline",
    ),
    pytest.param(
        Transition(
            arrange=_selected,
            act=lambda w: services.application_release(
                application=w.application(), by=w.camden_manager
            ),
            writes=(
                Event(
                    "application", "application_released", "selected", "released", "camden_manager"
                ),
            ),
            notifies={"application_released": {"coordinator", "camden_worker", "haringey_manager"}},
            again=_refused("You cannot release"),
        ),
        id="application_release",
    ),
    pytest.param(
        Transition(
            arrange=_selected,
            act=lambda w: services.application_refuse(
                application=w.application(), by=w.camden_manager, reason="Two colleagues on leave"
            ),
            writes=(
                Event(
                    "application", "application_refused", "selected", "refused", "camden_manager"
                ),
            ),
            notifies={"application_refused": {"camden_worker", "haringey_manager"}},
            again=_refused("You cannot refuse"),
        ),
        id="application_refuse",
    ),
    pytest.param(
        Transition(
            arrange=_released,
            act=_approve,
            writes=(
                Event("application", "application_approved", "released", "approved", "coordinator"),
                Event("placement", "placement_confirmed", "", "confirmed", "coordinator"),
            ),
            notifies={
                "application_approved": {
                    "camden_worker",
                    "haringey_manager",
                    "camden_manager",
                    "coordinator",
                }
            },
            again=_refused("You cannot approve"),
        ),
        id="application_approve-with-places-left",
    ),
    pytest.param(
        Transition(
            arrange=_released_for_the_last_place,
            act=_approve,
            writes=(
                Event("application", "application_approved", "released", "approved", "coordinator"),
                Event("placement", "placement_confirmed", "", "confirmed", "coordinator"),
                Event("request", "request_filled", "open", "filled", "coordinator"),
                Event(
                    "hackney_application",
                    "application_lapsed",
                    "interested",
                    "lapsed",
                    "coordinator",
                ),
            ),
            notifies={
                "application_approved": {
                    "camden_worker",
                    "haringey_manager",
                    "camden_manager",
                    "coordinator",
                },
                "application_lapsed": {"hackney_worker"},
            },
            again=_refused("You cannot approve"),
        ),
        id="application_approve-fills-the-request-and-lapses-the-rest",
    ),
    pytest.param(
        Transition(
            arrange=_released,
            act=lambda w: services.application_reject(
                application=w.application(), by=w.coordinator, reason="Registration lapses in May"
            ),
            writes=(
                Event("application", "application_rejected", "released", "rejected", "coordinator"),
            ),
            notifies={
                "application_rejected": {"camden_worker", "haringey_manager", "camden_manager"}
            },
            again=_refused("You cannot reject"),
        ),
        id="application_reject",
    ),
    pytest.param(
        Transition(
            arrange=_approved,
            act=lambda w: services.placement_cancel(
                placement=w.record("placement"), by=w.camden_manager, reason="Needed at home"
            ),
            writes=(
                Event(
                    "placement", "placement_cancelled", "confirmed", "cancelled", "camden_manager"
                ),
            ),
            notifies={
                "placement_cancelled": {
                    "camden_worker",
                    "haringey_manager",
                    "camden_manager",
                    "coordinator",
                }
            },
            again=_refused("cannot be cancelled"),
        ),
        id="placement_cancel",
    ),
    pytest.param(
        Transition(
            arrange=_approved,
            act=lambda w: services.placements_advance(today=_start_day(w)),
            writes=(Event("placement", "placement_active", "confirmed", "active", None),),
            # The hourly job runs again whatever happened: it does nothing, quietly.
            again=contextlib.nullcontext,
        ),
        id="placements_advance-starts",
    ),
    pytest.param(
        Transition(
            arrange=_approved,
            act=lambda w: services.placements_advance(
                today=w.request.ends_on + datetime.timedelta(days=1)
            ),
            writes=(Event("placement", "placement_completed", "confirmed", "completed", None),),
            again=contextlib.nullcontext,
        ),
        id="placements_advance-completes",
    ),
]

REPEATABLE = [param for param in TRANSITIONS if param.values[0].again is not None]


# --- The tests --------------------------------------------------------------


@contextlib.contextmanager
def _records_added() -> Iterator[dict]:
    """Collect the audit events and notification rows written inside the block."""
    last_event = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    last_note = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    added: dict = {}
    yield added
    added["events"] = sorted(
        AuditEvent.objects.filter(pk__gt=last_event).values_list(
            "object_type", "object_id", "action", "from_state", "to_state", "actor__email"
        )
    )
    added["notes"] = sorted(
        Notification.objects.filter(pk__gt=last_note).values_list("event", "recipient__email")
    )


def _expected_events(w: World, transition: Transition) -> list[tuple]:
    rows = []
    for event in transition.writes:
        record = w.record(event.record)
        actor = getattr(w, event.by).email if event.by else None
        rows.append(
            (
                record._meta.model_name,
                record.pk,
                event.action,
                event.from_state,
                event.to_state,
                actor,
            )
        )
    return sorted(rows)


def _expected_notes(w: World, transition: Transition) -> list[tuple[str, str]]:
    return sorted(
        (event, getattr(w, person).email)
        for event, people in transition.notifies.items()
        for person in people
    )


@pytest.mark.parametrize("transition", TRANSITIONS)
def test_a_transition_writes_one_audit_event_per_changed_record_and_tells_the_right_people(
    world, transition
):
    transition.arrange(world)

    with _records_added() as added:
        transition.act(world)

    assert added["events"] == _expected_events(world, transition)
    assert added["notes"] == _expected_notes(world, transition)


@pytest.mark.parametrize("transition", REPEATABLE)
def test_repeating_a_transition_is_refused_and_writes_nothing(world, transition):
    transition.arrange(world)
    transition.act(world)

    with _records_added() as added, transition.again():
        transition.act(world)

    assert added == {"events": [], "notes": []}


def test_each_edit_of_an_open_request_is_allowed_and_audited(world):
    """Editing is not a move between states: the host may change details again."""
    _open(world)
    services.help_request_update(
        help_request=world.request, by=world.haringey_manager, data=request_data(places=3)
    )

    with _records_added() as added:
        services.help_request_update(
            help_request=world.request,
            by=world.haringey_manager,
            data=request_data(places=3, title="Three social workers for the assessment team"),
        )

    assert added["events"] == [
        (
            "helprequest",
            world.request.pk,
            "request_edited",
            "open",
            "open",
            world.haringey_manager.email,
        )
    ]
    assert added["notes"] == []
    world.request.refresh_from_db()
    assert world.request.status == RequestStatus.OPEN
