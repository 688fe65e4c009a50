"""Matching in the background: what triggers it, who is told, and that running
it again (or with the broker down) never duplicates or loses anything."""

import datetime
import logging
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import JobLevel
from boroughs.models import PressureReport
from config.celery import app as celery_app
from matching import services as matching_services
from matching import tasks
from matching.models import Match
from matching.services import requests_to_sweep
from notifications.models import Notification
from notifications.queueing import enqueue
from people import services as account_services
from secondments import services
from secondments.models import RequestStatus
from tests.factories import BoroughFactory, UserFactory
from tests.matching_people import open_request, place_on_map, request_data, worker

pytestmark = pytest.mark.django_db

START = timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def eager_tasks():
    """Tasks run in this process when queued, as in the demo."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def small_top_n(settings):
    settings.MATCHING_NOTIFY_TOP_N = {"routine": 2, "urgent": 3, "crisis": 4}


@pytest.fixture
def neighbours(camden, haringey, hackney):
    for borough in (camden, haringey, hackney):
        place_on_map(borough)
    haringey.neighbours.add(camden, hackney)


def _candidates(help_request, count: int, home) -> list:
    """Workers who all match, the first best (more years qualified), the last worst."""
    return [
        worker(
            f"Candidate {n}",
            home,
            for_request=help_request,
            level=JobLevel.SENIOR_PRACTITIONER,
            years=2 + max(5 - n, 0),
        )
        for n in range(count)
    ]


def _queued(callbacks, task) -> list[tuple]:
    """The arguments `task` was queued with by these on-commit callbacks."""
    return [
        callback.args[1:]
        for callback in callbacks
        if getattr(callback, "func", None) is enqueue and callback.args[0] == task.name
    ]


def _request_data(**overrides) -> dict:
    return request_data(START, **overrides)


def _told(event: str = "match_found") -> list[str]:
    return sorted(
        Notification.objects.filter(event=event).values_list("recipient__full_name", flat=True)
    )


def test_publishing_a_request_matches_it_once_the_change_commits(
    haringey_manager, camden, neighbours, django_capture_on_commit_callbacks, eager_tasks
):
    draft = services.help_request_create(by=haringey_manager, data=_request_data())
    first = worker("Wendy Match", camden, for_request=draft)

    with django_capture_on_commit_callbacks() as callbacks:
        services.help_request_publish(help_request=draft, by=haringey_manager)
        assert not Match.objects.exists()  # nothing happens before the commit

    assert _queued(callbacks, tasks.match_request) == [(draft.pk,)]
    for callback in callbacks:
        callback()
    match = Match.objects.get()
    assert (match.help_request, match.worker) == (draft, first)
    assert match.notified_at is not None
    notification = Notification.objects.get(event="match_found")
    assert notification.recipient == first
    assert notification.link == draft.get_absolute_url()
    assert "Camden borders Haringey" in notification.body


def test_editing_an_open_request_matches_it_again(
    haringey_manager, camden, neighbours, django_capture_on_commit_callbacks
):
    help_request = open_request(haringey_manager, START)

    with django_capture_on_commit_callbacks() as callbacks:
        services.help_request_update(
            help_request=help_request, by=haringey_manager, data=_request_data(days_per_week=2)
        )

    assert _queued(callbacks, tasks.match_request) == [(help_request.pk,)]


def test_editing_a_draft_matches_nobody(haringey_manager, django_capture_on_commit_callbacks):
    draft = services.help_request_create(by=haringey_manager, data=_request_data())

    with django_capture_on_commit_callbacks() as callbacks:
        services.help_request_update(help_request=draft, by=haringey_manager, data=_request_data())

    assert _queued(callbacks, tasks.match_request) == []


def test_only_the_top_n_are_told_and_more_for_urgent_requests(
    haringey_manager, camden, neighbours, small_top_n
):
    routine = open_request(haringey_manager, START, urgency="routine")
    _candidates(routine, 5, camden)

    result = matching_services.match_request(help_request=routine)

    assert (result.matched, result.notified) == (5, 2)
    assert _told() == ["Candidate 0", "Candidate 1"]
    assert Match.objects.filter(notified_at__isnull=False).count() == 2

    urgent = open_request(haringey_manager, START, urgency="urgent")
    assert matching_services.match_request(help_request=urgent).notified == 3
    assert (
        Notification.objects.filter(event="match_found", link=urgent.get_absolute_url()).count()
        == 3
    )


def test_running_matching_again_creates_no_duplicate_matches_or_notifications(
    haringey_manager, camden, neighbours, small_top_n
):
    help_request = open_request(haringey_manager, START)
    _candidates(help_request, 4, camden)
    matching_services.match_request(help_request=help_request)
    before = list(Match.objects.order_by("pk").values_list("pk", "worker_id", "notified_at"))

    again = matching_services.match_request(help_request=help_request)
    tasks.match_request(help_request.pk)

    assert again.notified == 0
    assert (
        list(Match.objects.order_by("pk").values_list("pk", "worker_id", "notified_at")) == before
    )
    assert Notification.objects.filter(event="match_found").count() == 2


def test_a_new_best_candidate_is_told_and_nobody_else_again(
    haringey_manager, camden, neighbours, small_top_n
):
    help_request = open_request(haringey_manager, START)
    _candidates(help_request, 3, camden)
    matching_services.match_request(help_request=help_request)

    worker("Newcomer at the top", camden, for_request=help_request, years=12)
    result = matching_services.match_request(help_request=help_request)

    assert result.notified == 1
    assert _told() == ["Candidate 0", "Candidate 1", "Newcomer at the top"]


def test_a_match_that_no_longer_fits_is_removed(haringey_manager, camden, neighbours):
    help_request = open_request(haringey_manager, START)
    staying, leaving = _candidates(help_request, 2, camden)
    matching_services.match_request(help_request=help_request)
    leaving.worker_profile.availability.all().delete()

    result = matching_services.match_request(help_request=help_request)

    assert result.removed == 1
    assert list(Match.objects.values_list("worker", flat=True)) == [staying.pk]


def test_the_task_does_nothing_for_a_request_no_longer_open(haringey_manager, camden, neighbours):
    help_request = open_request(haringey_manager, START)
    _candidates(help_request, 1, camden)
    services.help_request_close(help_request=help_request, by=haringey_manager)

    assert tasks.match_request(help_request.pk) == 0
    assert tasks.match_request(999_999) == 0
    assert not Match.objects.exists()


def test_adding_availability_sends_one_digest_of_the_new_matches(
    client, haringey_manager, camden, neighbours, django_capture_on_commit_callbacks, eager_tasks
):
    requests = [
        open_request(haringey_manager, START, title=f"Haringey request {n}") for n in range(3)
    ]
    person = worker("Wendy Digest", camden, for_request=requests[0], available=(START, START, 1))
    person.worker_profile.availability.all().delete()
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("availability_add"),
            {
                "starts_on": START.isoformat(),
                "ends_on": (START + datetime.timedelta(days=120)).isoformat(),
                "days_per_week": "4",
            },
        )

    assert response.status_code == 302
    digest = Notification.objects.get(recipient=person)
    assert digest.event == "matches_digest"
    assert digest.title == "3 help requests match your profile"
    assert digest.link == reverse("my_matches")
    for help_request in requests:
        assert help_request.title in digest.body
    assert Match.objects.filter(worker=person, notified_at__isnull=False).count() == 3

    # Matching the worker again, or the requests, tells them nothing new.
    assert matching_services.match_worker(worker=person).new == 0
    for help_request in requests:
        matching_services.match_request(help_request=help_request)
    assert Notification.objects.filter(recipient=person).count() == 1


def test_removing_availability_withdraws_the_matches_without_a_message(
    client, haringey_manager, camden, neighbours, django_capture_on_commit_callbacks, eager_tasks
):
    help_request = open_request(haringey_manager, START)
    person = worker("Wendy Leaving", camden, for_request=help_request)
    matching_services.match_worker(worker=person)
    period = person.worker_profile.availability.get()
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("availability_remove", args=[period.pk]))

    assert not Match.objects.filter(worker=person).exists()
    assert Notification.objects.filter(recipient=person).count() == 1  # the first digest only


def test_changing_the_profile_rematches_the_worker_after_commit(
    haringey_manager, camden, neighbours, django_capture_on_commit_callbacks, eager_tasks
):
    help_request = open_request(haringey_manager, START)
    person = worker("Wendy Opting In", camden, for_request=help_request, open_to_matching=False)
    profile = person.worker_profile
    data = {
        "registration_number": profile.registration_number,
        "registration_expires_on": profile.registration_expires_on,
        "job_level": profile.job_level,
        "qualified_on": profile.qualified_on,
        "languages": "",
        "travel_scope": "chosen",
        "open_to_matching": True,
        "specialisms": [],
        "willing_boroughs": [help_request.borough],
    }

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        account_services.worker_profile_update(profile=profile, data=data, by=person)

    assert _queued(callbacks, tasks.match_worker) == [(person.pk,)]
    assert list(Match.objects.values_list("help_request", "worker")) == [
        (help_request.pk, person.pk)
    ]
    assert Notification.objects.get(recipient=person).event == "matches_digest"


def test_the_sweep_takes_crisis_requests_from_the_most_pressured_boroughs_first(
    camden_manager, haringey_manager, hackney_manager, camden, haringey, hackney
):
    islington = BoroughFactory(gss_code="E09000019", name="Islington")
    islington_manager = UserFactory(role="manager", borough=islington)
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    for borough, month, rate in (
        (hackney, this_month, "31.0"),
        (hackney, last_month, "5.0"),
        (camden, this_month, "12.5"),
        (camden, last_month, "40.0"),  # older, and no longer the latest
        (haringey, this_month, "20.0"),
    ):
        PressureReport.objects.create(
            borough=borough,
            month=month,
            vacancy_rate=Decimal(rate),
            agency_rate=Decimal("10.0"),
            average_caseload=Decimal("18.0"),
            assessment_backlog=10,
        )
    made = {
        "routine, Hackney": open_request(hackney_manager, START, urgency="routine"),
        "urgent, Camden": open_request(camden_manager, START, urgency="urgent"),
        "crisis, Camden": open_request(camden_manager, START, urgency="crisis"),
        "crisis, Islington (no report)": open_request(islington_manager, START, urgency="crisis"),
        "crisis, Hackney": open_request(hackney_manager, START, urgency="crisis"),
        "urgent, Haringey": open_request(haringey_manager, START, urgency="urgent"),
    }
    names = {help_request.pk: name for name, help_request in made.items()}

    swept = [names[result.help_request_id] for result in matching_services.match_sweep()]

    assert swept == [
        "crisis, Hackney",
        "crisis, Camden",
        "crisis, Islington (no report)",
        "urgent, Haringey",
        "urgent, Camden",
        "routine, Hackney",
    ]
    assert [names[r.pk] for r in requests_to_sweep()] == swept
    assert tasks.match_sweep() == len(made)


@pytest.fixture
def unreachable_broker():
    """The Celery app publishes to a port nothing listens on, then is put back."""
    saved = celery_app.conf.broker_url, celery_app._pool, celery_app.amqp._producer_pool
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app._pool = celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        celery_app.conf.broker_url, celery_app._pool, celery_app.amqp._producer_pool = saved


@pytest.mark.django_db(transaction=True)
def test_publishing_succeeds_when_the_broker_is_unreachable(
    client, haringey_manager, unreachable_broker, caplog
):
    draft = services.help_request_create(by=haringey_manager, data=_request_data())
    client.force_login(haringey_manager)

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="notifications.queueing"):
        response = client.post(reverse("request_publish", args=[draft.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 2
    draft.refresh_from_db()
    assert draft.status == RequestStatus.OPEN
    assert "Could not queue matching.tasks.match_request" in caplog.text
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Your help request is published" in page
