"""Hostile text typed into any free-text field shows as text on every page
that shows it, to everyone who may see it (issue 12, acceptance 6).

Each row of SOURCES is one form a person fills in: who fills it in, its
free-text fields, how it is posted, and the pages (with who looks) that show
what was typed. Every field gets its own tagged payload (tests/xss_payloads.py),
so a page that stops showing a field fails rather than passing vacuously.

The API half adds rows whose `write` sends the same payloads through an
endpoint (an example is in tests/xss_payloads.py), with `saved_status=201`,
and the same `Shown` pages. Echoed query strings and names that
come from data loading are in tests/test_xss_echoed_and_loaded.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import time_machine
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from accounts.models import Specialism, User, WorkerProfile
from boroughs.models import Agreement, FundingModel, Team
from learning.models import LearningEvent, LearningReport
from money.agreements.services import agreement_propose, agreement_record
from money.statements.services import statement_issue
from pressure.crisis import services as crisis
from pressure.models import CrisisCall, CrisisOffer
from secondments import services
from secondments.models import Application, HelpRequest, Placement, PlacementStatus
from tests.clock import at
from tests.crisis_scenes import make_circle, raise_data, raise_form
from tests.factories import PlacementFactory, WorkerFactory, worked_week
from tests.learning_reports import completed_placement, written
from tests.personas import TwoFactorClient
from tests.request_input import request_data, request_form
from tests.supervision_setup import date_fields, days_ago, newly_qualified_placement
from tests.timesheet_scenes import SECOND_WEEK, TODAY, haringey_placement, submitted
from tests.xss_payloads import assert_shown_escaped, payload

pytestmark = pytest.mark.django_db


class World:
    """The personas (by fixture name) and whatever a row makes on the way."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request
        self.made: dict[str, object] = {}

    def __getattr__(self, name: str):
        return self._request.getfixturevalue(name)


@dataclass(frozen=True)
class Shown:
    """A page that shows some of a row's fields, and who looks at it."""

    viewer: str  # persona fixture name
    url: Callable[[World], str]
    fields: tuple[str, ...] = ()  # empty: every field of the row


@dataclass(frozen=True)
class Source:
    form: str
    writer: str | None  # persona fixture name; None: someone not signed in
    fields: tuple[str, ...]
    write: Callable[[TwoFactorClient, World, dict[str, str]], HttpResponse]
    pages: tuple[Shown, ...] = field(default_factory=tuple)
    # A form redirects after saving; an API row (issue 12's API half) says 201 or 200.
    saved_status: int = 302


def tag(form: str, name: str) -> str:
    """Short, lower case, unique within a row: 'xss3'."""
    return f"xss{SOURCE_FIELDS[form].index(name)}"


# --- What each row needs before its form can be posted -----------------------


def _open_request(world: World, **data) -> HelpRequest:
    draft = services.help_request_create(by=world.haringey_manager, data=request_data(**data))
    return services.help_request_publish(help_request=draft, by=world.haringey_manager)


def _application(world: World) -> Application:
    if "application" not in world.made:
        help_request = _open_request(world)
        world.made["application"] = services.application_volunteer(
            help_request=help_request, by=world.camden_worker
        )
    return world.made["application"]


def _placement(world: World) -> Placement:
    if "placement" not in world.made:
        application = _application(world)
        services.application_select(application=application, by=world.haringey_manager)
        services.application_release(application=application, by=world.camden_manager)
        world.made["placement"] = services.application_approve(
            application=application, by=world.coordinator
        )
    return world.made["placement"]


def _completed(world: World) -> Placement:
    if "completed" not in world.made:
        world.made["completed"] = completed_placement(world.camden_worker, world.haringey)
    return world.made["completed"]


# --- How each form is posted -----------------------------------------------


def _post_help_request(client, world, texts):
    nq = {"newly_qualified_suitable": "on", "protected_caseload": "12"}
    nq["supervision_frequency"] = "weekly"
    response = client.post(reverse("request_create"), request_form(**nq, **texts))
    help_request = HelpRequest.objects.get()
    services.help_request_publish(help_request=help_request, by=world.haringey_manager)
    world.made["request"] = help_request
    return response


def _post_signup(client, world, texts):
    form = {"email": "sam.newcomer@camden.gov.uk", "borough": world.camden.pk}
    form |= {"password1": "a-long-and-unusual-passphrase"}
    form["password2"] = form["password1"]
    response = client.post(reverse("account_signup"), form | texts)
    world.made["newcomer"] = User.objects.get(email=form["email"])
    return response


def _post_volunteer(client, world, texts):
    help_request = _open_request(world)
    response = client.post(reverse("request_volunteer", args=[help_request.pk]), texts)
    world.made["application"] = Application.objects.get(help_request=help_request)
    return response


def _post_message(client, world, texts):
    return client.post(reverse("application_message_post", args=[_application(world).pk]), texts)


def _post_decline(client, world, texts):
    application = _application(world)
    return client.post(reverse("application_action", args=[application.pk, "decline"]), texts)


def _post_arrangements(client, world, texts):
    form = {"working_pattern": "on_site", "working_days": ["mon", "wed", "thu"]}
    form |= {"host_contact_phone": "020 7946 0123", "first_day_starts_at": "9.30am"}
    return client.post(reverse("placement_arrangements", args=[_placement(world).pk]), form | texts)


def _post_team(client, world, texts):
    response = client.post(reverse("team_add", args=[world.camden.gss_code]), texts)
    world.made["team"] = Team.objects.get(borough=world.camden, name=texts["name"])
    return response


def _post_account_details(client, world, texts):
    _application(world)  # so the host manager sees the worker's name on the application
    return client.post(reverse("account_details"), texts | {"phone_number": ""})


def _post_profile(client, world, texts):
    profile = world.camden_worker.worker_profile
    form = {
        "registration_number": profile.registration_number,
        "registration_expires_on": profile.registration_expires_on.isoformat(),
        "job_level": str(profile.job_level),
        "qualified_on": profile.qualified_on.isoformat(),
        "travel_scope": "neighbours",
        "specialisms": [str(pk) for pk in Specialism.objects.values_list("pk", flat=True)[:1]],
    }
    return client.post(reverse("profile_edit"), form | texts)


def _post_registration_query(client, world, texts):
    worker = world.camden_worker
    # Coordinators see the query beside "Verify" until the number is verified.
    WorkerProfile.objects.filter(user=worker).update(registration_verified=False)
    return client.post(reverse("person_query_registration", args=[worker.pk]), texts)


def _post_agreement(client, world, texts):
    form = {
        "other_borough": str(world.camden.pk),
        "funding_model": FundingModel.HOST_RECHARGE,
        "day_rate": "",
        "starts_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "ends_on": "",
    }
    response = client.post(reverse("agreement_propose"), form | texts)
    world.made["agreement"] = Agreement.objects.get()
    return response


def _post_event(client, world, texts):
    day = timezone.localdate() + datetime.timedelta(days=20)
    form = {
        "kind": "training",
        "date-day": str(day.day),
        "date-month": str(day.month),
        "date-year": str(day.year),
        "job_levels": ["2"],
        "start_time": "09:30",
        "end_time": "12:30",
        "online_link": "",
        "capacity": "12",
    }
    response = client.post(reverse("event_create"), form | texts)
    world.made["event"] = LearningEvent.objects.get()
    return response


def _post_reference(client, world, texts):
    form = {"practice": "5", "recording": "4", "teamwork": "5", "reliability": "3"}
    form["would_host_again"] = "yes"
    return client.post(reverse("placement_reference", args=[_completed(world).pk]), form | texts)


def _post_rating(client, world, texts):
    form = {"induction": "4", "supervision": "5", "workload": "3", "support": "4"}
    form["would_recommend"] = "yes"
    return client.post(reverse("placement_rating", args=[_completed(world).pk]), form | texts)


def _post_learning_report(client, world, texts):
    url = reverse("learning_report_edit", args=[_completed(world).pk])
    return client.post(url, texts | {"shown_as": "named"})


def _post_supervision(client, world, texts):
    placement = newly_qualified_placement(world.camden_worker, world.haringey)
    world.made["nq_placement"] = placement
    form = date_fields("held_on", days_ago(1))
    return client.post(reverse("placement_supervision", args=[placement.pk]), form | texts)


def _post_timesheet_query(client, world, texts):
    with time_machine.travel(at(TODAY, 10), tick=False):
        timesheet = submitted(haringey_placement(world.camden_worker, world.haringey), SECOND_WEEK)
        world.made["timesheet"] = timesheet
        return client.post(reverse("timesheet_query", args=[timesheet.pk]), texts)


def _post_crisis_call(client, world, texts):
    make_circle(existing={"Camden": world.camden, "Haringey": world.haringey})
    response = client.post(reverse("crisis_raise"), raise_form(**texts))
    world.made["call"] = CrisisCall.objects.get()
    return response


def _hackney_call(world: World) -> CrisisCall:
    """Hackney's crisis call, asked of its neighbour Camden."""
    if "call" not in world.made:
        world.hackney.neighbours.add(world.camden)
        assert world.camden_manager  # Camden is asked only when it has a manager
        world.made["call"] = crisis.crisis_call_raise(
            borough=world.hackney, people_needed=1, data=raise_data(), by=world.hackney_manager
        )
    return world.made["call"]


def _post_crisis_offer(client, world, texts):
    call = _hackney_call(world)
    form = {"worker": world.camden_worker.pk}
    response = client.post(reverse("crisis_offer_make", args=[call.pk]), form | texts)
    world.made["offer"] = CrisisOffer.objects.get()
    return response


def _post_crisis_decline(client, world, texts):
    return client.post(reverse("crisis_decline", args=[_hackney_call(world).pk]), texts)


def _post_crisis_close(client, world, texts):
    return client.post(reverse("crisis_close", args=[_hackney_call(world).pk]), texts)


def _post_crisis_offer_refuse(client, world, texts):
    ask = _hackney_call(world).asks.get(borough=world.camden)
    offer = crisis.crisis_offer_make(ask=ask, worker=world.camden_worker, by=world.camden_manager)
    world.made["offer"] = offer
    return client.post(reverse("crisis_offer_refuse", args=[offer.pk]), texts)


def _proposal(world: World) -> Agreement:
    world.made["agreement"] = agreement_propose(
        from_borough=world.haringey,
        to_borough=world.camden,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
        by=world.haringey_manager,
    )
    return world.made["agreement"]


def _post_agreement_decline(client, world, texts):
    return client.post(reverse("agreement_decline", args=[_proposal(world).pk]), texts)


def _post_agreement_end(client, world, texts):
    agreement = agreement_record(
        borough_a=world.camden,
        borough_b=world.haringey,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
        by=world.coordinator,
    )
    world.made["agreement"] = agreement
    ends_on = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    return client.post(reverse("agreement_end", args=[agreement.pk]), texts | {"ends_on": ends_on})


STATEMENT = ["E09000007", "E09000012", "2026-10"]


def _post_statement_query(client, world, texts):
    placement = PlacementFactory(
        worker=WorkerFactory(borough=world.camden),
        status=PlacementStatus.ACTIVE,
        help_request__borough=world.hackney,
        help_request__starts_on=datetime.date(2026, 10, 5),
        help_request__ends_on=datetime.date(2026, 10, 9),
        help_request__funding_model=FundingModel.DAY_RATE,
    )
    worked_week(placement, datetime.date(2026, 10, 5), 3)
    statement_issue(
        issuer=world.camden,
        billed=world.hackney,
        month=datetime.date(2026, 10, 1),
        confirm_unsigned=True,
        by=world.camden_manager,
    )
    return client.post(reverse("statement_query", args=STATEMENT), texts)


def _library_report(world: World) -> LearningReport:
    world.made["report"] = written(world.camden_worker, world.haringey, consent=True)
    return world.made["report"]


def _post_library_publish(client, world, texts):
    url = reverse("learning_report_moderate", args=[_library_report(world).pk])
    return client.post(url, texts | {"action": "publish"})


def _post_library_return(client, world, texts):
    url = reverse("learning_report_moderate", args=[_library_report(world).pk])
    return client.post(url, texts | {"action": "return"})


def _post_withdraw(client, world, texts):
    application = _application(world)
    return client.post(reverse("application_action", args=[application.pk, "withdraw"]), texts)


def _post_placement_cancel(client, world, texts):
    return client.post(reverse("placement_cancel", args=[_placement(world).pk]), texts)


# --- The table -----------------------------------------------------------------


def _made(name: str, url_name: str) -> Callable[[World], str]:
    return lambda world: reverse(url_name, args=[world.made[name].pk])


def _worker(url_name: str) -> Callable[[World], str]:
    return lambda world: reverse(url_name, args=[world.camden_worker.pk])


def _page(url_name: str) -> Callable[[World], str]:
    return lambda world: reverse(url_name)


def _application_page(world: World) -> str:
    return reverse("application_detail", args=[world.made["application"].pk])


def _placement_page(world: World) -> str:
    return reverse("placement_detail", args=[world.made["placement"].pk])


SOURCES = [
    Source(
        "help request",
        "haringey_manager",
        ("title", "description", "location", "supervisor_name"),
        _post_help_request,
        (
            Shown("haringey_manager", _made("request", "request_detail")),
            Shown("camden_worker", _made("request", "request_detail")),
            Shown("hackney_manager", _page("request_list"), ("title",)),
            Shown("haringey_manager", _page("our_requests"), ("title",)),
        ),
    ),
    Source(
        "offer to help (volunteer note)",
        "camden_worker",
        ("note",),
        _post_volunteer,
        (
            Shown("camden_worker", _application_page),
            Shown("haringey_manager", _application_page),
            Shown("camden_manager", _application_page),
        ),
    ),
    Source(
        "application message",
        "camden_worker",
        ("body",),
        _post_message,
        (Shown("camden_worker", _application_page), Shown("haringey_manager", _application_page)),
    ),
    Source(
        "decline an offer (reason)",
        "haringey_manager",
        ("reason",),
        _post_decline,
        (Shown("camden_worker", _application_page), Shown("haringey_manager", _application_page)),
    ),
    Source(
        "first-day arrangements",
        "haringey_manager",
        ("report_to_address", "host_contact_name", "induction_notes", "supervision_arrangement"),
        _post_arrangements,
        (Shown("camden_worker", _placement_page), Shown("haringey_manager", _placement_page)),
    ),
    Source(
        "add a team",
        "camden_manager",
        ("name", "description"),
        _post_team,
        (
            Shown("camden_manager", _made("team", "team_detail")),
            Shown("camden_manager", lambda w: reverse("borough_detail", args=["E09000007"])),
        ),
    ),
    Source(
        "your details (full name)",
        "camden_worker",
        ("full_name",),
        _post_account_details,
        (
            Shown("camden_worker", _page("account")),
            Shown("camden_worker", _page("dashboard")),  # "signed in as" in the header
            Shown("camden_manager", _worker("person_detail")),
            Shown("camden_manager", lambda w: reverse("staff_list", args=["E09000007"])),
            Shown("haringey_manager", _application_page),
        ),
    ),
    Source(
        "sign up (full name)",
        None,
        ("full_name",),
        _post_signup,
        (
            Shown("camden_manager", _made("newcomer", "person_detail")),
            Shown("camden_manager", lambda w: reverse("staff_list", args=["E09000007"])),
        ),
    ),
    Source(
        "worker profile (languages)",
        "camden_worker",
        ("languages",),
        _post_profile,
        (
            Shown("camden_worker", _page("profile")),
            Shown("camden_manager", _worker("person_detail")),
        ),
    ),
    Source(
        "query a registration (reason)",
        "coordinator",
        ("reason",),
        _post_registration_query,
        (Shown("coordinator", _worker("person_detail")), Shown("camden_worker", _page("profile"))),
    ),
    Source(
        "propose an agreement",
        "haringey_manager",
        ("recharge_terms", "notes"),
        _post_agreement,
        (
            Shown("haringey_manager", _made("agreement", "agreement_detail")),
            Shown("camden_manager", _made("agreement", "agreement_detail")),
        ),
    ),
    Source(
        "post a learning event",
        "haringey_manager",
        ("title", "description", "place"),
        _post_event,
        (
            Shown("camden_worker", _made("event", "event_detail")),
            Shown("camden_worker", _page("event_list"), ("title",)),
        ),
    ),
    Source(
        "give a reference",
        "haringey_manager",
        ("comments",),
        _post_reference,
        (Shown("camden_manager", _worker("person_references")),),
    ),
    Source(
        "rate a placement",
        "camden_worker",
        ("comments",),
        _post_rating,
        (Shown("camden_worker", _made("completed", "placement_rating")),),
    ),
    Source(
        "learning report",
        "camden_worker",
        ("what_works_well", "take_home", "could_do_differently"),
        _post_learning_report,
        (
            Shown("camden_worker", lambda w: reverse("learning_report_detail", args=[_report(w)])),
            Shown(
                "haringey_manager", lambda w: reverse("learning_report_detail", args=[_report(w)])
            ),
        ),
    ),
    Source(
        "supervision session (note)",
        "haringey_manager",
        ("note",),
        _post_supervision,
        (
            Shown("haringey_manager", _made("nq_placement", "placement_supervision")),
            Shown("camden_worker", _made("nq_placement", "placement_supervision")),
        ),
    ),
    Source(
        "query a timesheet week (reason)",
        "haringey_manager",
        ("reason",),
        _post_timesheet_query,
        (
            Shown("camden_worker", _made("timesheet", "timesheet_detail")),
            Shown("haringey_manager", _made("timesheet", "timesheet_detail")),
        ),
    ),
    Source(
        "raise a crisis call",
        "haringey_manager",
        ("description", "location"),
        _post_crisis_call,
        (
            Shown("haringey_manager", _made("call", "crisis_board"), ("description",)),
            Shown("haringey_manager", lambda w: w.made["call"].help_request.get_absolute_url()),
        ),
    ),
    Source(
        "offer a worker to a crisis call (note)",
        "camden_manager",
        ("note",),
        _post_crisis_offer,
        (
            Shown("hackney_manager", _made("offer", "crisis_offer")),
            Shown("camden_manager", _made("offer", "crisis_offer")),
        ),
    ),
    Source(
        "decline a crisis call (reason)",
        "camden_manager",
        ("reason",),
        _post_crisis_decline,
        (Shown("hackney_manager", _made("call", "crisis_board")),),
    ),
    Source(
        "close a crisis call (reason)",
        "hackney_manager",
        ("reason",),
        _post_crisis_close,
        (Shown("coordinator", _page("audit_log")),),  # kept in the audit trail only
    ),
    Source(
        "refuse a crisis offer (reason)",
        "camden_worker",
        ("reason",),
        _post_crisis_offer_refuse,
        (Shown("coordinator", _page("audit_log")),),  # kept in the audit trail only
    ),
    Source(
        "decline an agreement (reason)",
        "camden_manager",
        ("reason",),
        _post_agreement_decline,
        (
            Shown("haringey_manager", _made("agreement", "agreement_detail")),
            Shown("camden_manager", _made("agreement", "agreement_detail")),
        ),
    ),
    Source(
        "end an agreement (reason)",
        "camden_manager",
        ("reason",),
        _post_agreement_end,
        (
            Shown("haringey_manager", _made("agreement", "agreement_detail")),
            Shown("coordinator", _made("agreement", "agreement_detail")),
        ),
    ),
    Source(
        "query a recharge statement (reason)",
        "hackney_manager",
        ("reason",),
        _post_statement_query,
        (
            Shown("camden_manager", lambda w: reverse("statement_detail", args=STATEMENT)),
            Shown("hackney_manager", lambda w: reverse("statement_detail", args=STATEMENT)),
        ),
    ),
    Source(
        "publish to the practice library",
        "coordinator",
        ("title", "text"),
        _post_library_publish,
        (
            Shown("hackney_worker", _made("report", "library_entry")),
            Shown("hackney_worker", _page("library"), ("title",)),
        ),
    ),
    Source(
        "return a report from the library (reason)",
        "coordinator",
        ("reason",),
        _post_library_return,
        (Shown("camden_worker", _made("report", "learning_report_detail")),),
    ),
    Source(
        "withdraw an application (reason)",
        "camden_worker",
        ("reason",),
        _post_withdraw,
        (Shown("haringey_manager", _application_page), Shown("camden_worker", _application_page)),
    ),
    Source(
        "cancel a placement (reason)",
        "haringey_manager",
        ("reason",),
        _post_placement_cancel,
        (Shown("camden_worker", _placement_page), Shown("camden_manager", _placement_page)),
    ),
]
SOURCE_FIELDS = {source.form: source.fields for source in SOURCES}


def _problem(response: HttpResponse) -> str:
    """The error summary of a refused form, to say why a row could not write."""
    html = response.content.decode()
    start = html.find("govuk-error-summary")
    return html[start : start + 1500] if start >= 0 else html[:500]


def _report(world: World) -> int:
    return LearningReport.objects.get().pk


@pytest.fixture
def world(request, camden, haringey, hackney, camden_team) -> World:
    return World(request)


@pytest.mark.parametrize("source", SOURCES, ids=[source.form for source in SOURCES])
def test_free_text_shows_as_text_on_every_page_that_shows_it(client, world, source):
    texts = {name: payload(tag(source.form, name)) for name in source.fields}
    if source.writer:
        client.force_login(getattr(world, source.writer))

    response = source.write(client, world, texts)

    assert response.status_code == source.saved_status, _problem(response)
    for shown in source.pages:
        client.force_login(getattr(world, shown.viewer))
        url = shown.url(world)
        page = client.get(url, follow=True)  # a timesheet opens on its week
        assert page.status_code == 200, (shown.viewer, url)
        html = page.content.decode()
        for name in shown.fields or source.fields:
            try:
                assert_shown_escaped(html, tag(source.form, name))
            except AssertionError as failed:
                raise AssertionError(f"{shown.viewer} on {url}, {name}: {failed}") from None
