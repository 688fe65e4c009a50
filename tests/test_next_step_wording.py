"""The next step of an application, said to the person reading it: "You need
to..." when it is their turn, otherwise who everyone is waiting for."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from secondments import services
from secondments.models import ApplicationStatus
from tests.factories import ApplicationFactory, HelpRequestFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def haringey_request(haringey, haringey_manager):
    return HelpRequestFactory(borough=haringey, created_by=haringey_manager)


def _next_step(client, user, application) -> str:
    client.force_login(user)
    page = html.unescape(client.get(application.get_absolute_url()).content.decode())
    start = page.index("<strong>Next:</strong>") + len("<strong>Next:</strong>")
    return page[start : page.index("</div>", start)].strip()


@pytest.mark.parametrize(
    ("status", "reader", "expected"),
    [
        (S.INVITED, "camden_worker", "You need to accept the invitation or withdraw."),
        (S.INVITED, "haringey_manager", "Waiting for Wendy Worker to accept the invitation."),
        (S.INTERESTED, "haringey_manager", "You need to select or decline."),
        (S.INTERESTED, "camden_worker", "Waiting for Haringey to select or decline."),
        (S.INTERESTED, "coordinator", "Waiting for Haringey to select or decline."),
        (S.SELECTED, "camden_manager", "You need to release them or refuse."),
        (S.SELECTED, "haringey_manager", "Waiting for Camden to release Wendy Worker."),
        (S.SELECTED, "coordinator", "Waiting for Camden to release Wendy Worker."),
        (S.SELECTED, "camden_worker", "Waiting for Camden to release you."),
        (S.RELEASED, "coordinator", "You need to approve or reject."),
        (S.RELEASED, "camden_worker", "Waiting for a coordinator to approve or reject."),
        (S.RELEASED, "haringey_manager", "Waiting for a coordinator to approve or reject."),
        (S.APPROVED, "camden_worker", "Nothing: the placement is agreed."),
        (S.DECLINED, "haringey_manager", "Nothing: this application has ended."),
    ],
)
def test_the_application_page_says_the_next_step_to_its_reader(
    client, request, haringey_request, camden_worker, status, reader, expected
):
    application = ApplicationFactory(
        help_request=haringey_request, worker=camden_worker, status=status
    )
    assert _next_step(client, request.getfixturevalue(reader), application) == expected


def test_an_escalated_release_is_the_coordinators_to_make_and_others_wait_for_either(
    client, haringey_request, camden_worker, camden_manager, haringey_manager, coordinator
):
    application = ApplicationFactory(
        help_request=haringey_request,
        worker=camden_worker,
        status=S.SELECTED,
        release_escalated_at=timezone.now(),
    )
    assert _next_step(client, coordinator, application) == "You need to release them or refuse."
    assert _next_step(client, camden_manager, application) == "You need to release them or refuse."
    assert (
        _next_step(client, haringey_manager, application)
        == "Waiting for Camden or a coordinator to release Wendy Worker."
    )


def test_the_workers_lists_say_who_they_are_waiting_for(client, haringey_request, camden_worker):
    ApplicationFactory(help_request=haringey_request, worker=camden_worker)
    client.force_login(camden_worker)
    for name in ("my_applications", "dashboard"):
        page = html.unescape(client.get(reverse(name)).content.decode())
        assert "Waiting for Haringey to select or decline" in page
        assert "host borough's manager" not in page


def test_an_invited_worker_is_told_the_invitation_is_theirs_to_answer(
    client, haringey_request, camden_worker
):
    ApplicationFactory(help_request=haringey_request, worker=camden_worker, status=S.INVITED)
    client.force_login(camden_worker)
    page = client.get(reverse("my_applications")).content.decode()
    assert "You need to accept the invitation or withdraw" in page
    page = client.get(haringey_request.get_absolute_url()).content.decode()
    assert "You need to accept the invitation or withdraw" in page


# --- Notifications: the person who must act is told so -------------------------------


def _bodies(event: str) -> dict[str, str]:
    return {
        str(n.recipient): n.body
        for n in Notification.objects.filter(event=event).select_related("recipient")
    }


def test_selecting_tells_the_home_managers_to_release_and_the_worker_to_wait(
    haringey_manager, camden_manager, camden_worker, coordinator
):
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    application = services.application_select(application=application, by=haringey_manager)

    bodies = _bodies("application_selected")
    assert bodies[str(camden_manager)] == "You need to release Wendy Worker or refuse."
    assert bodies[str(camden_worker)] == "Waiting for Camden to release you."

    services.application_release(application=application, by=camden_manager)

    bodies = _bodies("application_released")
    assert bodies[str(coordinator)] == "You need to approve or reject the placement."
    assert bodies[str(camden_worker)] == (
        "Waiting for a coordinator to approve or reject the placement."
    )
    assert bodies[str(haringey_manager)] == bodies[str(camden_worker)]


def test_an_invitation_and_its_acceptance_tell_the_next_person_what_to_do(
    haringey_manager, camden_worker
):
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    application = services.application_invite(
        help_request=help_request, worker=camden_worker, by=haringey_manager
    )
    assert _bodies("application_invited") == {
        str(camden_worker): "You need to accept the invitation or withdraw."
    }

    services.application_accept(application=application, by=camden_worker)

    assert _bodies("application_accepted") == {
        str(haringey_manager): "You need to select or decline."
    }
