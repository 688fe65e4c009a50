"""The pages people open most, and matching, read by index on scale-shaped data.

A country's worth of data in miniature (seed_scale's own code, ANALYZEd), then
EXPLAIN of the querysets the browse page and the matching hard filters really
run: PostgreSQL must choose an index, never read the whole table of workers,
their profiles, their availability or the help requests. Planner settings are
the application's own (config/settings.py); nothing here turns a plan off.
"""

import json
from collections.abc import Iterator

import pytest
from django.core.paginator import Paginator
from django.db import transaction
from django.test import RequestFactory

from accounts.models import Role, Specialism, User
from home.scale.seeding import seed_scale
from matching.ranking.filters import eligible_profiles, partly_available_profiles
from secondments.browse import PER_PAGE
from secondments.filters import HelpRequestFilter
from secondments.models import HelpRequest, Urgency
from tests.factories import ensure_specialisms

WORKERS = 10_000
REQUESTS = 4_000
BIG_TABLES = {
    "accounts_user",
    "accounts_workerprofile",
    "accounts_availability",
    "secondments_helprequest",
}


@pytest.fixture(scope="module")
def scale_data(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Seeded once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_specialisms()
        seed_scale(workers=WORKERS, requests=REQUESTS, seed=7, password="x")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def worker(scale_data, db) -> User:
    """A social worker in Camden, with availability on their profile."""
    return (
        User.objects.filter(
            role=Role.WORKER,
            borough__gss_code="E09000007",
            worker_profile__availability__isnull=False,
        )
        .order_by("email")
        .first()
    )


def _scans(plan: dict) -> Iterator[tuple[str, str | None]]:
    yield plan["Node Type"], plan.get("Relation Name")
    for child in plan.get("Plans", []):
        yield from _scans(child)


def plan_of(queryset) -> list[tuple[str, str | None]]:
    [explained] = json.loads(queryset.explain(format="json"))
    return list(_scans(explained["Plan"]))


def seq_scans_of_big_tables(queryset) -> list[str]:
    return sorted(
        {table for node, table in plan_of(queryset) if node == "Seq Scan" and table in BIG_TABLES}
    )


def browse_page(worker: User, **params) -> object:
    """The first page of the browse list as the view builds it (secondments/browse.py)."""
    request = RequestFactory().get("/requests/", params)
    request.user = worker
    filters = HelpRequestFilter(request.GET, HelpRequest.objects.open(), request=request)
    assert filters.is_valid(), filters.errors
    requests = (
        filters.qs.select_related("borough").with_fill_status().with_application_status_of(worker)
    )
    return Paginator(requests, PER_PAGE).get_page(1).object_list


def test_the_seeded_data_is_big_enough_for_a_plan_to_mean_something(scale_data, db):
    assert User.objects.filter(role=Role.WORKER).count() == WORKERS
    assert HelpRequest.objects.count() == REQUESTS
    assert HelpRequest.objects.open().count() > REQUESTS // 2


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"sort": "newest"},
        {"urgency": Urgency.CRISIS},
        {"job_level": "2"},
        {"neighbours": "on"},
        {"available": "on"},
        {"urgency": Urgency.URGENT, "job_level": "1", "sort": "newest"},
        {"neighbours": "on", "sort": "newest"},
    ],
    ids=lambda filters: "&".join(f"{k}={v}" for k, v in filters.items()) or "no-filters",
)
def test_browse_page_reads_requests_by_index(worker, filters):
    page = browse_page(worker, **filters)

    assert seq_scans_of_big_tables(page) == []
    assert ("Index Scan", "secondments_helprequest") in plan_of(page) or any(
        node.startswith("Bitmap Heap") and table == "secondments_helprequest"
        for node, table in plan_of(page)
    )


def test_browse_by_specialism_reads_requests_by_index(worker):
    specialism = Specialism.objects.order_by("name").first()

    page = browse_page(worker, specialism=str(specialism.pk))

    assert seq_scans_of_big_tables(page) == []


def test_browse_by_host_borough_reads_requests_by_index(worker):
    page = browse_page(worker, borough=str(worker.borough_id))

    assert seq_scans_of_big_tables(page) == []


def _requests_to_match() -> list[HelpRequest]:
    """Open requests from several kinds of authority: London boroughs, where many
    workers will go anywhere in London, and counties with few neighbours."""
    picked = []
    for kind in ("london_borough", "metropolitan_district", "unitary", "county"):
        picked += list(HelpRequest.objects.open().filter(borough__kind=kind).order_by("pk")[:2])
    return picked


def test_matching_hard_filters_read_workers_by_index(scale_data, db):
    requests = _requests_to_match()
    assert len(requests) == 8

    for help_request in requests:
        assert seq_scans_of_big_tables(eligible_profiles(help_request)) == [], help_request.pk


def test_near_matches_read_accounts_by_index(scale_data, db):
    """Near matches (not among the pages the issue names) may read the profiles
    and their availability whole: where a quarter of a region's workers will
    go anywhere in it, the candidates are a large enough share of all workers
    that PostgreSQL rightly prefers one pass over each table to thousands of
    lookups. The accounts are still read by index."""
    for help_request in _requests_to_match():
        scans = seq_scans_of_big_tables(partly_available_profiles(help_request))
        assert set(scans) <= {"accounts_workerprofile", "accounts_availability"}, help_request.pk
