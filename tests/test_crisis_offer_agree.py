"""The offered worker agrees or says no. An agreed offer arrives on the call's
help request already released by the home borough: the host selects it, it
goes straight to the coordinators as the offering manager's release, and the
usual approval creates the placement."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from pressure.crisis import services
from pressure.models import AskAnswer, CrisisStatus, OfferStatus
from secondments import services as secondments
from secondments.models import ApplicationStatus, Placement
from tests.crisis_scenes import make_circle, raise_call, worker_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered():
    circle = make_circle()
    call = raise_call(circle, people_needed=1)
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    offer = services.crisis_offer_make(
        ask=call.asks.get(borough=circle["Camden"]), worker=wendy, by=circle.managers["Camden"]
    )
    return circle, call, wendy, offer


def test_an_agreed_offer_becomes_an_application_released_in_advance(offered):
    circle, call, wendy, offer = offered

    services.crisis_offer_agree(offer=offer, by=wendy)

    offer.refresh_from_db()
    application = offer.application
    assert offer.status == OfferStatus.AGREED
    assert application.help_request == call.help_request
    assert application.status == ApplicationStatus.INTERESTED
    assert application.released_in_advance_by == circle.managers["Camden"]
    told = set(
        Notification.objects.filter(event="crisis_offer_decided").values_list(
            "recipient__borough__name", flat=True
        )
    )
    assert told == {"Camden", "Haringey"}


def test_enough_agreed_offers_meet_the_call(offered):
    _circle, call, wendy, offer = offered

    services.crisis_offer_agree(offer=offer, by=wendy)

    call.refresh_from_db()
    assert call.status == CrisisStatus.MET
    assert call.met_at is not None


def test_selecting_an_agreed_offer_goes_straight_to_the_coordinators(offered, coordinator):
    circle, _call, wendy, offer = offered
    services.crisis_offer_agree(offer=offer, by=wendy)
    offer.refresh_from_db()

    application = secondments.application_select(
        application=offer.application, by=circle.managers["Haringey"]
    )

    assert application.status == ApplicationStatus.RELEASED
    release = AuditEvent.objects.get(action="application_released", object_id=application.pk)
    assert release.actor == circle.managers["Camden"]
    assert Notification.objects.filter(event="application_released", recipient=coordinator).exists()
    placement = secondments.application_approve(application=application, by=coordinator)
    assert placement.worker == wendy
    assert placement.host == circle["Haringey"]
    assert Placement.objects.count() == 1


def test_the_worker_says_no_and_their_borough_can_answer_again(offered):
    circle, _call, wendy, offer = offered

    services.crisis_offer_refuse(offer=offer, reason="Moving house that month", by=wendy)

    offer.refresh_from_db()
    ask = offer.ask
    ask.refresh_from_db()
    assert (offer.status, offer.worker_reason) == (OfferStatus.REFUSED, "Moving house that month")
    assert ask.answer == AskAnswer.WAITING
    assert Notification.objects.filter(
        event="crisis_offer_decided", recipient=circle.managers["Camden"]
    ).exists()


def test_only_the_offered_worker_can_agree(offered):
    circle, _call, _wendy, offer = offered
    other = worker_of(circle["Camden"], "Other Worker")

    with pytest.raises(PermissionDenied):
        services.crisis_offer_agree(offer=offer, by=other)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AWAITING_WORKER


def test_an_answered_offer_cannot_be_answered_again(offered):
    _circle, _call, wendy, offer = offered
    services.crisis_offer_agree(offer=offer, by=wendy)

    with pytest.raises(ValidationError):
        services.crisis_offer_refuse(offer=offer, by=wendy)


def test_the_worker_agrees_on_their_offer_page(client, offered):
    _circle, _call, wendy, offer = offered
    client.force_login(wendy)

    dashboard = client.get(reverse("dashboard")).content.decode()
    assert offer.get_absolute_url() in dashboard
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Agree to go" in page

    response = client.post(reverse("crisis_offer_agree", args=[offer.pk]))

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AGREED


def test_agreeing_twice_through_the_page_is_a_conflict(client, offered):
    _circle, _call, wendy, offer = offered
    client.force_login(wendy)
    client.post(reverse("crisis_offer_agree", args=[offer.pk]))

    response = client.post(reverse("crisis_offer_agree", args=[offer.pk]))

    assert response.status_code == 409
    assert "already answered" in response.content.decode()
