"""Many coordinators approve overlapping applications for one worker at the same moment.

Each thread has its own PostgreSQL connection, so the approvals really run in
parallel: only the database can stop the worker being booked twice. Exactly one
placement must be confirmed; every other coordinator is told there is a clash
(409), and nobody sees a server error.
"""

import datetime
from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from secondments import services
from secondments.models import (
    Application,
    ApplicationStatus,
    HelpRequest,
    Placement,
    RequestStatus,
)
from tests.concurrency import all_at_once
from tests.factories import (
    ApplicationFactory,
    BoroughFactory,
    HelpRequestFactory,
    UserFactory,
    WorkerFactory,
)
from tests.personas import TwoFactorClient

# Fits PostgreSQL's max_connections (100) with the test's own connection and others' runs.
COORDINATORS = 50
CLASH = "already has a placement"

pytestmark = pytest.mark.django_db(transaction=True)


def _open_request(host, *, starts_in_days: int) -> HelpRequest:
    """An open request from `host`'s borough, not yet saved (so it can be bulk created)."""
    return HelpRequestFactory.build(
        borough=host.borough,
        created_by=host,
        starts_on=timezone.localdate() + datetime.timedelta(days=starts_in_days),
    )


def _released(requests: list[HelpRequest], workers: list) -> list[Application]:
    """Released applications made with the factory: walking each one through
    volunteer, select and release is slow and not what is tested here."""
    return Application.objects.bulk_create(
        ApplicationFactory.build(
            help_request=help_request, worker=worker, status=ApplicationStatus.RELEASED
        )
        for help_request, worker in zip(requests, workers, strict=True)
    )


@pytest.fixture
def released_applications(haringey_manager, hackney_manager, camden_worker) -> list[Application]:
    """One released application per open request, all for the Camden worker, all overlapping.

    Each request has its own host borough, so the approvals meet only over the
    worker's dates, never over a lock on a shared host.
    """
    hosts = [haringey_manager, hackney_manager] + [
        UserFactory(role=Role.MANAGER, borough=borough)
        for borough in BoroughFactory.create_batch(COORDINATORS - 2)
    ]
    # Staggered by a day each, yet every period overlaps every other one.
    requests = HelpRequest.objects.bulk_create(
        _open_request(host, starts_in_days=14 + n) for n, host in enumerate(hosts)
    )
    return _released(requests, [camden_worker] * len(requests))


def _assert_one_placement_and_the_rest_untouched(applications: list[Application]) -> Placement:
    placement = Placement.objects.get()
    statuses = sorted(
        Application.objects.filter(pk__in=[a.pk for a in applications]).values_list(
            "status", flat=True
        )
    )
    assert statuses == [ApplicationStatus.APPROVED] + [ApplicationStatus.RELEASED] * (
        COORDINATORS - 1
    )
    assert placement.application.status == ApplicationStatus.APPROVED
    assert AuditEvent.objects.filter(action="application_approved").count() == 1
    assert AuditEvent.objects.filter(action="placement_confirmed").count() == 1
    assert HelpRequest.objects.filter(status=RequestStatus.FILLED).count() == 1
    return placement


def test_fifty_coordinators_approving_at_once_book_the_worker_only_once(
    released_applications, coordinator, monkeypatch
):
    # Keep each thread's connection across its request (Django closes it at
    # the start of a request otherwise), so connecting is not part of the race.
    # Every thread's connection shares this settings dictionary.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)

    def signed_in(application: Application) -> Callable[[], tuple[int, str, str]]:
        client = TwoFactorClient()
        client.force_login(coordinator)
        url = reverse("application_action", args=[application.pk, "approve"])

        def approve() -> tuple[int, str, str]:
            response = client.post(url)
            return response.status_code, response.get("Location", ""), response.text

        return approve

    results = all_at_once(
        [
            lambda application=application: signed_in(application)
            for application in released_applications
        ]
    )

    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors[:3]
    codes = sorted(code for code, _, _ in results)
    assert codes == [302] + [409] * (COORDINATORS - 1), codes
    placement = _assert_one_placement_and_the_rest_untouched(released_applications)
    (location,) = [location for code, location, _ in results if code == 302]
    assert location == reverse("placement_detail", args=[placement.pk])
    assert all(CLASH in body for code, _, body in results if code == 409)


def test_fifty_approvals_through_the_service_confirm_one_and_refuse_the_rest(
    released_applications, coordinator
):
    results = all_at_once(
        [
            lambda application=application: partial(
                services.application_approve, application=application, by=coordinator
            )
            for application in released_applications
        ]
    )

    placements = [result for result in results if isinstance(result, Placement)]
    conflicts = [result for result in results if isinstance(result, services.PlacementConflict)]
    others = [
        result
        for result in results
        if not isinstance(result, Placement | services.PlacementConflict)
    ]
    assert not others, others[:3]
    assert len(placements) == 1
    assert len(conflicts) == COORDINATORS - 1
    assert all(CLASH in conflict.messages[0] for conflict in conflicts)
    assert _assert_one_placement_and_the_rest_untouched(released_applications) == placements[0]


def test_coordinators_approving_secondments_in_opposite_directions_at_once_both_succeed(
    camden_manager, haringey_manager, coordinator
):
    # Camden lends to Haringey while Haringey lends to Camden: different
    # workers, so nothing clashes and every approval must go through.
    pairs = 10
    camden_workers = WorkerFactory.create_batch(pairs, borough=camden_manager.borough)
    haringey_workers = WorkerFactory.create_batch(pairs, borough=haringey_manager.borough)
    requests = HelpRequest.objects.bulk_create(
        _open_request(host, starts_in_days=14)
        for host in [haringey_manager] * pairs + [camden_manager] * pairs
    )
    applications = _released(requests, camden_workers + haringey_workers)

    results = all_at_once(
        [
            lambda application=application: partial(
                services.application_approve, application=application, by=coordinator
            )
            for application in applications
        ]
    )

    failures = [result for result in results if not isinstance(result, Placement)]
    assert not failures, failures[:3]
    assert Placement.objects.count() == 2 * pairs


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_a_double_booking(
    camden_worker, haringey_manager, hackney_manager
):
    """Approvals are serialised per worker by the service; underneath, PostgreSQL's
    exclusion constraint refuses an overlapping row whatever wrote it."""
    rows = []
    for manager in (haringey_manager, hackney_manager):
        help_request = _open_request(manager, starts_in_days=30)
        help_request.save()
        rows.append(
            Application.objects.create(
                help_request=help_request, worker=camden_worker, status="approved"
            )
        )

    def book(application, shift_days):
        request = application.help_request
        return Placement.objects.create(
            application=application,
            help_request=request,
            worker=camden_worker,
            host_id=request.borough_id,
            home_id=camden_worker.borough_id,
            starts_on=request.starts_on + datetime.timedelta(days=shift_days),
            ends_on=request.ends_on + datetime.timedelta(days=shift_days),
            days_per_week=2,
        )

    book(rows[0], 0)
    with pytest.raises(IntegrityError, match="placement_no_double_booking"):
        book(rows[1], 60)
    assert Placement.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_approvals_for_the_last_place_never_deadlock(
    coordinator, haringey_manager, camden_worker, hackney_worker
):
    """Filling the request lapses its other applications; approvals and that
    lapse take their locks in the same order, so one wins and one is refused."""
    help_request = _open_request(haringey_manager, starts_in_days=30)
    help_request.save()
    applications = [
        Application.objects.create(help_request=help_request, worker=worker, status="released")
        for worker in (camden_worker, hackney_worker)
    ]

    def approve(application):
        def prepare():
            return lambda: services.application_approve(application=application, by=coordinator)

        return prepare

    for _ in range(5):
        results = all_at_once([approve(application) for application in applications])
        placements = [r for r in results if isinstance(r, Placement)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(placements) == 1, results
        assert len(refused) == 1, results
        assert "it is lapsed" in refused[0].messages[0]
        Placement.objects.all().delete()
        AuditEvent.objects.all().delete()
        Application.objects.filter(pk__in=[a.pk for a in applications]).update(status="released")
        HelpRequest.objects.filter(pk=help_request.pk).update(status="open")
