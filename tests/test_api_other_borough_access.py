"""Every API URL that names a record, tried by people from another borough.

The Hackney manager, a Hackney social worker and the coordinator of another
region (the North East's), each with a personal token, have nothing to do
with Camden and Haringey's statements, agreements, bookings, pressure
reports, availability, requests, applications, placements or timesheets. Every method on every such URL must answer 404 (403 where the
web shows the record but not to change it, 405 for a method the URL does not
take), and nothing may change. Public records (a borough, the league table)
may answer 200 to GET.

A URL name under /api/v1/ with no entry in ARGS fails the test, so a new
endpoint is tried here as soon as it exists.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from secondments import services
from tests.api_clients import token_for
from tests.api_world import build_api_world
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

PUBLIC = {"api-borough-detail", "api-league-detail"}


def _api_names_with_groups(resolver=None, prefix: str = "") -> dict[str, set[str]]:
    """URL name -> the names of the parts of its path, for /api/v1/ URLs that take any."""
    found: dict[str, set[str]] = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        here = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            if "api/v1/".startswith(here) or here.startswith("api/v1/"):
                found |= _api_names_with_groups(pattern, here)
        elif isinstance(pattern, URLPattern) and pattern.name and here.startswith("api/v1/"):
            groups = set(pattern.pattern.regex.groupindex) | set(pattern.pattern.converters)
            if groups:
                found[pattern.name] = groups
    return found


@pytest.fixture
def world(camden, haringey, hackney, camden_manager, haringey_manager, camden_worker):
    made = build_api_world(
        camden=camden,
        haringey=haringey,
        hackney=hackney,
        camden_manager=camden_manager,
        haringey_manager=haringey_manager,
        camden_worker=camden_worker,
    )
    ada = made["ada"]
    made["draft"] = services.help_request_create(
        by=haringey_manager, data=request_data(title="Draft")
    )
    made["application"] = ada.application
    made["placement"] = ada
    made["timesheet"] = ada.timesheets.first()
    made["token"] = _token_of(camden_worker)
    return made


def _token_of(user):
    token_for(user, name="Camden's own token")
    return user.api_tokens.get(name="Camden's own token")


def _statement(w, key: str = "issued_args") -> dict:
    issuer, billed, month = w[key]
    return {"issuer": issuer, "billed": billed, "month": month}


def _id(key: str):
    return lambda w: w[key].pk


# What each URL name is called with: a function of the world giving the record's
# key (for a URL with one part) or every part of its path by name.
ARGS = {
    "api-borough-detail": lambda w: w["camden"].gss_code,
    "api-league-detail": lambda w: w["camden"].gss_code,
    "api-statement-detail": _statement,
    "api-statement-version": lambda w: {**_statement(w), "version": "1"},
    "api-statement-issue": lambda w: _statement(w, "statement_args"),
    "api-statement-mark-paid": _statement,
    "api-statement-query": _statement,
    "api-agreement-detail": _id("proposal"),
    "api-agreement-accept": _id("proposal"),
    "api-agreement-decline": _id("proposal"),
    "api-agreement-withdraw": _id("proposal"),
    "api-agreement-end": _id("agreement"),
    # Open events are every borough's to see and book: the one here is cancelled.
    "api-learning-event-detail": _id("event"),
    "api-learning-event-cancel": _id("event"),
    "api-learning-event-book": _id("event"),
    "api-learning-event-bookings": _id("event"),
    "api-booking-detail": _id("booking"),
    "api-booking-cancel": _id("booking"),
    "api-pressure-report-detail": _id("pressure_report"),
    "api-availability-detail": _id("availability"),
}

# api-market's resources (help requests, applications, placements, timesheets,
# tokens): each URL under these names is about the record named here. Until
# that branch is merged its names may be missing, and only theirs may be.
OTHER_BRANCH = {
    "api-help-request-": _id("draft"),
    "api-application-": _id("application"),
    "api-placement-": _id("placement"),
    "api-timesheet-": _id("timesheet"),
    "api-token-": _id("token"),
}


def _args_for(name: str):
    if name in ARGS:
        return ARGS[name]
    return next((args for start, args in OTHER_BRANCH.items() if name.startswith(start)), None)


def _kwargs(name: str, groups: set[str], world) -> dict:
    value = _args_for(name)(world)
    if isinstance(value, dict):
        return value
    (group,) = groups  # a URL with one part takes the record's key
    return {group: value}


# A body that would change something if it were accepted anywhere.
HOSTILE = {
    "reason": "Taken over",
    "confirm_unsigned": True,
    "ends_on": "2030-02-01",
    "starts_on": "2030-01-01",
    "days_per_week": 1,
    "vacancy_rate": "99",
    "agency_rate": "99",
    "average_caseload": "59",
    "assessment_backlog": 9999,
    "title": "Taken over",
    "description": "Taken over",
    "capacity": 1,
    "status": "open",
    "funding_model": "day_rate",
    "day_rate": "1",
    "name": "Taken over",
    "days": {"2026-10-05": "1"},
    "message": "Taken over",
    "body": "Taken over",
    "places": 1,
}

SNAPSHOT = (
    "secondments.HelpRequest",
    "secondments.Application",
    "secondments.Placement",
    "secondments.Message",
    "notifications.Notification",
    "audit.AuditEvent",
    "accounts.WorkerProfile",
    "accounts.Availability",
    "money.Timesheet",
    "money.TimesheetDay",
    "money.RechargeStatement",
    "money.StatementLine",
    "boroughs.Agreement",
    "boroughs.PressureReport",
    "learning.LearningEvent",
    "learning.Booking",
)


def _snapshot() -> dict:
    state = {}
    for label in SNAPSHOT:
        model = apps.get_model(label)
        fields = [f.attname for f in model._meta.concrete_fields]
        state[label] = sorted(map(repr, model.objects.values_list(*fields)))
    # The testers' own tokens note when they were last used; others' must not change.
    state["api.ApiToken"] = sorted(
        map(repr, apps.get_model("api.ApiToken").objects.filter(name="Camden's own token").values())
    )
    return state


def test_every_api_url_with_an_id_is_covered():
    missing = {name for name in _api_names_with_groups() if _args_for(name) is None}
    assert not missing, f"add these URL names to ARGS in this test: {sorted(missing)}"


def test_every_name_in_args_is_still_a_url():
    names = _api_names_with_groups()
    gone = set(ARGS) - set(names)
    assert not gone, f"these are no longer URLs: remove them from ARGS: {sorted(gone)}"


def _names() -> list[str]:
    return sorted(set(ARGS) | set(_api_names_with_groups()))


@pytest.mark.parametrize("name", _names())
def test_other_boroughs_people_get_nothing_and_change_nothing(
    world, hackney_manager, hackney_worker, north_east_coordinator, name
):
    groups = _api_names_with_groups()[name]
    url = reverse(name, kwargs=_kwargs(name, groups, world))
    before = _snapshot()

    # The North East's coordinator is "another borough" to London's records (issue 13).
    for person in (hackney_manager, hackney_worker, north_east_coordinator):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(person)}")
        answers = {
            method: getattr(client, method)(url, HOSTILE, format="json").status_code
            for method in ("post", "put", "patch", "delete")
        }
        answers["get"] = client.get(url).status_code
        if name in PUBLIC:
            assert answers.pop("get") == 200, (person, url)
        assert set(answers.values()) <= {403, 404, 405}, (person, url, answers)
        # 405 alone would say nothing about the record: some method must refuse it.
        assert set(answers.values()) != {405} or name in PUBLIC, (person, url, answers)

    assert _snapshot() == before, f"{url} changed something"


def test_the_walk_finds_the_api_urls():
    names = _api_names_with_groups()
    assert names["api-statement-version"] == {"issuer", "billed", "month", "version"}
    assert names["api-agreement-detail"] == {"pk"}
