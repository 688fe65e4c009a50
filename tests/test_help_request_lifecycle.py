"""A host manager drafts, publishes, edits, closes or cancels a help request."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import FundingModel
from secondments import services
from secondments.models import HelpRequest, RequestStatus
from tests.clock import at
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


def _events(help_request) -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(object_type="helprequest", object_id=help_request.pk)
        .order_by("pk")
        .values_list("action", "from_state", "to_state")
    )


def test_manager_drafts_and_publishes_a_request_for_their_borough(haringey_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data())
    assert draft.status == RequestStatus.DRAFT
    assert draft.borough == haringey_manager.borough

    published = services.help_request_publish(help_request=draft, by=haringey_manager)

    assert published.status == RequestStatus.OPEN
    assert published.published_at is not None
    assert _events(draft) == [
        ("request_created", "", "draft"),
        ("request_published", "draft", "open"),
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": "starts"}, "ends_on", "End date must be after the start date"),
        ({"ends_on": 200}, "ends_on", "at most 6 months"),
        ({"places": 0}, "places", "greater than or equal to 1"),
        ({"days_per_week": 0}, "days_per_week", "greater than or equal to 1"),
        ({"days_per_week": 6}, "days_per_week", "less than or equal to 5"),
        ({"funding_model": FundingModel.DAY_RATE}, "day_rate", "Enter the agreed day rate"),
        ({"newly_qualified_suitable": True}, "supervisor_name", "Enter the name of the person"),
    ],
)
def test_bad_request_details_are_refused_and_nothing_is_saved(
    haringey_manager, overrides, field, message
):
    data = request_data()
    if overrides.get("ends_on") == "starts":
        overrides["ends_on"] = data["starts_on"] - datetime.timedelta(days=1)
    elif isinstance(overrides.get("ends_on"), int):
        overrides["ends_on"] = data["starts_on"] + datetime.timedelta(days=overrides["ends_on"])
    data.update(overrides)

    with pytest.raises(ValidationError) as error:
        services.help_request_create(by=haringey_manager, data=data)

    assert message in " ".join(error.value.message_dict[field])
    assert not HelpRequest.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_a_manager_can_ask_for_help(camden_worker, coordinator):
    for person in (camden_worker, coordinator):
        with pytest.raises(PermissionDenied):
            services.help_request_create(by=person, data=request_data())
    assert not HelpRequest.objects.exists()


def test_a_draft_whose_start_date_has_passed_cannot_be_published(haringey_manager):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    draft = services.help_request_create(
        by=haringey_manager,
        data=request_data(starts_on=tomorrow, ends_on=tomorrow + datetime.timedelta(days=30)),
    )
    two_days_on = at(tomorrow + datetime.timedelta(days=1))
    with (
        time_machine.travel(two_days_on, tick=False),
        pytest.raises(ValidationError, match="The start date has passed"),
    ):
        services.help_request_publish(help_request=draft, by=haringey_manager)
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT
    assert len(_events(draft)) == 1


def test_publishing_twice_is_refused_and_writes_nothing(haringey_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data())
    services.help_request_publish(help_request=draft, by=haringey_manager)

    with pytest.raises(ValidationError, match="already open"):
        services.help_request_publish(help_request=draft, by=haringey_manager)
    assert len(_events(draft)) == 2


def test_another_boroughs_manager_cannot_change_the_request(haringey_manager, hackney_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data())
    with pytest.raises(PermissionDenied):
        services.help_request_publish(help_request=draft, by=hackney_manager)
    with pytest.raises(PermissionDenied):
        services.help_request_update(
            help_request=draft, by=hackney_manager, data=request_data(title="Hijacked")
        )
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT
    assert draft.title == "Two social workers for the assessment team"


def test_host_edits_an_open_request_and_the_edit_is_audited(haringey_manager):
    request = services.help_request_create(by=haringey_manager, data=request_data())
    services.help_request_publish(help_request=request, by=haringey_manager)

    services.help_request_update(
        help_request=request, by=haringey_manager, data=request_data(places=3)
    )

    request.refresh_from_db()
    assert request.places == 3
    assert _events(request)[-1] == ("request_edited", "open", "open")


def test_host_closes_an_open_request(haringey_manager):
    request = services.help_request_create(by=haringey_manager, data=request_data())
    services.help_request_publish(help_request=request, by=haringey_manager)

    services.help_request_close(help_request=request, by=haringey_manager, reason="Recruited")

    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.help_request_update(help_request=request, by=haringey_manager, data=request_data())
    assert _events(request)[-1] == ("request_closed", "open", "closed")


def test_coordinator_may_cancel_but_only_with_a_reason(haringey_manager, coordinator):
    request = services.help_request_create(by=haringey_manager, data=request_data())
    services.help_request_publish(help_request=request, by=haringey_manager)

    with pytest.raises(ValidationError):
        services.help_request_cancel(help_request=request, by=coordinator, reason="  ")
    with pytest.raises(PermissionDenied):
        services.help_request_close(help_request=request, by=coordinator)

    services.help_request_cancel(help_request=request, by=coordinator, reason="Duplicate request")
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert request.status_reason == "Duplicate request"
    event = AuditEvent.objects.filter(object_id=request.pk).first()
    assert (event.actor, event.action, event.reason) == (
        coordinator,
        "request_cancelled",
        "Duplicate request",
    )
    with pytest.raises(ValidationError, match="cannot be cancelled"):
        services.help_request_cancel(help_request=request, by=coordinator, reason="Again")
    assert len(_events(request)) == 3
