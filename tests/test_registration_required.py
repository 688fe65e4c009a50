"""Only a social worker whose Social Work England registration is on their
profile, verified by a coordinator and in date until the placement's last day
can volunteer, accept an invitation, be selected, released or approved.

Each refusal names the problem, worded for the person acting, and changes nothing.
"""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import WorkerProfile
from audit.models import AuditEvent
from notifications.models import Notification
from secondments import services
from secondments.models import Application, ApplicationStatus, HelpRequest, Placement
from tests.factories import UserFactory, WorkerProfileFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

# The state each step starts from (volunteering makes the application) and who takes it.
STEPS = {
    "volunteer": (None, "camden_worker"),
    "accept": (ApplicationStatus.INVITED, "camden_worker"),
    "select": (ApplicationStatus.INTERESTED, "haringey_manager"),
    "release": (ApplicationStatus.SELECTED, "camden_manager"),
    "approve": (ApplicationStatus.RELEASED, "coordinator"),
}
PROBLEMS = ["no number", "no profile", "unverified", "expiring"]


@pytest.fixture
def haringey_request(haringey_manager) -> HelpRequest:
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def _break_registration(worker, help_request: HelpRequest, problem: str) -> None:
    profiles = WorkerProfile.objects.filter(user=worker)
    if problem == "no number":
        profiles.update(
            registration_number=None, registration_verified=False, registration_verified_at=None
        )
    elif problem == "no profile":
        profiles.delete()
    elif problem == "unverified":
        # As after the worker changed their number: it needs checking again.
        profiles.update(
            registration_number="SW123", registration_verified=False, registration_verified_at=None
        )
    elif problem == "expiring":
        profiles.update(registration_expires_on=_four_weeks_early(help_request))


def _four_weeks_early(help_request: HelpRequest) -> datetime.date:
    return help_request.ends_on - datetime.timedelta(days=28)


def _message(problem: str, help_request: HelpRequest, *, own: bool) -> str:
    """What the person acting is told: the worker reads about "your" registration."""
    name = "Wendy Worker"
    expiry = (
        f"expires on {_four_weeks_early(help_request):%-d %B %Y}, "
        f"before the placement ends on {help_request.ends_on:%-d %B %Y}"
    )
    return {
        ("no number", True): "You have no Social Work England registration number on your profile",
        ("no number", False): (
            f"{name} has no Social Work England registration number on their profile"
        ),
        ("unverified", True): "Your registration SW123 has not been verified by a coordinator yet",
        ("unverified", False): (
            f"{name}'s registration has not been verified by a coordinator yet"
        ),
        ("expiring", True): f"Your registration {expiry}",
        ("expiring", False): f"{name}'s registration {expiry}",
    }[("no number" if problem == "no profile" else problem, own)]


def _application_at(help_request: HelpRequest, worker, status: str | None) -> Application | None:
    """An application already at `status`, made while the registration was fine."""
    if status is None:
        return None
    return Application.objects.create(help_request=help_request, worker=worker, status=status)


def _take_step(step: str, *, help_request: HelpRequest, application, by):
    if step == "volunteer":
        return services.application_volunteer(help_request=help_request, by=by)
    service = getattr(services, f"application_{step}")
    return service(application=application, by=by)


def _snapshot() -> tuple:
    return (
        sorted(Application.objects.values_list("pk", "status")),
        Placement.objects.count(),
        AuditEvent.objects.exclude(action="signed_in").count(),  # signing in is audited too
        Notification.objects.count(),
    )


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("step", STEPS)
def test_each_step_refuses_a_worker_without_a_good_registration(
    request, step, problem, haringey_request, camden_worker, camden_manager, coordinator
):
    status, actor = STEPS[step]
    by = request.getfixturevalue(actor)
    application = _application_at(haringey_request, camden_worker, status)
    _break_registration(camden_worker, haringey_request, problem)
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        _take_step(step, help_request=haringey_request, application=application, by=by)

    assert refused.value.messages == [_message(problem, haringey_request, own=by == camden_worker)]
    assert _snapshot() == before


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("step", [step for step in STEPS if step != "volunteer"])
def test_the_application_page_tells_the_person_acting_why_not(
    client, request, step, problem, haringey_request, camden_worker, camden_manager, coordinator
):
    status, actor = STEPS[step]
    by = request.getfixturevalue(actor)
    application = _application_at(haringey_request, camden_worker, status)
    _break_registration(camden_worker, haringey_request, problem)
    before = _snapshot()
    client.force_login(by)

    response = client.post(reverse("application_action", args=[application.pk, step]))

    assert response.status_code == 409
    page = response.content.decode()
    assert "There is a problem" in page
    assert _message(problem, haringey_request, own=by == camden_worker) in html.unescape(page)
    assert _snapshot() == before


@pytest.mark.parametrize("problem", PROBLEMS)
def test_the_volunteer_page_tells_the_worker_why_not(
    client, problem, haringey_request, camden_worker
):
    _break_registration(camden_worker, haringey_request, problem)
    client.force_login(camden_worker)

    response = client.post(reverse("request_volunteer", args=[haringey_request.pk]), {"note": ""})

    assert response.status_code == 409
    assert _message(problem, haringey_request, own=True) in response.content.decode()
    assert not Application.objects.exists()


def test_approval_reads_the_registration_afresh_not_the_callers_copy(
    haringey_request, camden_worker, coordinator
):
    application = _application_at(haringey_request, camden_worker, ApplicationStatus.RELEASED)
    # The caller loaded the application while the registration was verified...
    application = Application.objects.select_related("worker__worker_profile").get(
        pk=application.pk
    )
    assert application.worker.worker_profile.registration_verified
    # ...then the nightly job lapsed it.
    _break_registration(camden_worker, haringey_request, "unverified")

    with pytest.raises(ValidationError, match="has not been verified by a coordinator yet"):
        services.application_approve(application=application, by=coordinator)
    assert not Placement.objects.exists()


def test_a_registered_worker_goes_all_the_way_to_a_placement(
    haringey_request, haringey_manager, camden_worker, camden_manager, coordinator
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)
    placement = services.application_approve(application=application, by=coordinator)

    assert placement.worker == camden_worker


def test_a_registration_expiring_on_the_last_day_is_enough(
    haringey_request, haringey_manager, camden, camden_manager, coordinator
):
    worker = UserFactory(borough=camden)
    WorkerProfileFactory(user=worker, registration_expires_on=haringey_request.ends_on)
    application = services.application_invite(
        help_request=haringey_request, worker=worker, by=haringey_manager
    )
    services.application_accept(application=application, by=worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)

    assert services.application_approve(application=application, by=coordinator)


def test_an_unregistered_worker_can_still_be_invited_and_get_verified_before_accepting(
    haringey_request, haringey_manager, camden_worker
):
    _break_registration(camden_worker, haringey_request, "unverified")
    application = services.application_invite(
        help_request=haringey_request, worker=camden_worker, by=haringey_manager
    )
    with pytest.raises(ValidationError):
        services.application_accept(application=application, by=camden_worker)

    WorkerProfile.objects.filter(user=camden_worker).update(
        registration_verified=True, registration_verified_at=haringey_request.created_at
    )
    services.application_accept(application=application, by=camden_worker)

    assert Application.objects.get().status == ApplicationStatus.INTERESTED


# --- Everyone who decides sees the registration ------------------------------

TAGS = {
    None: 'govuk-tag--green">Verified</strong> in date until',
    "no number": 'govuk-tag--red">Missing</strong>',
    "no profile": 'govuk-tag--red">Missing</strong>',
    "unverified": 'govuk-tag--yellow">Not verified</strong>',
    "expiring": 'govuk-tag--red">Expires too soon</strong>',
}


@pytest.mark.parametrize("problem", [None, *PROBLEMS])
@pytest.mark.parametrize("viewer", ["haringey_manager", "camden_manager", "coordinator"])
def test_the_application_page_shows_the_registration_to_those_who_decide(
    client, request, viewer, problem, haringey_request, camden_worker, coordinator
):
    application = _application_at(haringey_request, camden_worker, ApplicationStatus.RELEASED)
    if problem:
        _break_registration(camden_worker, haringey_request, problem)
    client.force_login(request.getfixturevalue(viewer))

    page = client.get(application.get_absolute_url()).content.decode()

    registration = page.split('id="registration">', 1)[1].split("</dd>", 1)[0]
    assert TAGS[problem] in registration
    if problem == "expiring":
        assert (
            f"expires on {_four_weeks_early(haringey_request):%-d %B %Y}, before the placement "
            f"ends on {haringey_request.ends_on:%-d %B %Y}"
        ) in registration
    if problem is None:
        expires_on = camden_worker.worker_profile.registration_expires_on
        assert f"in date until {expires_on:%-d %B %Y}" in registration


def test_the_approvals_queue_shows_each_workers_registration(
    client, haringey_request, camden, coordinator
):
    applications = {}
    for problem in [None, *PROBLEMS]:
        worker = UserFactory(borough=camden)
        WorkerProfileFactory(user=worker)
        _break_registration(worker, haringey_request, problem)
        applications[problem] = _application_at(
            haringey_request, worker, ApplicationStatus.RELEASED
        )
    client.force_login(coordinator)

    page = client.get(reverse("approvals_queue")).content.decode()

    assert '<th scope="col" class="govuk-table__header">Registration</th>' in page
    for problem, application in applications.items():
        row = page.split(f'href="{application.get_absolute_url()}"', 1)[1].split("</tr>", 1)[0]
        assert TAGS[problem] in row, problem


@pytest.mark.parametrize("size", [3, 60])
def test_the_approvals_queue_query_count_does_not_grow_with_registrations(
    client, haringey_request, camden, coordinator, django_assert_num_queries, size
):
    for index in range(size):
        worker = UserFactory(borough=camden)
        if index % 3:
            WorkerProfileFactory(user=worker, registration_verified=index % 3 == 1)
        _application_at(haringey_request, worker, ApplicationStatus.RELEASED)
    client.force_login(coordinator)

    # With the three queries every queue's warnings read (secondments/decisions.py).
    with django_assert_num_queries(9):
        response = client.get(reverse("approvals_queue"))

    page = response.content.decode()
    shown = range(min(size, 25))  # a page, longest waiting (first made) first
    assert page.count(">Missing</strong>") == len([i for i in shown if i % 3 == 0])
    assert page.count(">Verified</strong>") == len([i for i in shown if i % 3 == 1])
    assert page.count(">Not verified</strong>") == len([i for i in shown if i % 3 == 2])


def test_a_host_sees_the_registration_status_but_never_the_number(
    client, haringey_request, camden_worker, haringey_manager, camden_manager
):
    application = _application_at(haringey_request, camden_worker, "interested")
    _break_registration(camden_worker, haringey_request, "unverified")

    client.force_login(haringey_manager)
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    refused = client.post(reverse("application_action", args=[application.pk, "select"]))

    assert "Not verified" in page
    assert "SW123" not in page
    assert "SW123" not in refused.content.decode()
    assert "registration has not been verified" in refused.content.decode()
