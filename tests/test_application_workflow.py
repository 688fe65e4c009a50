"""Volunteer, select, release, approve: every transition, its audit and its notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from notifications.models import Notification
from secondments import services
from secondments.models import Application, ApplicationStatus, HelpRequest, Placement, RequestStatus
from tests.factories import UserFactory, WorkerProfileFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def camden_home_manager(camden_manager):
    return camden_manager


@pytest.fixture
def haringey_request(haringey_manager) -> HelpRequest:
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def _audit(obj) -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
        .order_by("pk")
        .values_list("action", "from_state", "to_state")
    )


def _notified(event: str) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))


def test_the_whole_workflow_creates_a_placement_and_fills_the_request(
    haringey_request, haringey_manager, camden_worker, camden_manager, coordinator
):
    application = services.application_volunteer(
        help_request=haringey_request, by=camden_worker, note="I did 3 years in assessment"
    )
    assert _notified("application_volunteered") == {haringey_manager.email}

    services.application_select(application=application, by=haringey_manager)
    assert _notified("application_selected") == {camden_worker.email, camden_manager.email}

    services.application_release(application=application, by=camden_manager)
    assert coordinator.email in _notified("application_released")

    placement = services.application_approve(application=application, by=coordinator)

    assert placement.worker == camden_worker
    assert (placement.host, placement.home) == (haringey_request.borough, camden_worker.borough)
    assert (placement.starts_on, placement.ends_on) == (
        haringey_request.starts_on,
        haringey_request.ends_on,
    )
    assert _notified("application_approved") == {
        camden_worker.email,
        haringey_manager.email,
        camden_manager.email,
        coordinator.email,
    }
    assert _audit(application) == [
        ("application_interested", "", "interested"),
        ("application_selected", "interested", "selected"),
        ("application_released", "selected", "released"),
        ("application_approved", "released", "approved"),
    ]
    haringey_request.refresh_from_db()
    assert haringey_request.status == RequestStatus.FILLED
    assert _audit(haringey_request)[-1] == ("request_filled", "open", "filled")


@pytest.mark.parametrize(
    ("step", "needs"),
    [
        ("select", "interested"),
        ("release", "selected"),
        ("approve", "released"),
    ],
)
def test_repeating_or_skipping_a_transition_is_refused_and_writes_nothing(
    haringey_request, haringey_manager, camden_worker, camden_manager, coordinator, step, needs
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    actors = {"select": haringey_manager, "release": camden_manager, "approve": coordinator}
    calls = {
        "select": services.application_select,
        "release": services.application_release,
        "approve": services.application_approve,
    }
    # Walk up to the step, do it once, then try it again.
    for name in ("select", "release", "approve"):
        calls[name](application=application, by=actors[name])
        if name == step:
            break
    events, notes = AuditEvent.objects.count(), Notification.objects.count()

    with pytest.raises(ValidationError, match="You cannot"):
        calls[step](application=application, by=actors[step])

    assert (AuditEvent.objects.count(), Notification.objects.count()) == (events, notes)


def test_volunteering_twice_is_refused(haringey_request, camden_worker):
    services.application_volunteer(help_request=haringey_request, by=camden_worker)
    with pytest.raises(ValidationError, match="has already applied"):
        services.application_volunteer(help_request=haringey_request, by=camden_worker)
    assert Application.objects.count() == 1


def test_volunteering_for_your_own_boroughs_request_is_refused(haringey_request, haringey):
    local = UserFactory(borough=haringey)
    WorkerProfileFactory(user=local)
    with pytest.raises(ValidationError, match="from your own borough"):
        services.application_volunteer(help_request=haringey_request, by=local)
    assert not Application.objects.exists()


def test_volunteering_over_an_existing_placement_is_refused(
    haringey_request, haringey_manager, camden_worker, camden_manager, coordinator, hackney_manager
):
    first = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    services.application_select(application=first, by=haringey_manager)
    services.application_release(application=first, by=camden_manager)
    services.application_approve(application=first, by=coordinator)
    hackney_request = services.help_request_publish(
        help_request=services.help_request_create(by=hackney_manager, data=request_data()),
        by=hackney_manager,
    )

    with pytest.raises(ValidationError, match="already has a placement in Haringey"):
        services.application_volunteer(help_request=hackney_request, by=camden_worker)


def test_approving_an_overlapping_placement_is_a_conflict(
    haringey_request, haringey_manager, camden_worker, camden_manager, coordinator, hackney_manager
):
    hackney_request = services.help_request_publish(
        help_request=services.help_request_create(by=hackney_manager, data=request_data()),
        by=hackney_manager,
    )
    first = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    second = services.application_volunteer(help_request=hackney_request, by=camden_worker)
    for application, host in ((first, haringey_manager), (second, hackney_manager)):
        services.application_select(application=application, by=host)
        services.application_release(application=application, by=camden_manager)
    services.application_approve(application=first, by=coordinator)

    with pytest.raises(services.PlacementConflict, match="already has a placement in Haringey"):
        services.application_approve(application=second, by=coordinator)

    assert Placement.objects.count() == 1
    second.refresh_from_db()
    assert second.status == ApplicationStatus.RELEASED


def test_the_wrong_people_cannot_act(
    haringey_request, haringey_manager, hackney_manager, camden_worker, camden_manager
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    with pytest.raises(PermissionDenied):
        services.application_select(application=application, by=hackney_manager)
    services.application_select(application=application, by=haringey_manager)
    for person in (haringey_manager, hackney_manager, camden_worker):
        with pytest.raises(PermissionDenied):
            services.application_release(application=application, by=person)
    with pytest.raises(PermissionDenied):
        services.application_approve(application=application, by=camden_manager)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED


def test_host_invites_and_the_worker_accepts(haringey_request, haringey_manager, camden_worker):
    application = services.application_invite(
        help_request=haringey_request, worker=camden_worker, by=haringey_manager
    )
    assert _notified("application_invited") == {camden_worker.email}
    services.application_accept(application=application, by=camden_worker)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERESTED


def test_decline_refuse_and_reject_need_reasons(
    haringey_request, haringey_manager, camden_worker, camden_manager
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    with pytest.raises(ValidationError):
        services.application_decline(application=application, by=haringey_manager, reason=" ")
    services.application_select(application=application, by=haringey_manager)
    with pytest.raises(ValidationError):
        services.application_refuse(application=application, by=camden_manager, reason="")
    services.application_refuse(
        application=application, by=camden_manager, reason="Two colleagues are on leave"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    assert application.status_reason == "Two colleagues are on leave"


def test_worker_withdraws_and_closing_a_request_lapses_the_rest(
    haringey_request, haringey_manager, camden_worker, hackney_worker
):
    mine = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    other = services.application_volunteer(help_request=haringey_request, by=hackney_worker)
    services.application_withdraw(application=mine, by=camden_worker)

    services.help_request_close(help_request=haringey_request, by=haringey_manager)

    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == ApplicationStatus.WITHDRAWN
    assert other.status == ApplicationStatus.LAPSED
    assert _notified("application_lapsed") == {hackney_worker.email}


def test_placement_cancelled_by_home_manager_with_reason(
    haringey_request, haringey_manager, camden_worker, camden_manager, coordinator, hackney_manager
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)
    placement = services.application_approve(application=application, by=coordinator)

    with pytest.raises(PermissionDenied):
        services.placement_cancel(placement=placement, by=hackney_manager, reason="x")
    services.placement_cancel(placement=placement, by=camden_manager, reason="Needed at home")

    placement.refresh_from_db()
    assert placement.status == "cancelled"
    assert _audit(placement)[-1] == ("placement_cancelled", "confirmed", "cancelled")
    with pytest.raises(ValidationError, match="cannot be cancelled"):
        services.placement_cancel(placement=placement, by=camden_manager, reason="again")


def test_notifications_are_never_written_twice(haringey_request, camden_worker):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    before = Notification.objects.count()
    from notifications.services import managers_of, notify

    notify(
        recipients=managers_of(haringey_request.borough_id),
        event="application_volunteered",
        title="again",
        link="/",
        key=application.pk,
    )
    assert Notification.objects.count() == before


def test_dates_are_checked(haringey_manager):
    start = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.help_request_create(
            by=haringey_manager, data=request_data(starts_on=start, ends_on=start)
        )


def test_notify_counts_only_the_rows_it_wrote(haringey_request, camden_worker):
    from notifications.services import managers_of, notify

    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    again = notify(
        recipients=managers_of(haringey_request.borough_id),
        event="application_volunteered",
        title="again",
        link="/",
        key=application.pk,
    )
    assert again == 0
