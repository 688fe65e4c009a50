"""An asked borough that has not answered is reminded once after the set
working days, then the coordinators are told once. Boroughs under more
pressure than the caller are never pressed."""

import datetime

import pytest
import time_machine

from audit.models import AuditEvent
from notifications.models import Notification
from pressure.crisis import services
from pressure.crisis.widening import crisis_asks_escalate_due, crisis_asks_remind_due
from tests.clock import at
from tests.crisis_scenes import make_circle, raise_call

pytestmark = pytest.mark.django_db

D = datetime.date
RAISED = D(2027, 3, 25)  # Thursday before Easter


@pytest.fixture
def traveller():
    with time_machine.travel(at(RAISED, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def scene(traveller, coordinator):
    circle = make_circle()
    return circle, raise_call(circle)


def test_a_silent_borough_is_reminded_once_after_two_working_days(traveller, scene):
    circle, call = scene
    services.crisis_ask_decline(
        ask=call.asks.get(borough=circle["Islington"]),
        reason="No one free",
        by=circle.managers["Islington"],
    )

    traveller.move_to(at(D(2027, 3, 30), 9))
    assert crisis_asks_remind_due() == 0
    traveller.move_to(at(D(2027, 3, 31), 9))
    assert crisis_asks_remind_due() == 1
    assert crisis_asks_remind_due() == 0

    reminders = Notification.objects.filter(event="crisis_reminded")
    assert [n.recipient for n in reminders] == [circle.managers["Camden"]]
    camden = call.asks.get(borough=circle["Camden"])
    assert camden.reminded_at is not None
    assert AuditEvent.objects.filter(action="crisis_ask_reminded").count() == 1


def test_the_coordinators_are_told_once_after_four_working_days(traveller, scene, coordinator):
    _circle, _call = scene

    traveller.move_to(at(D(2027, 4, 1), 9))  # three working days
    assert crisis_asks_escalate_due() == 0
    traveller.move_to(at(D(2027, 4, 2), 9))  # four
    assert crisis_asks_escalate_due() == 2
    assert crisis_asks_escalate_due() == 0

    told = Notification.objects.filter(event="crisis_escalated")
    assert {n.recipient for n in told} == {coordinator}
    assert told.count() == 2  # one for each silent borough


def test_a_more_pressured_borough_is_never_reminded_or_escalated(traveller, scene):
    circle, call = scene
    for ask in call.asks.exclude(borough=circle["Enfield"]):
        ask.answer, ask.answered_at = "declined", ask.asked_at
        ask.save()
    enfield = call.asks.get(borough=circle["Enfield"])
    enfield.asked_at = call.created_at
    enfield.save()

    traveller.move_to(at(D(2027, 4, 9), 9))

    assert crisis_asks_remind_due() == 0
    assert crisis_asks_escalate_due() == 0
    assert not Notification.objects.filter(event__in=["crisis_reminded", "crisis_escalated"])


def test_a_closed_call_presses_no_one(traveller, scene):
    circle, call = scene
    services.crisis_call_close(call=call, by=circle.managers["Haringey"])

    traveller.move_to(at(D(2027, 4, 9), 9))

    assert crisis_asks_remind_due() == 0
    assert crisis_asks_escalate_due() == 0
