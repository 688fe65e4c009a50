"""Placements become active on their first day and complete after their last."""

import datetime

import pytest

from audit.models import AuditEvent
from secondments import services
from secondments.models import Placement, PlacementStatus
from secondments.tasks import advance_placements
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(haringey_manager, camden_worker, camden_manager, coordinator) -> Placement:
    request = services.help_request_publish(
        help_request=services.help_request_create(by=haringey_manager, data=request_data()),
        by=haringey_manager,
    )
    application = services.application_volunteer(help_request=request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)
    return services.application_approve(application=application, by=coordinator)


def _status(placement) -> str:
    placement.refresh_from_db()
    return placement.status


def test_a_placement_starts_on_its_first_day_and_completes_after_its_last(placement):
    day_before = placement.starts_on - datetime.timedelta(days=1)
    assert services.placements_advance(today=day_before) == (0, 0)
    assert _status(placement) == PlacementStatus.CONFIRMED

    assert services.placements_advance(today=placement.starts_on) == (1, 0)
    assert _status(placement) == PlacementStatus.ACTIVE
    assert services.placements_advance(today=placement.starts_on) == (0, 0)

    assert services.placements_advance(today=placement.ends_on + datetime.timedelta(days=1)) == (
        0,
        1,
    )
    assert _status(placement) == PlacementStatus.COMPLETED
    actions = list(
        AuditEvent.objects.filter(object_type="placement", object_id=placement.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["placement_confirmed", "placement_active", "placement_completed"]


def test_cancelled_placements_are_left_alone(placement, camden_manager):
    services.placement_cancel(placement=placement, by=camden_manager, reason="Needed at home")
    services.placements_advance(today=placement.starts_on)
    assert _status(placement) == PlacementStatus.CANCELLED


def test_the_task_runs_the_service(placement):
    # With no due placements today the task changes nothing, and says so.
    assert advance_placements.run() == [0, 0]
    assert _status(placement) == PlacementStatus.CONFIRMED
