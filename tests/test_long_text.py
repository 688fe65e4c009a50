"""The longest title the form allows, with long names of people and boroughs,
goes through every step of the workflow: notification titles are cut to fit,
never a server error."""

import pytest
from django.urls import reverse

from boroughs.models import Borough
from notifications.models import Notification
from notifications.services import notify
from secondments import services
from secondments.models import Application, ApplicationStatus, HelpRequest
from tests.factories import MatchFactory, UserFactory, WorkerProfileFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

TITLE_LENGTH = HelpRequest._meta.get_field("title").max_length  # the form's limit too
NOTIFICATION_TITLE_LENGTH = Notification._meta.get_field("title").max_length
BOROUGH_NAME_LENGTH = Borough._meta.get_field("name").max_length
LONG_TITLE = ("Cover for the duty and assessment team during a long inspection " * 3)[:TITLE_LENGTH]


def _long_name(prefix: str, length: int) -> str:
    return (prefix + " " + "Featherstonehaugh-" * 10)[:length]


@pytest.fixture
def long_names(camden, haringey, hackney):
    """Every borough and person named as long as their fields allow."""
    for borough in (camden, haringey, hackney):
        borough.name = _long_name(f"Royal Borough of {borough.name}", BOROUGH_NAME_LENGTH)
        borough.save(update_fields=["name"])


def _worker(borough, name: str):
    worker = UserFactory(borough=borough, full_name=_long_name(name, 150))
    WorkerProfileFactory(user=worker)
    return worker


def _act(client, person, application, action: str, **data):
    client.force_login(person)
    response = client.post(reverse("application_action", args=[application.pk, action]), data)
    assert response.status_code == 302, (action, response.content.decode()[:2000])
    return response


def _volunteer(client, worker, help_request) -> Application:
    client.force_login(worker)
    response = client.post(reverse("request_volunteer", args=[help_request.pk]), {"note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(help_request=help_request, worker=worker)


def test_every_step_works_with_the_longest_title_and_names(
    client, long_names, camden, hackney, haringey_manager, camden_manager, hackney_manager,
    coordinator,
):  # fmt: skip
    draft = services.help_request_create(
        by=haringey_manager, data=request_data(title=LONG_TITLE, places=3)
    )
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    assert len(help_request.title) == TITLE_LENGTH == 150

    # Volunteer, select, release, approve, then cancel the placement.
    placed = _worker(camden, "Wendy Worker")
    application = _volunteer(client, placed, help_request)
    _act(client, haringey_manager, application, "select")
    _act(client, camden_manager, application, "release")
    response = _act(client, coordinator, application, "approve")
    client.force_login(camden_manager)
    cancelled = client.post(f"{response['Location']}cancel/", {"reason": "Needed at home"})
    assert cancelled.status_code == 302

    # Invited, accepts, selected, released, and the coordinator rejects.
    invited = _worker(hackney, "Walter Worker")
    MatchFactory(help_request=help_request, worker=invited, score=70)
    client.force_login(haringey_manager)
    response = client.post(
        reverse("request_invite", args=[help_request.pk]), {"worker": invited.pk}
    )
    assert response.status_code == 302
    application = Application.objects.get(worker=invited)
    _act(client, invited, application, "accept")
    _act(client, haringey_manager, application, "select")
    _act(client, hackney_manager, application, "release")
    _act(client, coordinator, application, "reject", reason="Dates do not suit")

    # Declined by the host; refused by the home borough; withdrawn once released.
    declined = _volunteer(client, _worker(camden, "Dora Declined"), help_request)
    _act(client, haringey_manager, declined, "decline", reason="We need more experience")
    refused = _volunteer(client, _worker(camden, "Rory Refused"), help_request)
    _act(client, haringey_manager, refused, "select")
    _act(client, camden_manager, refused, "refuse", reason="Our own backlog is too high")
    withdrawn_by = _worker(camden, "Willa Withdrawn")
    withdrawn = _volunteer(client, withdrawn_by, help_request)
    _act(client, haringey_manager, withdrawn, "select")
    _act(client, camden_manager, withdrawn, "release")
    _act(client, withdrawn_by, withdrawn, "withdraw", reason="Family reasons")

    # Closing the request lapses an offer still waiting.
    waiting = _volunteer(client, _worker(camden, "Lapsed Offer"), help_request)
    client.force_login(haringey_manager)
    response = client.post(reverse("request_close", args=[help_request.pk]), {"reason": ""})
    assert response.status_code == 302

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[declined.pk] == ApplicationStatus.DECLINED
    assert statuses[refused.pk] == ApplicationStatus.REFUSED
    assert statuses[withdrawn.pk] == ApplicationStatus.WITHDRAWN
    assert statuses[waiting.pk] == ApplicationStatus.LAPSED
    assert set(Notification.objects.values_list("event", flat=True)) >= {
        "application_volunteered",
        "application_invited",
        "application_accepted",
        "application_selected",
        "application_declined",
        "application_released",
        "application_refused",
        "application_approved",
        "application_rejected",
        "application_withdrawn",
        "application_lapsed",
        "placement_cancelled",
    }
    # The host manager sees the offer in their notifications, cut short with an ellipsis.
    offer = Notification.objects.filter(
        event="application_volunteered", recipient=haringey_manager
    ).earliest("pk")
    assert len(offer.title) == NOTIFICATION_TITLE_LENGTH
    assert offer.title.startswith(f"{placed} from Royal Borough of Camden")
    assert offer.title.endswith("…")
    client.force_login(haringey_manager)
    assert offer.title in client.get(reverse("notifications")).content.decode()


def test_a_key_too_long_for_its_column_still_makes_one_notification_per_person(
    camden_worker, camden_manager
):
    key = "weekly:" + "x" * 300
    for _ in range(2):
        notify(
            recipients=[camden_worker, camden_manager],
            event="weekly_digest",
            title="Your week",
            link="/",
            key=key,
        )
    keys = list(Notification.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == 2
    assert len(set(keys)) == 2
