"""The Monday digest: each manager hears about their borough, each opted-in worker
about the open requests matching them; once a week, and only with news."""

import datetime

import pytest
import time_machine

from home.tasks import weekly_digest
from notifications.models import Notification
from secondments import services
from tests.clock import at
from tests.factories import MatchFactory, UserFactory, WorkerProfileFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
MONDAY = D(2027, 6, 7)


def _digests() -> dict[str, list[Notification]]:
    found: dict[str, list[Notification]] = {}
    for row in Notification.objects.filter(event="weekly_digest").select_related("recipient"):
        found.setdefault(row.recipient.email, []).append(row)
    return found


def _published(manager, **overrides):
    draft = services.help_request_create(by=manager, data=request_data(places=1, **overrides))
    return services.help_request_publish(help_request=draft, by=manager)


@pytest.fixture
def marketplace(camden, haringey_manager, camden_manager, hackney_manager, camden_worker,
                hackney_worker):  # fmt: skip
    """Haringey asks twice: a Camden worker offers for one, a Hackney worker is
    selected for the other and waits for Hackney's release. Two more Camden
    workers are matched, one of them opted out."""
    with time_machine.travel(at(MONDAY - 3 * DAY), tick=False):
        assessment = _published(haringey_manager, title="Assessment backlog")
        court = _published(haringey_manager, title="Court work cover")
        services.application_volunteer(help_request=assessment, by=camden_worker)
        selected = services.application_volunteer(help_request=court, by=hackney_worker)
        services.application_select(application=selected, by=haringey_manager)

        matched = UserFactory(borough=camden, email="matched@camden.gov.uk")
        WorkerProfileFactory(user=matched)
        opted_out = UserFactory(borough=camden, email="opted-out@camden.gov.uk")
        WorkerProfileFactory(user=opted_out, open_to_matching=False)
        MatchFactory(help_request=assessment, worker=matched, score=90)
        MatchFactory(
            help_request=court, worker=matched, score=60, reasons=["Camden borders Haringey, 4 km"]
        )
        MatchFactory(help_request=assessment, worker=opted_out)
        # Already answered: the Camden worker offered to help with this one.
        MatchFactory(help_request=assessment, worker=camden_worker)
        draft = services.help_request_create(by=haringey_manager, data=request_data(title="Draft"))
        MatchFactory(help_request=draft, worker=matched)
    return {"matched": matched, "opted_out": opted_out}


def test_each_manager_gets_their_boroughs_week(
    marketplace, haringey_manager, camden_manager, hackney_manager
):
    with time_machine.travel(at(MONDAY, 7), tick=False):
        weekly_digest()

    digests = _digests()
    (haringey,) = digests[haringey_manager.email]
    assert haringey.title == "Your week in Haringey: 2 open requests, 1 applicant waiting for you"
    assert "Assessment backlog" in haringey.body and "Court work cover" in haringey.body
    assert "1 applicant waiting for you to select or decline" in haringey.body
    assert "no applicants waiting" in haringey.body

    (hackney,) = digests[hackney_manager.email]
    assert hackney.title == "Your week in Hackney: 1 release to decide"
    assert "Walter Worker, selected by Haringey for Court work cover" in hackney.body

    # Camden's own worker offering to help elsewhere asks nothing of Camden's managers.
    assert camden_manager.email not in digests


def test_opted_in_workers_hear_of_open_requests_matching_them_best_first(
    marketplace, camden_worker, hackney_worker
):
    with time_machine.travel(at(MONDAY, 7), tick=False):
        weekly_digest()

    digests = _digests()
    (matched,) = digests[marketplace["matched"].email]
    assert matched.title == "Your week: 2 open requests match you"
    body = matched.body
    assert body.index("Assessment backlog") < body.index("Court work cover")
    assert "covers 3 of 3 specialisms" in body and "Camden borders Haringey, 4 km" in body
    assert "Draft" not in body
    # Opted out; or matched only to a request already answered; or not matched at all.
    for person in (marketplace["opted_out"], camden_worker, hackney_worker):
        assert person.email not in digests


def test_one_digest_per_person_per_iso_week(marketplace, haringey_manager):
    with time_machine.travel(at(MONDAY, 7), tick=False) as traveller:
        weekly_digest()
        first = Notification.objects.filter(event="weekly_digest").count()
        weekly_digest()
        traveller.move_to(at(MONDAY + 4 * DAY))  # Friday, same week
        weekly_digest()
        assert Notification.objects.filter(event="weekly_digest").count() == first

        traveller.move_to(at(MONDAY + 7 * DAY, 7))
        weekly_digest()

    assert Notification.objects.filter(event="weekly_digest").count() == 2 * first
    assert len(_digests()[haringey_manager.email]) == 2


def test_the_week_spanning_new_year_is_one_iso_week(marketplace, haringey_manager):
    # Monday 28 December 2026 and Friday 1 January 2027 are both in 2026-W53.
    with time_machine.travel(at(D(2026, 12, 28), 7), tick=False) as traveller:
        weekly_digest()
        traveller.move_to(at(D(2027, 1, 1)))
        weekly_digest()
        assert len(_digests()[haringey_manager.email]) == 1
        traveller.move_to(at(D(2027, 1, 4), 7))
        weekly_digest()
    assert len(_digests()[haringey_manager.email]) == 2


def test_placements_starting_soon_are_in_both_boroughs_digests(
    haringey_manager, camden_worker, camden_manager, coordinator
):
    with time_machine.travel(at(MONDAY - 3 * DAY), tick=False) as traveller:
        help_request = _published(haringey_manager, title="Assessment backlog")
        application = services.application_volunteer(help_request=help_request, by=camden_worker)
        services.application_select(application=application, by=haringey_manager)
        services.application_release(application=application, by=camden_manager)
        placement = services.application_approve(application=application, by=coordinator)
        traveller.move_to(at(placement.starts_on - 10 * DAY, 7))
        weekly_digest()

    digests = _digests()
    start = f"{placement.starts_on:%-d %B %Y}"
    (camden,) = digests[camden_manager.email]
    assert camden.title == "Your week in Camden: 1 placement starting soon"
    assert f"Wendy Worker, going to Haringey on {start}" in camden.body
    (haringey,) = digests[haringey_manager.email]
    assert "1 placement starting soon" in haringey.title
    assert f"Wendy Worker from Camden, coming in on {start}" in haringey.body


def test_nobody_hears_anything_in_a_quiet_week(camden_manager, camden_worker, coordinator):
    with time_machine.travel(at(MONDAY, 7), tick=False):
        assert weekly_digest() == 0
    assert not Notification.objects.filter(event="weekly_digest").exists()
