"""When a placement completes the host's managers are asked for a reference and
the worker to rate the placement, each with a link to their form; whoever has
not given theirs is reminded after 5 and after 10 working days, once each."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from config.celery import app as celery_app
from learning.references.services import placement_rate, reference_give
from learning.tasks import send_feedback_reminders
from notifications.models import Notification
from notifications.services import managers_of
from secondments import services
from secondments.models import PlacementStatus
from secondments.tasks import send_reminders
from tests.clock import at
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

D = datetime.date
# A Friday; 5 working days on is Friday 11 June, 10 is Friday 18 June.
ENDS_ON = D(2027, 6, 4)


def _links(event: str) -> dict[str, set[str]]:
    rows = Notification.objects.filter(event=event).values_list("recipient__email", "link")
    found: dict[str, set[str]] = {}
    for email, link in rows:
        found.setdefault(email, set()).add(link)
    return found


def _hosts(placement, link: str) -> dict[str, set[str]]:
    """Every manager of the host borough (the request's author among them)."""
    return {manager.email: {link} for manager in managers_of(placement.host_id)}


@pytest.fixture
def placement(camden_worker, haringey):
    with time_machine.travel(at(D(2027, 5, 3)), tick=False):
        return PlacementFactory(
            worker=camden_worker,
            help_request__borough=haringey,
            help_request__starts_on=D(2027, 5, 10),
            help_request__ends_on=ENDS_ON,
            status=PlacementStatus.ACTIVE,
        )


def test_beat_runs_the_reminders():
    task = settings.CELERY_BEAT_SCHEDULE["feedback-reminders"]["task"]
    assert task == send_feedback_reminders.name
    assert task in celery_app.tasks


def test_completing_a_placement_asks_for_both(
    placement, camden_worker, haringey_manager, camden_manager
):
    with time_machine.travel(at(ENDS_ON + datetime.timedelta(days=1)), tick=False):
        services.placements_advance(today=ENDS_ON + datetime.timedelta(days=1))
        send_reminders()
        send_reminders()

    placement.refresh_from_db()
    assert placement.status == PlacementStatus.COMPLETED
    assert _links("feedback_requested") == {
        camden_worker.email: {reverse("placement_rating", args=[placement.pk])},
        **_hosts(placement, reverse("placement_reference", args=[placement.pk])),
    }
    assert haringey_manager.email in _links("feedback_requested")
    assert camden_manager.email not in _links("feedback_requested")


def test_reminded_after_5_and_10_working_days_until_given(
    placement, camden_worker, haringey_manager
):
    services.placements_advance(today=ENDS_ON + datetime.timedelta(days=1))
    rating_link = reverse("placement_rating", args=[placement.pk])
    reference_link = reverse("placement_reference", args=[placement.pk])

    with time_machine.travel(at(D(2027, 6, 10)), tick=False):  # 4 working days
        send_feedback_reminders()
    assert _links("feedback_reminder") == {}

    with time_machine.travel(at(D(2027, 6, 11)), tick=False):  # 5 working days
        send_feedback_reminders()
        send_feedback_reminders()
    assert _links("feedback_reminder") == {
        camden_worker.email: {rating_link},
        **_hosts(placement, reference_link),
    }
    assert haringey_manager.email in _links("feedback_reminder")
    sent = Notification.objects.filter(event="feedback_reminder").count()

    with time_machine.travel(at(D(2027, 6, 14)), tick=False):
        reference_give(
            placement=placement,
            data={
                "practice": 4,
                "recording": 4,
                "teamwork": 5,
                "reliability": 5,
                "would_host_again": True,
            },
            by=haringey_manager,
        )
        send_feedback_reminders()
    assert Notification.objects.filter(event="feedback_reminder").count() == sent

    with time_machine.travel(at(D(2027, 6, 18)), tick=False):  # 10 working days
        send_feedback_reminders()
    reminders = Notification.objects.filter(event="feedback_reminder")
    assert reminders.count() == sent + 1
    latest = reminders.order_by("-pk").first()
    assert (latest.recipient, latest.link) == (camden_worker, rating_link)

    placement_rate(
        placement=placement,
        data={
            "induction": 4,
            "supervision": 4,
            "workload": 4,
            "support": 4,
            "would_recommend": True,
        },
        by=camden_worker,
    )
    with time_machine.travel(at(D(2027, 6, 25)), tick=False):
        send_feedback_reminders()
    assert Notification.objects.filter(event="feedback_reminder").count() == sent + 1


def test_a_cancelled_placement_is_not_chased(camden_worker, haringey):
    with time_machine.travel(at(D(2027, 5, 3)), tick=False):
        PlacementFactory(
            worker=camden_worker,
            help_request__borough=haringey,
            help_request__starts_on=D(2027, 5, 10),
            help_request__ends_on=ENDS_ON,
            status=PlacementStatus.CANCELLED,
        )
    with time_machine.travel(at(D(2027, 6, 11)), tick=False):
        send_feedback_reminders()
    assert not Notification.objects.filter(event="feedback_reminder").exists()
