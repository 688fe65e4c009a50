"""The demo's newly qualified pathway: Haringey hosts a newly qualified social
worker from Hackney on a request suitable for them (a named supervisor, a
protected caseload, weekly supervision), and has recorded two supervision
sessions, which Hackney's managers can read.

As home.demo.money does, the placement is made as real use makes it (request,
offer, selection, release, approval) and then dated back to have started three
weeks ago; the sessions go through the audited service. Runs after
home.demo.money.seed_money(); a second run creates nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import JobLevel, Specialism, User
from home.demo.money import _manager
from home.demo.people import COORDINATOR_EMAIL
from learning.models import SupervisionSession
from learning.supervision.services import supervision_record
from secondments import services
from secondments.models import (
    HelpRequest,
    Placement,
    PlacementStatus,
    Purpose,
    Urgency,
    WorkingPattern,
)

TITLE = "A supported start in the Tottenham family support team"
SESSIONS = [
    (
        16,
        "Induction week reviewed. Caseload at 4 of the 8 protected; agreed to co-work "
        "the next two home visits before holding cases alone.",
    ),
    (
        9,
        "Reflective discussion on a first child in need assessment; recording is clear "
        "and timely. Next: a joint visit with the team's advanced practitioner.",
    ),
]


def _newly_qualified_worker(starts_on: datetime.date) -> User | None:
    """A checked worker outside Haringey, in their first year on `starts_on`, free."""
    return (
        User.objects.workers()
        .exclude(borough__name="Haringey")
        .filter(
            worker_profile__registration_verified=True,
            worker_profile__registration_expires_on__gte=starts_on + datetime.timedelta(weeks=9),
            worker_profile__qualified_on__gt=starts_on - datetime.timedelta(days=330),
            placements__isnull=True,
            applications__isnull=True,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def seed_supervision() -> int:
    """Create the newly qualified demo placement and its sessions once; returns how many."""
    if SupervisionSession.objects.exists():
        return 0
    today = timezone.localdate()
    host = _manager("haringey")
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    ahead = today + datetime.timedelta(days=14)
    worker = _newly_qualified_worker(ahead)
    if worker is None:
        return 0
    data = {
        "title": TITLE,
        "purpose": Purpose.PRACTICE_EXCHANGE,
        "job_level": JobLevel.SOCIAL_WORKER,
        "min_years_qualified": 0,
        "newly_qualified_suitable": True,
        "supervisor_name": "Amara Stewart",
        "protected_caseload": 8,
        "supervision_frequency": "weekly",
        "places": 1,
        "starts_on": ahead,
        "ends_on": ahead + datetime.timedelta(weeks=8),
        "days_per_week": 3,
        "working_pattern": WorkingPattern.HYBRID,
        "location": "",
        "funding_model": "home_funded",
        "day_rate": None,
        "urgency": Urgency.ROUTINE,
        "description": (
            "A newly qualified social worker joins our family support team for eight weeks, "
            "with weekly supervision and a protected caseload of no more than 8 families."
        ),
        "specialisms": Specialism.objects.none(),
    }
    request = services.help_request_publish(
        help_request=services.help_request_create(by=host, data=data), by=host
    )
    application = services.application_volunteer(help_request=request, by=worker)
    services.application_select(application=application, by=host)
    home = User.objects.managers().filter(borough_id=worker.borough_id).order_by("pk").first()
    services.application_release(application=application, by=home)
    placement = services.application_approve(application=application, by=coordinator)
    starts_on = today - datetime.timedelta(weeks=3)
    ends_on = starts_on + datetime.timedelta(weeks=8)
    Placement.objects.filter(pk=placement.pk).update(
        starts_on=starts_on, ends_on=ends_on, status=PlacementStatus.ACTIVE
    )
    HelpRequest.objects.filter(pk=request.pk).update(starts_on=starts_on, ends_on=ends_on)
    placement.refresh_from_db()
    for days_ago, note in SESSIONS:
        supervision_record(
            placement=placement,
            held_on=today - datetime.timedelta(days=days_ago),
            note=note,
            by=host,
        )
    return 1 + len(SESSIONS)
