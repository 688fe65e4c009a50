"""Every URL that names an object, tried by people from another borough.

The Hackney manager and a Hackney social worker have nothing to do with
Camden's worker, team, availability, application or placement, or with a
Haringey draft. For each such URL, GET and POST must answer 404 (or 403 where
the object is visible but not theirs to change), and nothing may change.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import ErasureRequest  # UK GDPR (issue 12)
from boroughs.models import FundingModel
from learning.events import services as events
from learning.models import LearningReport, LibraryStatus
from money.agreements.services import agreement_propose, agreement_record
from money.models import Timesheet, week_starting
from notifications.models import Notification
from pressure.crisis import services as crisis
from secondments import services
from secondments.models import Application, ApplicationStatus, Placement
from tests.crisis_scenes import raise_data, worker_of
from tests.factories import (
    AvailabilityFactory,
    LearningEventFactory,
    PressureReportFactory,
    WorkforceFigureFactory,
)
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

# Objects that every signed-in user may see by design (DESIGN.md): GET may
# answer 200, POST must still change nothing.
# A borough's reciprocity ledger shows only days to people outside it (its
# money columns are for its own managers: tests/test_ledger_pages.py).
PUBLIC = {"borough_detail", "borough_ledger", "league_authority"}


def _patterns_with_ids(resolver=None, prefix="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith(("admin/", "accounts/")):
                continue  # Django's admin and allauth's own pages take no object of ours
            names |= _patterns_with_ids(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.pattern.converters and pattern.name:
            names.add(pattern.name)
    return names


@pytest.fixture
def world(
    camden, haringey, camden_team, camden_worker, camden_manager, haringey_manager, coordinator
):
    draft = services.help_request_create(by=haringey_manager, data=request_data(title="Draft"))
    # Suitable for a newly qualified worker, so the placement has a supervision record.
    newly_qualified_terms = {
        "newly_qualified_suitable": True,
        "supervisor_name": "Sam Patel",
        "protected_caseload": 12,
        "supervision_frequency": "weekly",
    }
    open_request = services.help_request_publish(
        help_request=services.help_request_create(
            by=haringey_manager, data=request_data(**newly_qualified_terms)
        ),
        by=haringey_manager,
    )
    application = services.application_volunteer(help_request=open_request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    services.application_release(application=application, by=camden_manager)
    placement = services.application_approve(application=application, by=coordinator)
    second = services.help_request_publish(
        help_request=services.help_request_create(
            by=haringey_manager, data=request_data(title="Second")
        ),
        by=haringey_manager,
    )
    pending = Application.objects.create(
        help_request=second, worker=camden_worker, status=ApplicationStatus.INTERESTED
    )
    # A week already recorded, as if the placement had begun: the sign-off and
    # query pages need one, and the week page shows it.
    timesheet = Timesheet.objects.create(
        placement=placement,
        week_starting=week_starting(placement.starts_on),
        days_worked=1,
        times_submitted=1,
    )
    # Camden and Haringey's business: nothing to do with Hackney's people.
    proposal = agreement_propose(
        from_borough=haringey,
        to_borough=camden,
        funding_model=FundingModel.DAY_RATE,
        day_rate=300,
        starts_on=open_request.starts_on.replace(year=open_request.starts_on.year + 1),
        by=haringey_manager,
    )
    in_force = agreement_record(
        borough_a=camden,
        borough_b=haringey,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=open_request.starts_on.replace(year=open_request.starts_on.year - 1),
        ends_on=open_request.ends_on,
        by=coordinator,
    )
    # Open learning events are for every borough to see and book (DESIGN.md),
    # so the event here is a cancelled one: known only to its host, coordinators
    # and those who had booked. The booking is the Camden worker's on an open
    # Haringey event: theirs, their home managers' and the host's business.
    open_event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
    booking = events.booking_make(event=open_event, by=camden_worker)
    cancelled_event = events.event_cancel(
        event=LearningEventFactory(borough=haringey, created_by=haringey_manager),
        by=haringey_manager,
    )
    # Camden's worker's report on the Haringey placement, offered to the library.
    report = LearningReport.objects.create(
        placement=placement,
        author=camden_worker,
        what_works_well="Huddles",
        take_home="Short assessments",
        could_do_differently="Laptops",
        library_consent=True,
        library_status=LibraryStatus.AWAITING_MODERATION,
    )
    # Haringey's crisis call, asked of its neighbour Camden, which offers a
    # worker (Hackney, with no manager when the call was raised, is not asked).
    haringey.neighbours.add(camden)
    crisis_call = crisis.crisis_call_raise(
        borough=haringey, people_needed=1, data=raise_data(), by=haringey_manager
    )
    crisis_offer = crisis.crisis_offer_make(
        ask=crisis_call.asks.get(borough=camden),
        worker=worker_of(camden, "Carl Crisis"),
        by=camden_manager,
    )
    return {
        "crisis_call": crisis_call,
        "crisis_offer": crisis_offer,
        "event": cancelled_event,
        "booking": booking,
        "report": report,
        "proposal": proposal,
        "agreement": in_force,
        "camden": camden,
        "timesheet": timesheet,
        "haringey": haringey,
        "team": camden_team,
        "worker": camden_worker,
        "availability": AvailabilityFactory(profile=camden_worker.worker_profile),
        "draft": draft,
        "application": pending,
        "placement": placement,
        "notification": Notification.objects.filter(recipient=camden_worker).first(),
        "pressure_report": PressureReportFactory(borough=camden),
        "workforce": WorkforceFigureFactory(borough=camden),
    }


def _statement(w) -> list:
    """Camden's statement to Haringey for the month the Camden worker's placement starts."""
    return [w["camden"].gss_code, w["haringey"].gss_code, f"{w['placement'].starts_on:%Y-%m}"]


ARGS = {
    "request_detail": lambda w: [w["draft"].pk],
    "request_edit": lambda w: [w["draft"].pk],
    "request_publish": lambda w: [w["draft"].pk],
    "request_close": lambda w: [w["draft"].pk],
    "request_cancel": lambda w: [w["draft"].pk],
    "request_volunteer": lambda w: [w["draft"].pk],
    "request_invite": lambda w: [w["draft"].pk],
    "application_detail": lambda w: [w["application"].pk],
    "application_action": lambda w: [w["application"].pk, "select"],
    "application_message_post": lambda w: [w["application"].pk],
    "placement_detail": lambda w: [w["placement"].pk],
    "placement_cancel": lambda w: [w["placement"].pk],
    "placement_arrangements": lambda w: [w["placement"].pk],
    "placement_supervision": lambda w: [w["placement"].pk],
    "availability_edit": lambda w: [w["availability"].pk],
    "availability_remove": lambda w: [w["availability"].pk],
    "person_detail": lambda w: [w["worker"].pk],
    "person_verify": lambda w: [w["worker"].pk],
    "person_query_registration": lambda w: [w["worker"].pk],
    "person_role": lambda w: [w["worker"].pk],
    "team_detail": lambda w: [w["team"].pk],
    "team_edit": lambda w: [w["team"].pk],
    "borough_detail": lambda w: [w["camden"].gss_code],
    "staff_list": lambda w: [w["camden"].gss_code],
    "team_add": lambda w: [w["camden"].gss_code],
    "recharge_salaries": lambda w: [w["camden"].gss_code],
    "notification_read": lambda w: [w["notification"].pk],
    "notification_open": lambda w: [w["notification"].pk],
    "unsubscribe": lambda w: ["not-a-signed-token"],
    "request_candidates": lambda w: [w["draft"].pk],
    "statement_detail": lambda w: _statement(w),
    "statement_version": lambda w: [*_statement(w), 1],
    "statement_csv": lambda w: _statement(w),
    "statement_issue": lambda w: _statement(w),
    "statement_mark_paid": lambda w: _statement(w),
    "statement_query": lambda w: _statement(w),
    "borough_ledger": lambda w: [w["camden"].gss_code],
    "agreement_detail": lambda w: [w["proposal"].pk],
    "agreement_amend": lambda w: [w["proposal"].pk],
    "agreement_accept": lambda w: [w["proposal"].pk],
    "agreement_decline": lambda w: [w["proposal"].pk],
    "agreement_withdraw": lambda w: [w["proposal"].pk],
    "agreement_end": lambda w: [w["agreement"].pk],
    "request_invite_candidate": lambda w: [w["draft"].pk, w["worker"].pk],
    "placement_timesheets": lambda w: [w["placement"].pk],
    "timesheet_week": lambda w: [w["placement"].pk, w["timesheet"].week_starting.isoformat()],
    "timesheet_detail": lambda w: [w["timesheet"].pk],
    "timesheet_sign_off": lambda w: [w["timesheet"].pk],
    "timesheet_query": lambda w: [w["timesheet"].pk],
    "placement_reference": lambda w: [w["placement"].pk],
    "placement_rating": lambda w: [w["placement"].pk],
    "person_references": lambda w: [w["worker"].pk],
    "borough_ratings": lambda w: [w["haringey"].gss_code],
    "event_detail": lambda w: [w["event"].pk],
    "event_edit": lambda w: [w["event"].pk],
    "event_cancel": lambda w: [w["event"].pk],
    "event_book": lambda w: [w["event"].pk],
    "event_attendance": lambda w: [w["event"].pk],
    "booking_cancel": lambda w: [w["booking"].pk],
    "booking_home_decision": lambda w: [w["booking"].pk],
    "learning_report_edit": lambda w: [w["placement"].pk],
    "learning_report_detail": lambda w: [w["report"].pk],
    "learning_report_consent": lambda w: [w["report"].pk],
    "learning_report_moderate": lambda w: [w["report"].pk],
    "library_entry": lambda w: [w["report"].pk],
    # A calendar feed's token is its only key: an unknown one shows nothing.
    "calendar_feed": lambda w: ["not-a-real-token"],
    "league_authority": lambda w: [w["camden"].gss_code],
    "pressure_reports": lambda w: [w["camden"].gss_code],
    "pressure_report_new": lambda w: [w["camden"].gss_code],
    "pressure_report": lambda w: [w["pressure_report"].pk],
    "crisis_board": lambda w: [w["crisis_call"].pk],
    "crisis_answer": lambda w: [w["crisis_call"].pk],
    "crisis_offer_make": lambda w: [w["crisis_call"].pk],
    "crisis_decline": lambda w: [w["crisis_call"].pk],
    "crisis_close": lambda w: [w["crisis_call"].pk],
    "crisis_offer": lambda w: [w["crisis_offer"].pk],
    "crisis_offer_agree": lambda w: [w["crisis_offer"].pk],
    "crisis_offer_refuse": lambda w: [w["crisis_offer"].pk],
}


# UK GDPR (issue 12): the Camden worker's request to have their data removed,
# for coordinators only.
def _erasure_request(w) -> list:
    found = ErasureRequest.objects.filter(person=w["worker"]).first()
    return [(found or ErasureRequest.objects.create(person=w["worker"])).pk]


ARGS["erasure_request_detail"] = _erasure_request
ARGS["erasure_request_confirm"] = _erasure_request
ARGS["erasure_request_refuse"] = _erasure_request

# A POST body that would change something if it were accepted anywhere.
HOSTILE = {
    "reason": "Taken over",
    "note": "Taken over",
    "body": "Taken over",
    "name": "Taken over",
    "title": "Taken over",
    "role": "coordinator",
    "team": "",
    "email": "worker@camden.gov.uk",
    "days_per_week": "1",
    "report_to_address": "Somewhere else",
    "host_contact_phone": "020 7946 0000",
    "first_day_starts_at": "7am",
    "extra_days_reason": "Taken over",
    "day_2026-10-05": "1",
    "funding_model": "day_rate",
    "day_rate": "1",
    "starts_on": "2030-01-01",
    "ends_on": "2030-02-01",
    **dict.fromkeys(
        ["practice", "recording", "teamwork", "reliability", "induction", "supervision"], "1"
    ),
    **dict.fromkeys(["workload", "support"], "1"),
    "would_host_again": "no",
    "would_recommend": "no",
    "comments": "Taken over",
    "what_works_well": "Taken over",
    "take_home": "Taken over",
    "could_do_differently": "Taken over",
    "shown_as": "anonymous",
    "consent": "withdraw",
    "action": "publish",
    "text": "Taken over",
    "month": "",
    "vacancy_rate": "99",
    "agency_rate": "99",
    "average_caseload": "59",
    "assessment_backlog": "9999",
    "worker": "1",
}


def _snapshot() -> dict:
    state = {}
    for label in (
        "secondments.HelpRequest",
        "secondments.Application",
        "secondments.Placement",
        "secondments.Message",
        "notifications.Notification",
        "audit.AuditEvent",
        "accounts.User",
        "accounts.WorkerProfile",
        "accounts.Availability",
        "notifications.NotificationPreference",
        "boroughs.Team",
        "money.Timesheet",
        "money.TimesheetDay",
        "money.RechargeStatement",
        "money.AgencyDayRate",
        "boroughs.Agreement",
        "learning.Reference",
        "learning.PlacementRating",
        "learning.LearningEvent",
        "learning.Booking",
        "learning.LearningReport",
        "boroughs.PressureReport",
        "pressure.CrisisCall",
        "pressure.CrisisAsk",
        "pressure.CrisisOffer",
    ):
        model = apps.get_model(label)
        # Signing in sets last_login and is audited; that is the tester's own
        # row and the sign-in itself, not a change made by the page.
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        rows = model.objects.all()
        if label == "audit.AuditEvent":
            rows = rows.exclude(action="signed_in")
        state[label] = sorted(map(repr, rows.values_list(*fields)))
    return state


def test_every_url_with_an_id_is_covered():
    missing = _patterns_with_ids() - set(ARGS)
    assert not missing, f"add these URL names to ARGS in this test: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(ARGS))
def test_other_boroughs_people_get_nothing_and_change_nothing(
    client, world, hackney_manager, hackney_worker, name
):
    if name not in _patterns_with_ids():
        pytest.fail(f"{name} is no longer a URL: remove it from ARGS")
    url = reverse(name, args=ARGS[name](world))
    before = _snapshot()

    for person in (hackney_manager, hackney_worker):
        client.force_login(person)
        get = client.get(url)
        post = client.post(url, HOSTILE)
        if name in PUBLIC:
            assert get.status_code == 200, (person, url)
        else:
            assert get.status_code in (403, 404, 405), (person, url, get.status_code)
            assert get.status_code != 405 or name.endswith(("_read", "_publish", "_verify")), url
        assert post.status_code in (403, 404, 405) or name in PUBLIC, (
            person,
            url,
            post.status_code,
        )

    assert _snapshot() == before, f"{url} changed something"
    assert Placement.objects.count() == 1


# --- REST API, marketplace (api-market): an API token's revoke page ---------
# The token is Camden's worker's; nobody else may know it exists or stop it.
ARGS["api_token_revoke"] = lambda w: [_camden_workers_token(w)]


def _camden_workers_token(w) -> int:
    from api.models import ApiToken
    from tests.api_clients import token_for

    token_for(w["worker"], name="Camden's own")
    return ApiToken.objects.get(user=w["worker"], name="Camden's own").pk


def test_another_persons_api_token_stays_live(client, world, hackney_manager, hackney_worker):
    from api.models import ApiToken

    url = reverse("api_token_revoke", args=[_camden_workers_token(world)])
    for person in (hackney_manager, hackney_worker):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert ApiToken.objects.usable().filter(user=world["worker"]).count() == 1


# --- Issue 13: the coordinator of another region is "other" -----------------
# The world is in London; the North East's coordinator must learn nothing of it.


@pytest.mark.parametrize("name", sorted(ARGS))
def test_the_coordinator_of_another_region_gets_nothing_and_changes_nothing(
    client, world, north_east_coordinator, name
):
    url = reverse(name, args=ARGS[name](world))
    before = _snapshot()
    client.force_login(north_east_coordinator)
    get = client.get(url)
    post = client.post(url, HOSTILE)
    if name in PUBLIC:
        assert get.status_code == 200, url
    else:
        assert get.status_code in (403, 404, 405), (url, get.status_code)
        assert get.status_code != 405 or name.endswith(("_read", "_publish", "_verify")), url
    assert post.status_code in (403, 404, 405) or name in PUBLIC, (url, post.status_code)
    assert _snapshot() == before, f"{url} changed something"


@pytest.mark.parametrize(
    "name",
    [
        "dashboard",
        "placement_list",
        "approvals_queue",
        "release_queue",
        "people",
        "audit_log",
        "erasure_request_list",
    ],
)
def test_the_coordinator_of_another_regions_lists_show_none_of_it(
    client, world, north_east_coordinator, name
):
    _erasure_request(world)
    client.force_login(north_east_coordinator)
    response = client.get(reverse(name), {"show": "everyone"} if name == "people" else {})
    assert response.status_code == 200
    page = response.content.decode()
    # Its people, by name (the boroughs themselves are public).
    for text in ("Wendy Worker", "Cara Manager", "Harry Manager"):
        assert text not in page, (name, text)
