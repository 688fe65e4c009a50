"""Promises the workflow keeps once people have acted on a request."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from secondments import services
from secondments.models import ApplicationStatus, HelpRequest, RequestStatus
from secondments.tasks import expire_due_requests
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def haringey_request(haringey_manager) -> HelpRequest:
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    return services.help_request_publish(help_request=draft, by=haringey_manager)


@pytest.fixture
def selected(haringey_request, haringey_manager, camden_worker):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    return services.application_select(application=application, by=haringey_manager)


def test_a_coordinator_may_release_only_once_the_release_is_escalated(selected, coordinator):
    with pytest.raises(PermissionDenied, match="only once the release has been escalated"):
        services.application_release(application=selected, by=coordinator)

    selected.release_escalated_at = timezone.now()
    selected.save(update_fields=["release_escalated_at"])
    services.application_release(application=selected, by=coordinator)

    selected.refresh_from_db()
    assert selected.status == ApplicationStatus.RELEASED


def test_dates_cannot_move_once_someone_is_selected(haringey_request, haringey_manager, selected):
    later = haringey_request.starts_on + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        services.help_request_update(
            help_request=haringey_request,
            by=haringey_manager,
            data=request_data(
                places=1, starts_on=later, ends_on=later + datetime.timedelta(days=90)
            ),
        )
    assert "cannot change once a social worker has been selected" in str(error.value)
    haringey_request.refresh_from_db()
    assert haringey_request.starts_on != later


def test_places_cannot_drop_below_the_placements_agreed(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    request = services.help_request_publish(
        help_request=services.help_request_create(by=haringey_manager, data=request_data(places=3)),
        by=haringey_manager,
    )
    application = services.application_volunteer(help_request=request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)
    services.application_approve(application=application, by=coordinator)

    with pytest.raises(ValidationError, match="1 place already agreed"):
        services.help_request_update(
            help_request=request, by=haringey_manager, data=request_data(places=0)
        )
    services.help_request_update(
        help_request=request, by=haringey_manager, data=request_data(places=2)
    )
    request.refresh_from_db()
    assert request.places == 2


def test_cancelling_the_only_placement_reopens_a_filled_request(
    haringey_request, selected, camden_manager, coordinator
):
    services.application_release(application=selected, by=camden_manager)
    placement = services.application_approve(application=selected, by=coordinator)
    haringey_request.refresh_from_db()
    assert haringey_request.status == RequestStatus.FILLED

    services.placement_cancel(placement=placement, by=camden_manager, reason="Needed at home")

    haringey_request.refresh_from_db()
    assert haringey_request.status == RequestStatus.OPEN
    assert AuditEvent.objects.filter(action="request_reopened").count() == 1


def test_requests_whose_start_has_passed_expire_and_their_applications_lapse(
    haringey_request, selected, camden_manager
):
    day_after_start = haringey_request.starts_on + datetime.timedelta(days=1)
    assert services.help_requests_expire_due(today=haringey_request.starts_on) == 0

    assert services.help_requests_expire_due(today=day_after_start) == 1
    assert services.help_requests_expire_due(today=day_after_start) == 0

    haringey_request.refresh_from_db()
    selected.refresh_from_db()
    assert haringey_request.status == RequestStatus.EXPIRED
    assert selected.status == ApplicationStatus.LAPSED
    # The home manager had been asked to release: they are told it is over.
    assert selected.worker.borough.members.filter(
        notifications__event="application_lapsed", pk=camden_manager.pk
    ).exists()


def test_the_expiry_task_runs_the_service(haringey_request):
    assert expire_due_requests.run() == 0
    haringey_request.refresh_from_db()
    assert haringey_request.status == RequestStatus.OPEN
