"""An asked borough answers a crisis call: it offers a named social worker from
its staff (who is asked to agree) or declines with a reason; a borough under
more pressure than the caller may decline without one."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from pressure.crisis import services
from pressure.models import AskAnswer, CrisisOffer, OfferStatus
from tests.crisis_scenes import make_circle, raise_call, worker_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    circle = make_circle()
    call = raise_call(circle)
    return circle, call


def _ask(call, circle, name):
    return call.asks.get(borough=circle[name])


def test_an_asked_borough_offers_a_named_worker_who_is_asked_to_agree(scene):
    circle, call = scene
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    ask = _ask(call, circle, "Camden")

    offer = services.crisis_offer_make(
        ask=ask, worker=wendy, note="Five years in assessment", by=circle.managers["Camden"]
    )

    ask.refresh_from_db()
    assert ask.answer == AskAnswer.OFFERED
    assert ask.answered_by == circle.managers["Camden"]
    assert ask.answered_at is not None
    assert offer.status == OfferStatus.AWAITING_WORKER
    told = Notification.objects.get(event="crisis_offer_to_agree")
    assert told.recipient == wendy
    assert told.link == offer.get_absolute_url()
    assert AuditEvent.objects.filter(action="crisis_offer_made", object_id=offer.pk).exists()


def test_an_asked_borough_declines_with_a_reason_and_the_caller_is_told(scene):
    circle, call = scene
    ask = _ask(call, circle, "Islington")

    services.crisis_ask_decline(
        ask=ask, reason="Two teams on sick leave", by=circle.managers["Islington"]
    )

    ask.refresh_from_db()
    assert (ask.answer, ask.decline_reason) == (AskAnswer.DECLINED, "Two teams on sick leave")
    assert Notification.objects.filter(
        event="crisis_answered", recipient=circle.managers["Haringey"]
    ).exists()


def test_a_pressed_borough_must_give_a_reason_to_decline(scene):
    circle, call = scene
    ask = _ask(call, circle, "Islington")

    with pytest.raises(ValidationError) as error:
        services.crisis_ask_decline(ask=ask, reason="  ", by=circle.managers["Islington"])

    assert error.value.message_dict["reason"] == ["Enter why your borough cannot offer anyone"]
    ask.refresh_from_db()
    assert ask.answer == AskAnswer.WAITING


def test_a_more_pressured_borough_declines_without_a_reason(scene):
    circle, call = scene
    ask = _ask(call, circle, "Enfield")
    ask.asked_at = call.created_at
    ask.save()

    services.crisis_ask_decline(ask=ask, by=circle.managers["Enfield"])

    ask.refresh_from_db()
    assert (ask.answer, ask.decline_reason) == (AskAnswer.DECLINED, "")


def test_a_borough_not_yet_asked_cannot_answer(scene):
    circle, call = scene
    ask = _ask(call, circle, "Croydon")

    with pytest.raises(PermissionDenied):
        services.crisis_ask_decline(ask=ask, reason="No", by=circle.managers["Croydon"])
    ask.refresh_from_db()
    assert ask.answer == AskAnswer.WAITING


def test_the_answer_page_offers_the_boroughs_own_staff(client, scene):
    circle, call = scene
    worker_of(circle["Camden"], "Wendy Worker")
    worker_of(circle["Islington"], "Ivan Islington")
    client.force_login(circle.managers["Camden"])

    page = client.get(reverse("crisis_answer", args=[call.pk])).content.decode()

    assert "Wendy Worker" in page
    assert "Ivan Islington" not in page
    assert "pressure index" in page


def test_offering_through_the_page_goes_back_to_the_board(client, scene):
    circle, call = scene
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    client.force_login(circle.managers["Camden"])

    response = client.post(reverse("crisis_offer_make", args=[call.pk]), {"worker": wendy.pk})

    assert response.status_code == 302
    assert response["Location"] == call.get_absolute_url()
    assert CrisisOffer.objects.get().worker == wendy


def test_declining_through_the_page_shows_the_reason_on_the_board(client, scene):
    circle, call = scene
    client.force_login(circle.managers["Islington"])

    client.post(reverse("crisis_decline", args=[call.pk]), {"reason": "Our own backlog"})

    board = client.get(call.get_absolute_url()).content.decode()
    assert "Our own backlog" in board
    assert "Declined" in board


def test_the_manager_sees_the_call_waiting_on_their_dashboard(client, scene):
    circle, call = scene
    client.force_login(circle.managers["Camden"])

    page = client.get(reverse("dashboard")).content.decode()

    assert "Crisis calls waiting for your answer" in page
    assert reverse("crisis_answer", args=[call.pk]) in page
