"""The application page: who sees it, who may act, and what a wrong move answers."""

import pytest
from django.urls import reverse

from secondments import services
from secondments.models import Application, ApplicationStatus, Placement
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def haringey_request(haringey_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def _act(client, application, action, **data):
    return client.post(reverse("application_action", args=[application.pk, action]), data)


def test_worker_finds_offer_button_and_volunteers_with_a_note(
    client, haringey_request, camden_worker
):
    client.force_login(camden_worker)
    page = client.get(haringey_request.get_absolute_url()).content.decode()
    assert "Offer to help" in page

    response = client.post(
        reverse("request_volunteer", args=[haringey_request.pk]), {"note": "Assessment expert"}
    )

    application = Application.objects.get()
    assert response["Location"] == application.get_absolute_url()
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Waiting for Haringey to select or decline" in page
    assert "Assessment expert" in page


def test_volunteering_twice_answers_409_with_a_message(client, haringey_request, camden_worker):
    client.force_login(camden_worker)
    client.post(reverse("request_volunteer", args=[haringey_request.pk]), {"note": ""})
    response = client.post(reverse("request_volunteer", args=[haringey_request.pk]), {"note": ""})
    assert response.status_code == 409
    assert "has already applied for this request" in response.content.decode()
    assert Application.objects.count() == 1


def test_each_person_acts_in_turn_through_the_page(
    client, haringey_request, haringey_manager, camden_worker, camden_manager, coordinator
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)

    client.force_login(haringey_manager)
    assert _act(client, application, "select").status_code == 302
    client.force_login(camden_manager)
    assert "Release" in client.get(application.get_absolute_url()).content.decode()
    assert _act(client, application, "release").status_code == 302
    client.force_login(coordinator)
    response = _act(client, application, "approve")

    placement = Placement.objects.get()
    assert response["Location"] == placement.get_absolute_url()
    for person in (camden_worker, haringey_manager, camden_manager, coordinator):
        client.force_login(person)
        page = client.get(placement.get_absolute_url())
        assert page.status_code == 200, person
        assert "Confirmed" in page.content.decode()


def test_acting_in_the_wrong_state_answers_409_and_changes_nothing(
    client, haringey_request, camden_worker, coordinator
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    client.force_login(coordinator)
    response = _act(client, application, "approve")
    assert response.status_code == 409
    assert "You cannot approve this application: it is offered to help" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERESTED


def test_declining_without_a_reason_is_a_form_error(
    client, haringey_request, haringey_manager, camden_worker
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    client.force_login(haringey_manager)
    response = _act(client, application, "decline", reason="")
    assert response.status_code == 400
    assert "Enter a reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERESTED


def test_others_get_404_and_the_wrong_role_403(
    client, haringey_request, camden_worker, hackney_manager, hackney_worker, camden_manager
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    for person in (hackney_manager, hackney_worker):
        client.force_login(person)
        assert client.get(application.get_absolute_url()).status_code == 404
        assert _act(client, application, "select").status_code == 404
    client.force_login(camden_manager)
    assert client.get(application.get_absolute_url()).status_code == 200
    assert _act(client, application, "select").status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERESTED


def test_host_invites_a_named_worker_who_accepts(
    client, haringey_request, haringey_manager, camden_worker
):
    from tests.factories import MatchFactory

    MatchFactory(help_request=haringey_request, worker=camden_worker, score=80)
    client.force_login(haringey_manager)
    page = client.get(reverse("request_invite", args=[haringey_request.pk])).content.decode()
    assert camden_worker.full_name in page

    client.post(reverse("request_invite", args=[haringey_request.pk]), {"worker": camden_worker.pk})

    application = Application.objects.get()
    assert application.status == ApplicationStatus.INVITED
    client.force_login(camden_worker)
    assert "Accept" in client.get(application.get_absolute_url()).content.decode()
    _act(client, application, "accept")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERESTED


def test_inviting_someone_from_the_host_borough_is_refused(
    client, haringey_request, haringey_manager, haringey
):
    from tests.factories import MatchFactory, UserFactory, WorkerProfileFactory

    local = UserFactory(borough=haringey, email="local@haringey.gov.uk")
    WorkerProfileFactory(user=local)
    MatchFactory(help_request=haringey_request, worker=local, score=50)
    client.force_login(haringey_manager)
    response = client.post(
        reverse("request_invite", args=[haringey_request.pk]), {"worker": local.pk}
    )
    assert "works for Haringey: invite social workers from other boroughs" in (
        response.content.decode()
    )
    assert not Application.objects.exists()


def test_only_the_host_may_invite(client, haringey_request, hackney_manager, camden_worker):
    client.force_login(hackney_manager)
    url = reverse("request_invite", args=[haringey_request.pk])
    assert client.post(url, {"worker": camden_worker.pk}).status_code == 403
    assert not Application.objects.exists()
