"""Acceptance 3 of issue 12: the marketplace journey done through the API writes
the same audit events and the same notifications as the same journey done
through the web pages.

Two Camden social workers each go the whole way to a signed-off week in
Haringey, one through the pages (the test client), the other through the API
(a personal token each): the host manager asks for help and publishes it, the
worker volunteers, the host selects, the home manager releases, a
coordinator approves, the placement starts, the worker submits a week and the
host signs it off. The two runs are compared step by step.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from money.models import Timesheet
from notifications.models import Notification
from secondments import services
from secondments.models import Application, HelpRequest, Placement
from tests.api_clients import api_client_for
from tests.clock import at
from tests.factories import UserFactory, WorkerProfileFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ASKED_ON = D(2026, 10, 5)
STARTS_ON = D(2026, 10, 7)
ENDS_ON = D(2026, 11, 27)
WEEK = D(2026, 10, 5)  # the placement's first week: Wednesday to Friday worked
RECORDED_ON = D(2026, 10, 12)
WORKED = [D(2026, 10, 7), D(2026, 10, 8), D(2026, 10, 9)]
NOTE = "Three years on a duty and assessment team"

REQUEST = {
    "title": "Cover for the front door",
    "purpose": "crisis_cover",
    "job_level": 2,
    "min_years_qualified": 3,
    "places": 1,
    "starts_on": STARTS_ON.isoformat(),
    "ends_on": ENDS_ON.isoformat(),
    "days_per_week": 3,
    "working_pattern": "on_site",
    "location": "Wood Green civic centre",
    "funding_model": "home_funded",
    "urgency": "crisis",
    "description": "Referrals doubled after a serious case review.",
}


@pytest.fixture
def second_worker(camden):
    worker = UserFactory(
        email="second.worker@camden.gov.uk", full_name="Sam Second", borough=camden
    )
    WorkerProfileFactory(user=worker)
    return worker


def _marks() -> tuple[int, int]:
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_note = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last_event, last_note


def _since(marks: tuple[int, int], labels: dict) -> tuple[list, list]:
    """What was written after the marks: the audit events in order, and each
    notification's event and recipient; people named by their part in the journey."""
    events = [
        (e.action, e.object_type, e.from_state, e.to_state, labels.get(e.actor_id, "system"))
        for e in AuditEvent.objects.filter(pk__gt=marks[0])
        .exclude(action="signed_in")
        .order_by("pk")
    ]
    notes = sorted(
        (n.event, labels[n.recipient_id])
        for n in Notification.objects.filter(pk__gt=marks[1]).order_by("pk")
    )
    return events, notes


def _web_until_approved(client, people: dict, worker) -> Placement:
    client.force_login(people["host"])
    form = {**REQUEST, "job_level": "2", "min_years_qualified": "3", "places": "1"}
    form["days_per_week"] = "3"
    assert client.post(reverse("request_create"), form).status_code == 302
    help_request = HelpRequest.objects.filter(created_by=people["host"]).latest("pk")
    assert client.post(reverse("request_publish", args=[help_request.pk])).status_code == 302
    client.force_login(worker)
    response = client.post(reverse("request_volunteer", args=[help_request.pk]), {"note": NOTE})
    assert response.status_code == 302
    application = Application.objects.get(help_request=help_request, worker=worker)
    for person, step in (("host", "select"), ("home", "release"), ("coordinator", "approve")):
        client.force_login(people[person])
        url = reverse("application_action", args=[application.pk, step])
        assert client.post(url, {"reason": ""}).status_code == 302, step
    return Placement.objects.get(application=application)


def _api_until_approved(api: dict) -> Placement:
    created = api["host"].post("/api/v1/requests/", REQUEST)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api["host"].post(f"/api/v1/requests/{pk}/publish/").status_code == 200
    offered = api["worker"].post(f"/api/v1/requests/{pk}/volunteer/", {"note": NOTE})
    assert offered.status_code == 201, offered.json()
    application = offered.json()["id"]
    for person, step in (("host", "select"), ("home", "release"), ("coordinator", "approve")):
        answer = api[person].post(f"/api/v1/applications/{application}/{step}/", {})
        assert answer.status_code == 200, (step, answer.json())
    placement = answer.json()["placement"]
    return Placement.objects.get(pk=placement)


def _web_timesheet(client, people: dict, placement: Placement) -> None:
    client.force_login(placement.worker)
    url = reverse("timesheet_week", args=[placement.pk, WEEK.isoformat()])
    days = {f"day_{day.isoformat()}": "1" for day in WORKED}
    assert client.post(url, days).status_code == 302
    timesheet = Timesheet.objects.get(placement=placement)
    client.force_login(people["host"])
    assert client.post(reverse("timesheet_sign_off", args=[timesheet.pk])).status_code == 302


def _api_timesheet(api: dict, placement: Placement) -> None:
    submitted = api["worker"].post(
        "/api/v1/timesheets/submit/",
        {
            "placement": placement.pk,
            "week_starting": WEEK.isoformat(),
            "days": [{"day": day.isoformat(), "amount": "1"} for day in WORKED],
        },
    )
    assert submitted.status_code == 201, submitted.json()
    url = f"/api/v1/timesheets/{submitted.json()['id']}/sign-off/"
    assert api["host"].post(url).status_code == 200


def test_the_api_journey_writes_the_same_audit_and_notifications_as_the_web(
    client, haringey_manager, camden_manager, coordinator, camden_worker, second_worker
):
    people = {"host": haringey_manager, "home": camden_manager, "coordinator": coordinator}
    labels = {
        haringey_manager.pk: "host manager",
        camden_manager.pk: "home manager",
        coordinator.pk: "coordinator",
    }
    web_labels = {**labels, camden_worker.pk: "worker"}
    api_labels = {**labels, second_worker.pk: "worker"}

    with time_machine.travel(at(ASKED_ON, 10), tick=False):
        # Tokens made once, live for 30 days: the whole journey.
        api = {name: api_client_for(person) for name, person in people.items()}
        api["worker"] = api_client_for(second_worker)
        marks = _marks()
        web_placement = _web_until_approved(client, people, camden_worker)
        web_agreeing = _since(marks, web_labels)
        marks = _marks()
        api_placement = _api_until_approved(api)
        api_agreeing = _since(marks, api_labels)

    with time_machine.travel(at(RECORDED_ON, 10), tick=False):
        assert services.placements_advance(today=RECORDED_ON) == (2, 0)
        marks = _marks()
        _web_timesheet(client, people, web_placement)
        web_recording = _since(marks, web_labels)
        marks = _marks()
        _api_timesheet(api, api_placement)
        api_recording = _since(marks, api_labels)

    assert api_agreeing == web_agreeing
    assert api_recording == web_recording
    # The comparison is about a whole journey, not two empty lists.
    events, notes = web_agreeing
    assert [event[0] for event in events] == [
        "request_created",
        "request_published",
        "application_interested",
        "application_selected",
        "application_released",
        "application_approved",
        "placement_confirmed",
        "request_filled",
    ]
    assert ("application_approved", "worker") in notes
    assert ("application_volunteered", "host manager") in notes
    events, notes = web_recording
    assert [event[0] for event in events] == ["timesheet_submitted", "timesheet_signed_off"]
    assert notes == [("timesheet_signed_off", "worker"), ("timesheet_submitted", "host manager")]
