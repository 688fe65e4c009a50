"""The crisis board, the list and the answer page cost the same number of
queries however many boroughs, offers and calls they show: each measured with
a little data and with a lot."""

import pytest
from django.urls import reverse

from pressure.crisis import services
from tests.crisis_scenes import make_circle, manager_of, raise_call, worker_of
from tests.factories import BoroughFactory

pytestmark = pytest.mark.django_db

SIZES = [2, 25]


def _more_boroughs(circle, size: int) -> None:
    """`size` more London boroughs with a manager and a worker each, every one
    a neighbour of Haringey, so all are asked at once."""
    for n in range(size):
        borough = BoroughFactory(name=f"Extra {n}")
        circle.managers[borough.name] = manager_of(borough)
        circle.boroughs[borough.name] = borough
        circle["Haringey"].neighbours.add(borough)


def _answered_call(circle, size: int):
    _more_boroughs(circle, size)
    call = raise_call(circle)
    for n in range(size):
        name = f"Extra {n}"
        ask = call.asks.get(borough=circle[name])
        if n % 2:
            services.crisis_ask_decline(ask=ask, reason="No one free", by=circle.managers[name])
        else:
            worker = worker_of(circle[name], f"Worker {n}")
            offer = services.crisis_offer_make(ask=ask, worker=worker, by=circle.managers[name])
            services.crisis_offer_agree(offer=offer, by=worker)
    return call


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("viewer", "queries"), [("Haringey", 8), ("Camden", 8)])
def test_board_query_count_does_not_grow(client, django_assert_num_queries, size, viewer, queries):
    circle = make_circle()
    call = _answered_call(circle, size)
    client.force_login(circle.managers[viewer])

    with django_assert_num_queries(queries):
        response = client.get(call.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count("No one free") == size // 2


@pytest.mark.parametrize("size", SIZES)
def test_board_query_count_for_a_coordinator(client, coordinator, django_assert_num_queries, size):
    circle = make_circle()
    call = _answered_call(circle, size)
    client.force_login(coordinator)

    with django_assert_num_queries(7):
        response = client.get(call.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    circle = make_circle()
    for number in range(size):
        raise_call(circle, people_needed=1, description=f"Backlog of team {number}")
    client.force_login(circle.managers["Camden"])

    with django_assert_num_queries(7):
        response = client.get(reverse("crisis_list"))

    assert response.status_code == 200
    assert f"{size} crisis calls" in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_answer_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    circle = make_circle()
    for n in range(size):
        worker_of(circle["Camden"], f"Camden Worker {n}")
    call = raise_call(circle)
    client.force_login(circle.managers["Camden"])

    with django_assert_num_queries(8):
        response = client.get(reverse("crisis_answer", args=[call.pk]))

    assert response.status_code == 200
    assert response.content.decode().count("Camden Worker") == size
