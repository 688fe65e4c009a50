"""The candidates page reads its stored matches on the (request, score) index:
PostgreSQL walks the request's best rows first and stops at the page's 50,
never scanning the whole matches table; with the page's filters it reads the
request's rows by an index on the request."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from matching.forms import CandidateFilterForm
from matching.models import Match
from matching.views import candidate_matches
from tests.factories import HelpRequestFactory
from tests.matching_people import many_candidates, open_request, place_on_map

pytestmark = pytest.mark.django_db

START = timezone.localdate() + datetime.timedelta(days=20)
REQUESTS = 12
WORKERS = 300  # 12 x 300 = 3,600 stored matches


@pytest.fixture
def help_request(haringey_manager, camden, haringey):
    for borough in (camden, haringey):
        place_on_map(borough)
    return open_request(haringey_manager, START, title="Cover for the assessment team")


@pytest.fixture
def stored(help_request, camden, haringey):
    """Every worker stored as a match for this request and for eleven others."""
    people = many_candidates(WORKERS, camden, help_request)
    others = [
        HelpRequestFactory(borough=haringey, starts_on=START, ends_on=help_request.ends_on)
        for _ in range(REQUESTS - 1)
    ]
    now = timezone.now()
    Match.objects.bulk_create(
        Match(
            help_request=request,
            worker=person,
            score=(person.pk * 37 + request.pk) % 101,
            reasons=["no particular specialism asked for"],
            computed_at=now,
        )
        for request in [help_request, *others]
        for person in people
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return people


def _plan(queryset) -> str:
    return queryset.explain()


def test_the_page_reads_the_requests_best_matches_on_the_index(help_request, stored):
    plan = _plan(candidate_matches(help_request))

    assert "matching_ma_help_re_975b1b_idx" in plan, plan
    assert "Seq Scan on matching_match" not in plan, plan
    assert "Limit" in plan.splitlines()[0], plan


def test_the_filtered_page_reads_on_the_index_too(help_request, stored, camden):
    form = CandidateFilterForm({"borough": camden.pk, "job_level": help_request.job_level})
    assert form.is_valid()

    plan = _plan(candidate_matches(help_request, form.workers()))

    # The request's rows by an index on the request, then the filters on each.
    assert "Seq Scan on matching_match" not in plan, plan
    assert re.search(r"Index (Only )?Scan (Backward )?using \S+ on matching_match", plan), plan
    assert "Index Cond: (help_request_id = " in plan, plan
