"""Applications through the API: scoped as the pages, every transition by the same service."""

import pytest

from secondments import services
from secondments.models import ApplicationStatus
from tests.api_clients import api_client_for
from tests.factories import ApplicationFactory, HelpRequestFactory, PlacementFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def haringey_request(haringey_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def test_volunteering_twice_is_a_409(camden_worker, haringey_request):
    api = api_client_for(camden_worker)
    url = f"/api/v1/requests/{haringey_request.pk}/volunteer/"
    first = api.post(url, {"note": "I can help"})
    assert first.status_code == 201 and first.json()["status"] == "interested"
    again = api.post(url, {"note": "Again"})
    assert again.status_code == 409
    assert "already applied" in again.json()["detail"]


def test_a_note_over_2000_characters_is_a_400(camden_worker, haringey_request):
    response = api_client_for(camden_worker).post(
        f"/api/v1/requests/{haringey_request.pk}/volunteer/", {"note": "x" * 2001}
    )
    assert response.status_code == 400 and "note" in response.json()


def test_declining_needs_a_reason_and_says_so(haringey_manager, camden_worker, haringey_request):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    api = api_client_for(haringey_manager)
    url = f"/api/v1/applications/{application.pk}/decline/"
    assert api.post(url, {}).json() == {"reason": ["Enter why you are declining"]}
    declined = api.post(url, {"reason": "We chose someone else"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"


def test_the_wrong_person_gets_403_and_the_wrong_state_409(
    haringey_manager, camden_manager, camden_worker, haringey_request
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    home = api_client_for(camden_manager)
    assert home.post(f"/api/v1/applications/{application.pk}/select/").status_code == 403
    assert home.post(f"/api/v1/applications/{application.pk}/release/").status_code == 409
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERESTED


def test_another_boroughs_application_is_not_found(hackney_manager, hackney_worker):
    application = ApplicationFactory()
    for person in (hackney_manager, hackney_worker):
        api = api_client_for(person)
        assert api.get(f"/api/v1/applications/{application.pk}/").status_code == 404
        assert api.post(f"/api/v1/applications/{application.pk}/select/").status_code == 404
        assert api.get("/api/v1/applications/").json()["count"] == 0


def test_lists_are_scoped_as_the_pages(haringey_manager, camden_manager, camden_worker, haringey):
    mine = ApplicationFactory(worker=camden_worker, help_request__borough=haringey)
    ApplicationFactory(help_request__borough=haringey)  # another borough's worker
    ApplicationFactory()  # nothing to do with anyone here

    clients = {}

    def ids(person, **params):
        if person.pk not in clients:
            clients[person.pk] = api_client_for(person)
        rows = clients[person.pk].get("/api/v1/applications/", params).json()["results"]
        return {row["id"] for row in rows}

    assert ids(camden_worker) == {mine.pk}
    assert len(ids(haringey_manager)) == 2
    assert ids(camden_manager) == {mine.pk}
    assert ids(camden_manager, help_request=mine.help_request_id) == {mine.pk}


def test_an_approval_tells_the_placement(
    coordinator, camden_worker, camden_manager, haringey_manager, haringey_request
):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)
    approved = api_client_for(coordinator).post(f"/api/v1/applications/{application.pk}/approve/")
    assert approved.status_code == 200
    assert approved.json()["placement"] == application.placement.pk


def test_approving_a_double_booking_is_a_409(coordinator, camden_worker, haringey):
    PlacementFactory(worker=camden_worker)
    help_request = HelpRequestFactory(borough=haringey)
    application = ApplicationFactory(
        worker=camden_worker, help_request=help_request, status=ApplicationStatus.RELEASED
    )
    response = api_client_for(coordinator).post(f"/api/v1/applications/{application.pk}/approve/")
    assert response.status_code == 409 and "detail" in response.json()


@pytest.mark.parametrize("size", [2, 30])
def test_list_query_count_does_not_grow(
    haringey_manager, haringey, django_assert_num_queries, size
):
    ApplicationFactory.create_batch(size, help_request__borough=haringey)
    api = api_client_for(haringey_manager)
    api.get("/api/v1/applications/")
    # Token, count, page (its rows with their request, worker and profile).
    with django_assert_num_queries(3):
        assert api.get("/api/v1/applications/").status_code == 200
