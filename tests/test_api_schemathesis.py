"""Schemathesis against the live schema: every operation the API publishes, called
with generated input as a Camden manager and as a Camden social worker (each
with a personal token), answers without a server error, with a status the
schema documents and a body that matches it.

Generic over /api/schema/: a new endpoint is tried as soon as it is published.
Hypothesis is derandomised and the examples bounded, so CI sees the same
cases every run, in well under two minutes.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from api.throttling import PerTokenThrottle
from config.wsgi import application
from tests.api_clients import token_for
from tests.api_world import build_api_world

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django's handler closes the database connection when a request ends; the
    test client stops it doing so, and so must a test that calls the WSGI app,
    or the test's transaction goes with the connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def schema(keep_the_test_connection):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch):
    # Hundreds of calls a minute on one token are this test's point, not abuse.
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "100000/minute"})


@pytest.fixture
def world(camden, haringey, hackney, camden_manager, haringey_manager, camden_worker):
    return build_api_world(
        camden=camden,
        haringey=haringey,
        hackney=hackney,
        camden_manager=camden_manager,
        haringey_manager=haringey_manager,
        camden_worker=camden_worker,
    )


def _real_ids(world) -> dict[str, dict]:
    """Path parameters naming real records, by the path's first part: generated ids
    almost never exist, and the answers for records that do matter most."""
    ada = world["ada"]
    issuer, billed, month = world["issued_args"]
    return {
        "agreements": {"id": world["proposal"].pk},
        "learning-events": {"id": world["open_event"].pk},
        "bookings": {"id": world["booking"].pk},
        "pressure-reports": {"id": world["pressure_report"].pk},
        "me": {"id": world["availability"].pk},
        "statements": {"issuer": issuer, "billed": billed, "month": month, "version": 1},
        "boroughs": {"gss_code": issuer},
        "league-table": {"gss_code": issuer},
        # api-market's resources, when they are there.
        "help-requests": {"id": ada.help_request_id},
        "requests": {"id": ada.help_request_id},
        "applications": {"id": ada.application_id},
        "placements": {"id": ada.pk},
        "timesheets": {"id": ada.timesheets.first().pk},
        "tokens": {"id": 1},
    }


def _path_parameters(operation, real_ids: dict) -> dict | None:
    names = [p.name for p in operation.path_parameters]
    if not names:
        return None
    known = real_ids.get(operation.path.split("/")[3], {})
    if not all(name in known for name in names):
        return None
    return {name: known[name] for name in names}


def _exercise(operation, headers: dict, path_parameters: dict | None = None) -> list[str]:
    problems: list[str] = []
    examples = EXAMPLES_PER_OPERATION // (2 if path_parameters else 1)

    @given(case=operation.as_strategy(path_parameters=path_parameters))
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as failure:  # every failure, reported at the end
            problems.append(f"{operation.label}: {failure}"[:1500])

    call()
    return problems[:1]  # the first is enough to see what is wrong


@pytest.mark.parametrize("persona", ["camden_manager", "camden_worker"])
def test_every_operation_answers_as_its_schema_says(request, schema, world, persona):
    headers = {"Authorization": f"Bearer {token_for(request.getfixturevalue(persona))}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20, "the schema should publish the whole API"
    real_ids = _real_ids(world)
    problems = []
    for operation in operations:
        problems += _exercise(operation, headers)
        if (path_parameters := _path_parameters(operation, real_ids)) is not None:
            problems += _exercise(operation, headers, path_parameters)
    assert not problems, "\n\n".join(problems)
