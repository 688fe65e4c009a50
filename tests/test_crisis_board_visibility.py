"""The board of a crisis call: the caller's managers, the asked boroughs'
managers (once asked) and coordinators see it; everyone else gets 404. It
shows every borough with its circle, pressure index, answer and when."""

import pytest
from django.urls import reverse

from pressure.crisis import services
from pressure.crisis.widening import ask_stage
from tests.crisis_scenes import make_circle, raise_call, raise_data, worker_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    circle = make_circle()
    return circle, raise_call(circle)


def _status(client, person, url) -> int:
    client.force_login(person)
    return client.get(url).status_code


def test_the_caller_asked_boroughs_and_coordinators_see_the_board(client, scene, coordinator):
    circle, call = scene
    url = call.get_absolute_url()

    for person in (circle.managers["Haringey"], circle.managers["Camden"], coordinator):
        assert _status(client, person, url) == 200


def test_a_borough_not_yet_asked_and_workers_get_404(client, scene):
    circle, call = scene
    url = call.get_absolute_url()
    haringey_worker = worker_of(circle["Haringey"], "Hattie Worker")
    camden_worker = worker_of(circle["Camden"], "Wendy Worker")

    for person in (circle.managers["Croydon"], haringey_worker, camden_worker):
        assert _status(client, person, url) == 404


def test_a_borough_sees_the_board_once_asked(client, scene):
    circle, call = scene
    url = call.get_absolute_url()
    assert _status(client, circle.managers["Croydon"], url) == 404

    ask_stage(call, "region", now=call.created_at)

    assert _status(client, circle.managers["Croydon"], url) == 200


def test_the_board_shows_every_borough_its_answer_and_when(client, scene):
    circle, call = scene
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    services.crisis_offer_make(
        ask=call.asks.get(borough=circle["Camden"]), worker=wendy, by=circle.managers["Camden"]
    )
    services.crisis_ask_decline(
        ask=call.asks.get(borough=circle["Islington"]),
        reason="Our own inspection next month",
        by=circle.managers["Islington"],
    )
    client.force_login(circle.managers["Haringey"])

    page = client.get(call.get_absolute_url()).content.decode()

    for name in ("Camden", "Islington", "Croydon", "Kent", "Enfield"):
        assert name in page
    assert "Wendy Worker: Waiting for the worker to agree" in page
    assert "Our own inspection next month" in page
    assert "Not asked yet" in page
    assert "Under more pressure" in page
    assert "Neighbouring boroughs" in page and "Every borough" in page
    assert "2 of 2 boroughs asked have answered" in page


def test_the_host_selects_an_agreed_offer_from_the_board(client, scene, coordinator):
    circle, call = scene
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    offer = services.crisis_offer_make(
        ask=call.asks.get(borough=circle["Camden"]), worker=wendy, by=circle.managers["Camden"]
    )
    services.crisis_offer_agree(offer=offer, by=wendy)
    offer.refresh_from_db()
    client.force_login(circle.managers["Haringey"])

    page = client.get(call.get_absolute_url()).content.decode()
    select = reverse("application_action", args=[offer.application.pk, "select"])
    assert select in page
    client.post(select)

    offer.application.refresh_from_db()
    assert offer.application.status == "released"


def test_the_list_shows_calls_raised_by_and_asked_of_my_borough(client, scene, coordinator):
    circle, call = scene
    other = raise_call(
        circle, people_needed=1, description="Another team's backlog"
    )  # a second Haringey call
    kent_call = services.crisis_call_raise(
        borough=circle["Kent"],
        people_needed=1,
        data=raise_data(),
        by=circle.managers["Kent"],
    )

    client.force_login(circle.managers["Haringey"])
    page = client.get(reverse("crisis_list")).content.decode()
    assert call.get_absolute_url() in page and other.get_absolute_url() in page
    # Kent has no neighbours or region fellows here: it asks everyone at once.
    assert kent_call.get_absolute_url() in page

    # Haringey's calls ask its neighbours first: Croydon, in the region, waits.
    client.force_login(circle.managers["Croydon"])
    page = client.get(reverse("crisis_list")).content.decode()
    assert call.get_absolute_url() not in page
    assert kent_call.get_absolute_url() in page
    assert "1 crisis call" in page

    client.force_login(coordinator)
    page = client.get(reverse("crisis_list")).content.decode()
    assert kent_call.get_absolute_url() in page
    assert "3 crisis calls" in page


def test_a_worker_has_no_crisis_list(client, scene):
    circle, _call = scene
    client.force_login(worker_of(circle["Camden"], "Wendy Worker"))

    page = client.get(reverse("crisis_list")).content.decode()

    assert "0 crisis calls" in page
    assert "Raise a crisis call" not in page


def test_other_asked_boroughs_see_an_offer_but_not_who_was_offered(client, scene, coordinator):
    circle, call = scene
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    services.crisis_offer_make(
        ask=call.asks.get(borough=circle["Camden"]), worker=wendy, by=circle.managers["Camden"]
    )
    url = call.get_absolute_url()

    client.force_login(circle.managers["Islington"])
    page = client.get(url).content.decode()
    assert "Wendy Worker" not in page
    assert "A social worker: Waiting for the worker to agree" in page

    for person in (circle.managers["Haringey"], circle.managers["Camden"], coordinator):
        client.force_login(person)
        assert "Wendy Worker: Waiting for the worker to agree" in client.get(url).content.decode()
