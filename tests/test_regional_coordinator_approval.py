"""A placement's approval belongs to the coordinators of the host's region
(issue 13). The home region's coordinators see it but may not approve it
(403); an escalated release of their own region's worker is theirs to decide.
Notifications for "the coordinators" go to those of the regions concerned."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from secondments import services
from secondments.models import Application, ApplicationStatus, Placement
from secondments.services.reminders import releases_escalate
from tests.factories import ApplicationFactory, HelpRequestFactory

pytestmark = pytest.mark.django_db


def _notified(event: str) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))


@pytest.fixture
def camden_worker_for_norfolk(norfolk, camden_worker) -> Application:
    """A Camden (London) worker offering to help Norfolk (East of England)."""
    return ApplicationFactory(
        help_request=HelpRequestFactory(borough=norfolk), worker=camden_worker
    )


def test_the_host_regions_coordinator_approves_and_the_coordinators_of_both_hear(
    client,
    camden_worker_for_norfolk,
    norfolk_manager,
    camden_manager,
    east_coordinator,
    london_coordinator,
    north_east_coordinator,
    coordinator,
):
    application = camden_worker_for_norfolk
    services.application_select(application=application, by=norfolk_manager)
    services.application_release(application=application, by=camden_manager)
    # Approval is asked of Norfolk's region's coordinators and the national ones only.
    assert _notified("application_released") & {
        east_coordinator.email,
        london_coordinator.email,
        north_east_coordinator.email,
        coordinator.email,
    } == {east_coordinator.email, coordinator.email}

    client.force_login(east_coordinator)
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "You need to approve or reject" in page
    response = client.post(reverse("application_action", args=[application.pk, "approve"]))
    assert response.status_code == 302
    assert Placement.objects.filter(application=application).exists()
    told = _notified("application_approved")
    assert {east_coordinator.email, london_coordinator.email, coordinator.email} <= told
    assert north_east_coordinator.email not in told


def test_the_home_regions_coordinator_sees_the_approval_but_may_not_give_it(
    client, camden_worker_for_norfolk, norfolk_manager, camden_manager, london_coordinator
):
    application = camden_worker_for_norfolk
    services.application_select(application=application, by=norfolk_manager)
    services.application_release(application=application, by=camden_manager)

    client.force_login(london_coordinator)
    page = client.get(reverse("application_detail", args=[application.pk]))
    assert page.status_code == 200
    assert "Waiting for a coordinator to approve or reject" in page.content.decode()
    for action in ("approve", "reject"):
        response = client.post(
            reverse("application_action", args=[application.pk, action]),
            {"reason": "Not for us"},
        )
        assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RELEASED
    with pytest.raises(PermissionDenied, match="Norfolk's region"):
        services.application_approve(application=application, by=london_coordinator)


def test_the_approvals_queue_lists_only_the_host_regions_approvals(
    client, camden, norfolk, london_coordinator, east_coordinator, coordinator
):
    ApplicationFactory(
        help_request=HelpRequestFactory(borough=norfolk, title="Norfolk cover"),
        worker__borough=camden,
        status=ApplicationStatus.RELEASED,
    )
    ApplicationFactory(
        help_request=HelpRequestFactory(borough=camden, title="Camden cover"),
        status=ApplicationStatus.RELEASED,
    )
    for person, shown, hidden in (
        (london_coordinator, {"Camden cover"}, {"Norfolk cover"}),
        (east_coordinator, {"Norfolk cover"}, {"Camden cover"}),
        (coordinator, {"Camden cover", "Norfolk cover"}, set()),
    ):
        client.force_login(person)
        page = client.get(reverse("approvals_queue")).content.decode()
        assert all(title in page for title in shown), person
        assert not any(title in page for title in hidden), person


def test_an_escalated_release_goes_to_the_workers_regions_coordinators(
    client,
    norfolk,
    norfolk_manager,
    camden_worker,
    london_coordinator,
    east_coordinator,
    coordinator,
):
    application = ApplicationFactory(
        help_request=HelpRequestFactory(borough=norfolk),
        worker=camden_worker,
        status=ApplicationStatus.SELECTED,
    )
    Application.objects.filter(pk=application.pk).update(
        selected_at=timezone.now() - timezone.timedelta(days=14)
    )
    assert releases_escalate(now=timezone.now()) == 1
    told = _notified("release_escalated")
    assert {london_coordinator.email, coordinator.email} <= told
    assert east_coordinator.email not in told

    # The host's region's coordinator sees it but the release is the home side's.
    client.force_login(east_coordinator)
    url = reverse("application_action", args=[application.pk, "release"])
    assert client.post(url).status_code == 403
    client.force_login(london_coordinator)
    assert client.post(url).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RELEASED


def test_the_release_queue_shows_a_coordinator_their_regions_workers_only(
    client, camden, norfolk, london_coordinator, east_coordinator
):
    ApplicationFactory(
        help_request=HelpRequestFactory(borough=norfolk),
        worker__borough=camden,
        worker__full_name="Lola London",
        status=ApplicationStatus.SELECTED,
    )
    client.force_login(london_coordinator)
    assert "Lola London" in client.get(reverse("release_queue")).content.decode()
    client.force_login(east_coordinator)
    assert "Lola London" not in client.get(reverse("release_queue")).content.decode()
