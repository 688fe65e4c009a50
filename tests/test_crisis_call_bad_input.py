"""Bad input to crisis calls: specific errors, never a 500, nothing saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressure.crisis import services
from pressure.models import AskAnswer, CrisisCall, CrisisOffer
from secondments.models import HelpRequest
from tests.crisis_scenes import make_circle, raise_call, raise_form, worker_of
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def circle():
    return make_circle()


def _raise(client, circle, **form):
    client.force_login(circle.managers["Haringey"])
    return client.post(reverse("crisis_raise"), raise_form(**form))


def _day(days: int) -> str:
    return (TODAY() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"people_needed": "0"}, "Ask for between 1 and 20 social workers"),
        ({"people_needed": "21"}, "Ask for between 1 and 20 social workers"),
        ({"people_needed": "two"}, "Enter how many social workers you need as a whole number"),
        ({"starts_on": _day(-1)}, "Start date must be today or in the future"),
        (
            {"starts_on": _day(30), "ends_on": _day(20)},
            "End date must be after the start date",
        ),
        (
            {"starts_on": _day(10), "ends_on": _day(300)},
            "A secondment can last at most 6 months",
        ),
        ({"starts_on": "2026-02-31"}, "Start date must be a real date"),
        ({"ends_on": "9999-01-01"}, "End date must be before"),
        ({"description": "x" * 2001}, "Description of the work must be 2,000 characters or fewer"),
        ({"days_per_week": "6"}, "Days per week must be between 1 and 5"),
        ({"purpose": "party"}, "Select what the help is for from the list"),
        ({"funding_model": "day_rate", "day_rate": ""}, "Enter the agreed day rate"),
    ],
)
def test_a_bad_call_is_refused_with_a_specific_message(client, circle, form, message):
    response = _raise(client, circle, **form)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not CrisisCall.objects.exists()
    assert not HelpRequest.objects.exists()


def test_zero_people_is_refused_by_the_service_too(circle):
    with pytest.raises(Exception, match="between 1 and 20"):
        raise_call(circle, people_needed=0)
    assert not CrisisCall.objects.exists()
    assert not HelpRequest.objects.exists()


@pytest.fixture
def call(circle):
    return raise_call(circle)


def _offer(client, circle, call, borough, worker):
    client.force_login(circle.managers[borough])
    return client.post(reverse("crisis_offer_make", args=[call.pk]), {"worker": worker.pk})


def test_offering_a_worker_of_another_borough_is_refused(client, circle, call):
    ivan = worker_of(circle["Islington"], "Ivan Islington")

    response = _offer(client, circle, call, "Camden", ivan)

    assert response.status_code == 400
    page = response.content.decode()
    assert "That social worker does not work for Camden: choose one of your staff" in page
    # Camden's manager may not learn the name of Islington's worker by trying ids.
    assert "Ivan Islington" not in page
    assert not CrisisOffer.objects.exists()
    assert call.asks.get(borough=circle["Camden"]).answer == AskAnswer.WAITING


def test_offering_a_worker_already_placed_on_those_dates_is_refused(client, circle, call):
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    PlacementFactory(
        worker=wendy,
        help_request__borough=circle["Croydon"],
        help_request__starts_on=call.help_request.starts_on,
        help_request__ends_on=call.help_request.starts_on + datetime.timedelta(days=30),
    )

    response = _offer(client, circle, call, "Camden", wendy)

    assert response.status_code == 400
    assert "already has a placement in Croydon" in response.content.decode()
    assert not CrisisOffer.objects.exists()


def test_offering_a_worker_with_an_unverified_registration_is_refused(client, circle, call):
    wendy = worker_of(circle["Camden"], "Wendy Worker", registration_verified=False)

    response = _offer(client, circle, call, "Camden", wendy)

    assert response.status_code == 400
    assert "registration" in response.content.decode()
    assert not CrisisOffer.objects.exists()


def test_a_second_offer_of_the_same_worker_is_a_conflict(client, circle, call):
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    _offer(client, circle, call, "Camden", wendy)

    response = _offer(client, circle, call, "Camden", wendy)

    assert response.status_code == 409
    assert "Camden has already answered this crisis call" in response.content.decode()
    assert CrisisOffer.objects.count() == 1


def test_a_second_offer_of_the_same_worker_is_refused_by_the_service(circle, call):
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    ask = call.asks.get(borough=circle["Camden"])
    services.crisis_offer_make(ask=ask, worker=wendy, by=circle.managers["Camden"])
    # Even were the borough's answer reopened, the worker is already offered.
    ask.answer = AskAnswer.WAITING
    ask.save()

    with pytest.raises(Exception, match="already offered"):
        services.crisis_offer_make(ask=ask, worker=wendy, by=circle.managers["Camden"])
    assert CrisisOffer.objects.count() == 1


def test_declining_after_answering_is_a_conflict(client, circle, call):
    client.force_login(circle.managers["Islington"])
    client.post(reverse("crisis_decline", args=[call.pk]), {"reason": "No one"})

    response = client.post(reverse("crisis_decline", args=[call.pk]), {"reason": "Again"})

    assert response.status_code == 409
    assert call.asks.get(borough=circle["Islington"]).decline_reason == "No one"


def test_answering_for_a_borough_not_asked_is_forbidden(client, circle, call):
    client.force_login(circle.managers["Croydon"])  # region: not asked yet

    for name in ("crisis_answer", "crisis_offer_make", "crisis_decline"):
        response = client.post(reverse(name, args=[call.pk]), {"reason": "No"})
        assert response.status_code == 404

    assert call.asks.get(borough=circle["Croydon"]).answer == AskAnswer.WAITING


def test_the_caller_cannot_answer_its_own_call(client, circle, call):
    client.force_login(circle.managers["Haringey"])

    response = client.post(reverse("crisis_decline", args=[call.pk]), {"reason": "No"})

    assert response.status_code == 403
    assert "not been asked" in response.content.decode()


def test_a_decline_reason_over_the_limit_is_refused(client, circle, call):
    client.force_login(circle.managers["Islington"])

    response = client.post(reverse("crisis_decline", args=[call.pk]), {"reason": "x" * 2001})

    assert response.status_code == 400
    assert "Reason must be 2,000 characters or fewer" in response.content.decode()
    assert call.asks.get(borough=circle["Islington"]).answer == AskAnswer.WAITING


def test_a_pressed_borough_declining_without_a_reason_is_told_why(client, circle, call):
    client.force_login(circle.managers["Islington"])

    response = client.post(reverse("crisis_decline", args=[call.pk]), {"reason": ""})

    assert response.status_code == 400
    assert "Enter why your borough cannot offer anyone" in response.content.decode()


def test_the_raise_form_sent_twice_raises_one_call(client, circle):
    first = _raise(client, circle)
    second = _raise(client, circle)

    assert first.status_code == 302
    assert second.status_code == 400
    assert "Haringey already has an open crisis call for this work and these dates" in (
        second.content.decode()
    )
    assert CrisisCall.objects.count() == 1
    assert HelpRequest.objects.count() == 1


def test_the_same_work_can_be_asked_for_again_once_the_call_is_closed(circle):
    call = raise_call(circle)
    services.crisis_call_close(call=call, by=circle.managers["Haringey"])

    raise_call(circle)

    assert CrisisCall.objects.count() == 2
