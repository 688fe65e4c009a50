"""Raising a crisis call: an open crisis help request, the call, and every other
borough with a manager on its list, neighbours first, least pressured first,
the more pressured held to the last; the first circle asked at once."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from pressure.crisis import services
from pressure.models import CrisisCall, CrisisStage, CrisisStatus
from secondments.models import HelpRequest, RequestStatus, Urgency
from tests.crisis_scenes import make_circle, raise_call, raise_data, raise_form

pytestmark = pytest.mark.django_db


def test_a_call_opens_a_crisis_help_request_for_the_callers_borough():
    circle = make_circle()

    call = raise_call(circle, people_needed=3)

    help_request = call.help_request
    assert help_request.borough == circle["Haringey"]
    assert help_request.urgency == Urgency.CRISIS
    assert help_request.status == RequestStatus.OPEN
    assert help_request.places == 3
    assert call.status == CrisisStatus.OPEN
    assert call.caller_index is not None


def test_boroughs_are_listed_by_circle_then_least_pressured_first():
    circle = make_circle()

    call = raise_call(circle)

    listed = [(a.borough.name, a.stage, a.more_pressured) for a in call.asks.order_by("position")]
    assert listed == [
        ("Camden", CrisisStage.NEIGHBOURS, False),
        ("Islington", CrisisStage.NEIGHBOURS, False),
        ("Croydon", CrisisStage.REGION, False),
        ("Kent", CrisisStage.EVERYWHERE, False),
        # A neighbour under more pressure than Haringey is asked last of all.
        ("Enfield", CrisisStage.EVERYWHERE, True),
    ]
    camden = call.asks.get(borough=circle["Camden"])
    enfield = call.asks.get(borough=circle["Enfield"])
    assert camden.pressure_index < call.caller_index < enfield.pressure_index


def test_only_the_neighbours_are_asked_at_once_and_their_managers_told():
    circle = make_circle()

    call = raise_call(circle)

    asked = set(call.asks.filter(asked_at__isnull=False).values_list("borough__name", flat=True))
    assert asked == {"Camden", "Islington"}
    assert call.stage == CrisisStage.NEIGHBOURS
    told = set(
        Notification.objects.filter(event="crisis_asked").values_list(
            "recipient__borough__name", flat=True
        )
    )
    assert told == {"Camden", "Islington"}


def test_a_borough_without_a_manager_is_not_on_the_list():
    circle = make_circle()
    circle.managers["Croydon"].delete()

    call = raise_call(circle)

    assert not call.asks.filter(borough=circle["Croydon"]).exists()


def test_a_call_with_no_neighbours_starts_with_the_region():
    circle = make_circle()
    circle["Haringey"].neighbours.clear()

    call = raise_call(circle)

    assert call.stage == CrisisStage.REGION
    assert set(
        call.asks.filter(asked_at__isnull=False).values_list("borough__name", flat=True)
    ) == {"Camden", "Islington", "Croydon"}


def test_raising_is_audited_with_the_help_request():
    circle = make_circle()

    call = raise_call(circle)

    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["request_opened_for_crisis", "crisis_raised"]
    assert AuditEvent.objects.get(action="crisis_raised").object_id == call.pk


def test_a_coordinator_raises_a_call_for_any_borough(coordinator):
    circle = make_circle()

    call = services.crisis_call_raise(
        borough=circle["Haringey"], people_needed=1, data=raise_data(), by=coordinator
    )

    assert call.raised_by == coordinator
    assert call.help_request.borough == circle["Haringey"]


def test_a_manager_cannot_raise_a_call_for_another_borough():
    circle = make_circle()

    with pytest.raises(PermissionDenied):
        services.crisis_call_raise(
            borough=circle["Haringey"],
            people_needed=1,
            data=raise_data(),
            by=circle.managers["Camden"],
        )
    assert not CrisisCall.objects.exists()
    assert not HelpRequest.objects.exists()


def test_the_manager_raises_a_call_through_the_form_and_lands_on_its_board(client):
    circle = make_circle()
    client.force_login(circle.managers["Haringey"])

    page = client.get(reverse("crisis_raise"))
    assert page.status_code == 200
    assert "Borough in crisis" not in page.content.decode()  # their own borough

    response = client.post(reverse("crisis_raise"), raise_form(people_needed="2"))

    call = CrisisCall.objects.get()
    assert response.status_code == 302
    assert response["Location"] == call.get_absolute_url()
    assert call.people_needed == 2
    board = client.get(call.get_absolute_url()).content.decode()
    assert "Crisis call from Haringey" in board
    # The pressure index beside every borough, and the more pressured tagged.
    for ask in call.asks.all():
        assert f"pressure index {ask.pressure_index}" in board
    assert "Under more pressure" in board
    assert f"pressure index {call.caller_index}" in board


def test_the_caller_index_is_the_league_tables(client):
    circle = make_circle()

    call = raise_call(circle)

    assert isinstance(call.caller_index, Decimal)
    assert call.asks.get(borough=circle["Enfield"]).more_pressured
    assert not call.asks.get(borough=circle["Kent"]).more_pressured
