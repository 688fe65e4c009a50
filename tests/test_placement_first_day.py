"""The placement page has what a person needs on their first day (issue 8).

The host borough's managers (or a coordinator) give where to report, whom to
ask for and their phone, the start time, the working pattern and days, the
induction and supervision; the worker, the home managers and the coordinators
see them on the placement page. The worker is told of every change, the home
managers of a new address or start time.
"""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from boroughs.models import FundingModel
from notifications.models import Notification
from secondments import services
from secondments.models import FIRST_DAY_FIELDS, Placement, PlacementStatus, WorkingPattern
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

ADDRESS = "River Park House, 225 High Road, London N22 8HQ"


@pytest.fixture
def placement(haringey, camden_worker) -> Placement:
    """Camden's worker placed in Haringey, 3 days a week, starting in two weeks."""
    return PlacementFactory(help_request__borough=haringey, worker=camden_worker)


def _form(**overrides) -> dict:
    data = {
        "report_to_address": ADDRESS,
        "host_contact_name": "Amara Stewart, team manager",
        "host_contact_phone": "+44 (0)20 7946 0123",
        "first_day_starts_at": "9.30am",
        "working_pattern": WorkingPattern.ON_SITE,
        "working_days": ["mon", "wed", "thu"],
        "induction_notes": "Bring photo ID for your badge.",
        "supervision_arrangement": "Fortnightly with Amara.",
    }
    return data | overrides


def _url(placement) -> str:
    return reverse("placement_arrangements", args=[placement.pk])


def _audit_rows():
    return AuditEvent.objects.exclude(action="signed_in")


def _first_day(placement) -> dict:
    placement = Placement.objects.get(pk=placement.pk)
    return {field: getattr(placement, field) for field in FIRST_DAY_FIELDS}


def _told(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, event="placement_details_changed"))


# --- The host gives the details; everyone involved sees them ------------------------


def test_host_manager_gives_first_day_details_and_the_worker_sees_them(
    client, placement, haringey_manager, camden_worker, camden_manager
):
    client.force_login(haringey_manager)
    response = client.post(_url(placement), _form())
    assert response.status_code == 302
    assert response.url == placement.get_absolute_url()

    saved = Placement.objects.get(pk=placement.pk)
    assert saved.host_contact_phone == "02079460123"
    assert saved.first_day_starts_at == datetime.time(9, 30)
    assert saved.working_days == "mon wed thu"

    client.force_login(camden_worker)
    page = client.get(placement.get_absolute_url()).content.decode()
    assert "Your first day" in page
    assert ADDRESS in page
    assert "Amara Stewart, team manager" in page
    assert 'href="tel:02079460123">020 7946 0123</a>' in page
    assert f"9:30am on {placement.starts_on:%A %-d %B %Y}" in page
    assert "Monday, Wednesday, Thursday" in page
    assert "On site" in page
    assert "Bring photo ID for your badge." in page
    assert "Fortnightly with Amara." in page
    assert "Not given yet" not in page

    (worker_note,) = _told(camden_worker)
    assert worker_note.title == "Haringey changed the details of your first day"
    assert "where to report" in worker_note.body
    assert worker_note.link == placement.get_absolute_url()
    # A new address and start time matter to the borough planning around them.
    (home_note,) = _told(camden_manager)
    assert home_note.title == "Wendy Worker's first day in Haringey has changed"


def test_home_manager_and_coordinator_see_the_details_too(
    client, placement, haringey_manager, camden_manager, coordinator
):
    services.placement_arrangements_update(
        placement=placement, data={"report_to_address": ADDRESS}, by=haringey_manager
    )
    for person in (camden_manager, coordinator):
        client.force_login(person)
        page = client.get(placement.get_absolute_url()).content.decode()
        assert "First day" in page
        assert ADDRESS in page


def test_page_says_not_given_yet_and_shows_the_requests_funding_terms(
    client, haringey, camden_worker
):
    placement = PlacementFactory(
        help_request__borough=haringey,
        help_request__funding_model=FundingModel.DAY_RATE,
        help_request__day_rate=Decimal("350.00"),
        worker=camden_worker,
    )
    client.force_login(camden_worker)
    page = client.get(placement.get_absolute_url()).content.decode()

    assert page.count("Not given yet") == 7
    assert "Hybrid" in page  # the request's pattern, until the host says otherwise
    assert "Agreed day rate" in page
    assert "£350.00 a day" in page
    assert "Change the first-day details" not in page


def test_only_the_host_and_coordinators_are_offered_the_change_link(
    client, placement, haringey_manager, coordinator, camden_manager, camden_worker
):
    for person, offered in [
        (haringey_manager, True),
        (coordinator, True),
        (camden_manager, False),
        (camden_worker, False),
    ]:
        client.force_login(person)
        page = client.get(placement.get_absolute_url()).content.decode()
        assert ("Change the first-day details" in page) is offered, person


def test_coordinator_can_change_the_details(client, placement, coordinator):
    client.force_login(coordinator)
    response = client.post(_url(placement), _form(first_day_starts_at="13:00"))
    assert response.status_code == 302
    assert _first_day(placement)["first_day_starts_at"] == datetime.time(13, 0)


def test_home_managers_are_not_told_of_other_changes(
    placement, haringey_manager, camden_worker, camden_manager
):
    services.placement_arrangements_update(
        placement=placement,
        data={"induction_notes": "Shadow the duty desk on Tuesday."},
        by=haringey_manager,
    )
    assert len(_told(camden_worker)) == 1
    assert _told(camden_manager) == []


def test_only_the_fields_given_change(placement, haringey_manager):
    services.placement_arrangements_update(
        placement=placement,
        data={"report_to_address": ADDRESS, "host_contact_name": "Amara Stewart"},
        by=haringey_manager,
    )
    services.placement_arrangements_update(
        placement=placement, data={"host_contact_name": "Sam Okafor"}, by=haringey_manager
    )
    saved = _first_day(placement)
    assert saved["report_to_address"] == ADDRESS
    assert saved["host_contact_name"] == "Sam Okafor"


# --- Nobody else changes them ------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("camden_worker", 403), ("camden_manager", 403), ("hackney_manager", 404)],
)
def test_worker_home_manager_and_other_borough_cannot_change_the_details(
    client, request, placement, persona, status
):
    before = _first_day(placement)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(_url(placement)).status_code == status
    assert client.post(_url(placement), _form()).status_code == status

    assert _first_day(placement) == before
    assert not _audit_rows().exists()
    assert not Notification.objects.filter(event="placement_details_changed").exists()


def test_service_refuses_the_home_manager(placement, camden_manager):
    with pytest.raises(PermissionDenied):
        services.placement_arrangements_update(
            placement=placement, data={"report_to_address": ADDRESS}, by=camden_manager
        )
    assert _first_day(placement)["report_to_address"] == ""


# --- Bad input: a specific message each, nothing saved ------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "host_contact_phone",
            "0909 879 0000",
            "Enter a UK phone number, like 020 7946 0123 or 07700 900 982",
        ),
        (
            "host_contact_phone",
            "call reception",
            "Enter a UK phone number, like 020 7946 0123 or 07700 900 982",
        ),
        (
            "host_contact_phone",
            "0" * 31,
            "Enter a UK phone number, like 020 7946 0123 or 07700 900 982",
        ),
        ("first_day_starts_at", "nine-ish", "Enter the start time like 9am, 9:30am or 13:30"),
        ("first_day_starts_at", "9", "Enter the start time like 9am, 9:30am or 13:30"),
        ("first_day_starts_at", "25:00", "Start time must be a real time"),
        ("first_day_starts_at", "13pm", "Start time must be a real time"),
        ("first_day_starts_at", "9:75", "Start time must be a real time"),
        ("report_to_address", "x" * 501, "Address must be 500 characters or fewer"),
        ("host_contact_name", "x" * 151, "Name must be 150 characters or fewer"),
        ("induction_notes", "x" * 5001, "Induction must be 5,000 characters or fewer"),
        ("supervision_arrangement", "x" * 2001, "Supervision must be 2,000 characters or fewer"),
        ("working_days", ["mon", "tue"], "Select 3 days, to match the 3 days a week agreed"),
        ("working_days", ["sat", "sun", "mon"], "Select days from Monday to Friday"),
    ],
)
def test_bad_input_gets_its_own_message_and_nothing_is_saved(
    client, placement, haringey_manager, camden_worker, field, value, message
):
    client.force_login(haringey_manager)
    response = client.post(_url(placement), _form(**{field: value}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in html.unescape(page.split("govuk-error-summary__list")[1])
    assert _first_day(placement)["report_to_address"] == ""
    assert not _audit_rows().exists()
    assert _told(camden_worker) == []


def test_every_mistake_is_listed_at_once(client, placement, haringey_manager):
    client.force_login(haringey_manager)
    response = client.post(
        _url(placement),
        _form(host_contact_phone="12", first_day_starts_at="25:00", working_days=["mon"]),
    )
    summary = response.content.decode().split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert summary.count("<li>") == 3
    assert "Enter a UK phone number" in summary
    assert "Start time must be a real time" in summary
    assert "Select 3 days, to match the 3 days a week agreed" in summary


def test_phone_numbers_are_taken_as_people_write_them(placement, haringey_manager):
    for typed, stored in [
        ("020 7946 0123", "02079460123"),
        ("0161 496 0123", "01614960123"),
        ("0300-123-4567", "03001234567"),
        ("07700 900 982", "07700900982"),
        ("+447700900982", "07700900982"),
    ]:
        services.placement_arrangements_update(
            placement=placement, data={"host_contact_phone": typed}, by=haringey_manager
        )
        assert _first_day(placement)["host_contact_phone"] == stored, typed


def test_service_refuses_days_that_do_not_match_the_days_a_week(placement, haringey_manager):
    with pytest.raises(ValidationError) as refused:
        services.placement_arrangements_update(
            placement=placement, data={"working_days": ["mon"]}, by=haringey_manager
        )
    assert refused.value.message_dict == {
        "working_days": ["Select 3 days, to match the 3 days a week agreed"]
    }


def test_service_refuses_over_long_text_however_it_is_called(placement, haringey_manager):
    with pytest.raises(ValidationError) as refused:
        services.placement_arrangements_update(
            placement=placement, data={"induction_notes": "x" * 5001}, by=haringey_manager
        )
    assert set(refused.value.message_dict) == {"induction_notes"}
    assert _first_day(placement)["induction_notes"] == ""
    assert not _audit_rows().exists()


# --- Only while the placement is confirmed or active --------------------------------


@pytest.mark.parametrize("status", [PlacementStatus.CANCELLED, PlacementStatus.COMPLETED])
def test_cancelled_or_completed_placement_cannot_be_changed(
    client, haringey, camden_worker, haringey_manager, status
):
    placement = PlacementFactory(
        help_request__borough=haringey, worker=camden_worker, status=status
    )
    message = f"This placement is {status}: its first-day details can no longer be changed"

    with pytest.raises(ValidationError, match=message):
        services.placement_arrangements_update(
            placement=placement, data={"report_to_address": ADDRESS}, by=haringey_manager
        )
    client.force_login(haringey_manager)
    response = client.post(_url(placement), _form())
    assert response.status_code == 409
    assert message in response.content.decode()
    assert "Change the first-day details" not in (
        client.get(placement.get_absolute_url()).content.decode()
    )
    assert _first_day(placement)["report_to_address"] == ""
    assert not _audit_rows().exists()


def test_an_active_placement_can_still_be_changed(haringey, camden_worker, haringey_manager):
    placement = PlacementFactory(
        help_request__borough=haringey, worker=camden_worker, status=PlacementStatus.ACTIVE
    )
    services.placement_arrangements_update(
        placement=placement, data={"supervision_arrangement": "Weekly"}, by=haringey_manager
    )
    assert _first_day(placement)["supervision_arrangement"] == "Weekly"


# --- The audit trail ----------------------------------------------------------------


def test_one_audit_row_per_change_naming_the_fields_never_the_values(
    client, placement, haringey_manager, camden_worker
):
    client.force_login(haringey_manager)
    client.post(_url(placement), _form())

    (event,) = _audit_rows()
    assert event.action == "placement_details_changed"
    assert event.actor == haringey_manager
    assert (event.object_id, event.from_state, event.to_state) == (
        placement.pk,
        PlacementStatus.CONFIRMED,
        PlacementStatus.CONFIRMED,
    )
    assert event.changed_fields == sorted(FIRST_DAY_FIELDS)
    assert event.reason == ""
    assert "02079460123" not in repr(AuditEvent.objects.values_list())

    client.post(_url(placement), _form(host_contact_phone="07700 900 982"))
    assert _audit_rows().count() == 2
    assert _audit_rows().latest("pk").changed_fields == ["host_contact_phone"]
    assert len(_told(camden_worker)) == 2


def test_nothing_changed_writes_nothing_and_tells_nobody(
    client, placement, haringey_manager, camden_worker
):
    client.force_login(haringey_manager)
    client.post(_url(placement), _form())
    # The form sent back as shown (the phone number spaced, the time as 9:30am).
    page = client.get(_url(placement)).content.decode()
    assert 'value="020 7946 0123"' in page
    assert 'value="9:30am"' in page

    response = client.post(
        _url(placement), _form(host_contact_phone="020 7946 0123", first_day_starts_at="9:30am")
    )
    assert response.status_code == 302
    assert _audit_rows().count() == 1
    assert len(_told(camden_worker)) == 1


def test_an_empty_form_for_a_new_placement_changes_nothing(client, placement, haringey_manager):
    client.force_login(haringey_manager)
    # Working pattern comes pre-filled from the request: sent back, it is no change.
    response = client.post(_url(placement), {"working_pattern": WorkingPattern.HYBRID})
    assert response.status_code == 302
    assert not _audit_rows().exists()
    assert _first_day(placement)["working_pattern"] == ""
