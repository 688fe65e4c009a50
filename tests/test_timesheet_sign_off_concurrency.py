"""Twenty host managers sign off the same week at the same moment.

Each thread has its own PostgreSQL connection, so the sign-offs really race:
the conditional UPDATE lets exactly one through. One sign-off is recorded,
with one audit event and one notice to the worker; everyone else is told the
week is already signed off (409), and nobody sees a server error.
"""

from collections.abc import Callable
from functools import partial

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from money.models import Timesheet, TimesheetStatus
from money.timesheets import services
from notifications.models import Notification
from tests.clock import at
from tests.concurrency import all_at_once
from tests.factories import UserFactory
from tests.personas import TwoFactorClient, with_totp
from tests.timesheet_scenes import SECOND_WEEK, TODAY, haringey_placement, submitted

MANAGERS = 20
ALREADY = "This week is already signed off"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def timesheet(camden_worker, haringey) -> Timesheet:
    with time_machine.travel(at(TODAY, 10), tick=False):
        return submitted(haringey_placement(camden_worker, haringey), SECOND_WEEK)


@pytest.fixture
def managers(haringey_manager) -> list:
    others = [
        with_totp(UserFactory(role=Role.MANAGER, borough=haringey_manager.borough))
        for _ in range(MANAGERS - 1)
    ]
    return [haringey_manager, *others]


def _assert_one_sign_off(timesheet: Timesheet, managers: list):
    timesheet.refresh_from_db()
    assert timesheet.status == TimesheetStatus.SIGNED_OFF
    assert timesheet.signed_off_by in managers
    events = AuditEvent.objects.filter(action="timesheet_signed_off")
    assert events.count() == 1
    assert events.get().actor == timesheet.signed_off_by
    assert Notification.objects.filter(event="timesheet_signed_off").count() == 1


def test_twenty_sign_offs_through_the_service_record_one(timesheet, managers):
    results = all_at_once(
        [
            lambda manager=manager: partial(
                services.timesheet_sign_off, timesheet=timesheet, by=manager
            )
            for manager in managers
        ]
    )

    signed = [r for r in results if isinstance(r, Timesheet)]
    refused = [r for r in results if isinstance(r, services.TimesheetConflict)]
    others = [r for r in results if not isinstance(r, Timesheet | services.TimesheetConflict)]
    assert not others, others[:3]
    assert len(signed) == 1
    assert len(refused) == MANAGERS - 1
    assert all(ALREADY in conflict.messages[0] for conflict in refused)
    _assert_one_sign_off(timesheet, managers)


def test_twenty_managers_pressing_sign_off_at_once_get_one_302_and_the_rest_409(
    timesheet, managers, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    url = reverse("timesheet_sign_off", args=[timesheet.pk])

    def signed_in(manager) -> Callable[[], tuple[int, str]]:
        client = TwoFactorClient()
        client.force_login(manager)

        def sign_off() -> tuple[int, str]:
            response = client.post(url)
            return response.status_code, response.content.decode()

        return sign_off

    results = all_at_once([lambda manager=manager: signed_in(manager) for manager in managers])

    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors[:3]
    codes = sorted(code for code, _ in results)
    assert codes == [302] + [409] * (MANAGERS - 1), codes
    assert all(ALREADY in body for code, body in results if code == 409)
    _assert_one_sign_off(timesheet, managers)
