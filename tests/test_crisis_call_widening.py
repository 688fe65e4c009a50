"""A crisis call widens a circle at a time: after the set working days
(bank holidays skipped) without enough agreed offers, the next circle is asked
and the caller told. Safe to run twice; a met or closed call stays as it is."""

import datetime

import pytest
import time_machine
from django.conf import settings

from audit.models import AuditEvent
from notifications.models import Notification
from pressure import tasks
from pressure.crisis import services
from pressure.crisis.widening import crisis_calls_widen_due
from pressure.models import CrisisStage
from tests.clock import at
from tests.crisis_scenes import make_circle, raise_call, worker_of

pytestmark = pytest.mark.django_db

D = datetime.date
# Thursday before Easter 2027: Good Friday and Easter Monday are bank holidays.
RAISED = D(2027, 3, 25)


def _asked(call) -> set[str]:
    return set(call.asks.filter(asked_at__isnull=False).values_list("borough__name", flat=True))


@pytest.fixture
def traveller():
    with time_machine.travel(at(RAISED, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def scene(traveller):
    circle = make_circle()
    return circle, raise_call(circle, people_needed=1)


def test_the_circle_widens_to_the_region_after_two_working_days(traveller, scene):
    circle, call = scene

    traveller.move_to(at(D(2027, 3, 30), 9))  # Tuesday: one working day since
    assert crisis_calls_widen_due() == 0
    assert _asked(call) == {"Camden", "Islington"}

    traveller.move_to(at(D(2027, 3, 31), 9))  # Wednesday: two
    assert crisis_calls_widen_due() == 1

    call.refresh_from_db()
    assert call.stage == CrisisStage.REGION
    assert _asked(call) == {"Camden", "Islington", "Croydon"}
    assert Notification.objects.filter(
        event="crisis_asked", recipient=circle.managers["Croydon"]
    ).exists()
    assert Notification.objects.filter(
        event="crisis_widened", recipient=circle.managers["Haringey"]
    ).exists()
    assert AuditEvent.objects.filter(action="crisis_widened", object_id=call.pk).count() == 1


def test_then_everywhere_with_the_more_pressured_last(traveller, scene):
    circle, call = scene
    traveller.move_to(at(D(2027, 3, 31), 9))
    crisis_calls_widen_due()

    traveller.move_to(at(D(2027, 4, 2), 9))  # Friday: two more working days

    assert crisis_calls_widen_due() == 1
    call.refresh_from_db()
    assert call.stage == CrisisStage.EVERYWHERE
    assert _asked(call) == {"Camden", "Islington", "Croydon", "Kent", "Enfield"}
    kent, enfield = (call.asks.get(borough=circle[name]) for name in ("Kent", "Enfield"))
    assert kent.position < enfield.position


def test_running_twice_widens_and_tells_once(traveller, scene):
    circle, _call = scene
    traveller.move_to(at(D(2027, 3, 31), 9))

    crisis_calls_widen_due()
    assert crisis_calls_widen_due() == 0

    assert Notification.objects.filter(event="crisis_widened").count() == 1
    assert (
        Notification.objects.filter(
            event="crisis_asked", recipient=circle.managers["Croydon"]
        ).count()
        == 1
    )


def test_a_call_with_enough_agreed_offers_does_not_widen(traveller, scene):
    circle, call = scene
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    offer = services.crisis_offer_make(
        ask=call.asks.get(borough=circle["Camden"]), worker=wendy, by=circle.managers["Camden"]
    )
    services.crisis_offer_agree(offer=offer, by=wendy)

    traveller.move_to(at(D(2027, 3, 31), 9))

    assert crisis_calls_widen_due() == 0
    assert _asked(call) == {"Camden", "Islington"}


def test_a_closed_call_does_not_widen(traveller, scene):
    circle, call = scene
    services.crisis_call_close(call=call, by=circle.managers["Haringey"], reason="Recruited")

    traveller.move_to(at(D(2027, 3, 31), 9))

    assert crisis_calls_widen_due() == 0


def test_the_working_days_are_a_setting(traveller, scene, settings):
    settings.CRISIS_WIDEN_AFTER_WORKING_DAYS = 1
    _circle, _call = scene

    traveller.move_to(at(D(2027, 3, 30), 9))

    assert crisis_calls_widen_due() == 1


def test_the_beat_task_widens_reminds_and_escalates(traveller, scene):
    _circle, _call = scene
    traveller.move_to(at(D(2027, 3, 31), 9))

    result = tasks.advance_crisis_calls()

    assert result == {"widened": 1, "reminded": 2, "escalated": 0}
    entry = settings.CELERY_BEAT_SCHEDULE["crisis-calls-advance"]
    assert entry["task"] == "pressure.tasks.advance_crisis_calls"
