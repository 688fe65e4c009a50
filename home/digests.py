"""The weekly digest: what each borough manager and each opted-in worker should know.

Celery beat sends it on Monday mornings (home/tasks.py). One
notification per person per ISO week: the week is in the idempotency key, so a
second run in the same week writes nothing. People with nothing to hear about
get nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from accounts.models import User
from boroughs.models import Borough
from matching.models import Match
from notifications.services import notify
from secondments.models import (
    Application,
    ApplicationStatus,
    HelpRequest,
    Placement,
    PlacementStatus,
    RequestStatus,
)

# "Starting soon" in a borough manager's digest.
DIGEST_STARTING_WITHIN_DAYS = 14
# The longest list in one digest; the rest are counted.
DIGEST_MAX_ITEMS = 10


def _date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _with_people(applications):
    return applications.select_related("worker__borough", "help_request__borough")


def _iso_week(today: datetime.date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def _listed(heading: str, lines: list[str]) -> str:
    shown = lines[:DIGEST_MAX_ITEMS]
    more = len(lines) - len(shown)
    tail = [f"- and {more} more"] if more else []
    return "\n".join([f"{heading}:", *(f"- {line}" for line in shown), *tail])


def _counted(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


@dataclass
class _BoroughWeek:
    """What a borough's managers hear about in their weekly digest."""

    open_requests: list[str] = field(default_factory=list)
    applicants_waiting: int = 0
    releases: list[str] = field(default_factory=list)
    starting: list[str] = field(default_factory=list)

    def title(self, borough: Borough) -> str:
        parts = []
        if self.open_requests:
            parts.append(_counted(len(self.open_requests), "open request", "open requests"))
        if self.applicants_waiting:
            parts.append(
                _counted(self.applicants_waiting, "applicant", "applicants") + " waiting for you"
            )
        if self.releases:
            parts.append(_counted(len(self.releases), "release", "releases") + " to decide")
        if self.starting:
            parts.append(_counted(len(self.starting), "placement", "placements") + " starting soon")
        return f"Your week in {borough}: {', '.join(parts)}"

    def body(self) -> str:
        sections = [
            ("Your open requests", self.open_requests),
            ("Releases waiting for your decision", self.releases),
            (f"Placements starting in the next {DIGEST_STARTING_WITHIN_DAYS} days", self.starting),
        ]
        return "\n\n".join(_listed(heading, lines) for heading, lines in sections if lines)


@transaction.atomic
def weekly_digests_send(*, today: datetime.date) -> int:
    """One summary a week for each borough manager and each opted-in worker who has
    something to hear about. Returns how many people are due one (repeats included)."""
    key = _iso_week(today)
    return _manager_digests(today, key) + _worker_digests(key)


def _borough_weeks(today: datetime.date) -> dict[int, _BoroughWeek]:
    weeks: dict[int, _BoroughWeek] = defaultdict(_BoroughWeek)

    open_requests = HelpRequest.objects.open().annotate(
        waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.INTERESTED))
    )
    for help_request in open_requests.order_by("starts_on", "pk"):
        week = weeks[help_request.borough_id]
        waiting = (
            _counted(help_request.waiting, "applicant", "applicants")
            + " waiting for you to select or decline"
            if help_request.waiting
            else "no applicants waiting"
        )
        week.open_requests.append(
            f"{help_request.title}, starting {_date(help_request.starts_on)}: {waiting}"
        )
        week.applicants_waiting += help_request.waiting

    releases = _with_people(Application.objects.filter(status=ApplicationStatus.SELECTED))
    for application in releases.longest_waiting_first():
        escalated = " (escalated to the coordinators)" if application.release_escalated_at else ""
        weeks[application.worker.borough_id].releases.append(
            f"{application.worker}, selected by {application.help_request.borough} for "
            f"{application.help_request.title}{escalated}"
        )

    starting = Placement.objects.filter(
        status=PlacementStatus.CONFIRMED,
        starts_on__gte=today,
        starts_on__lte=today + datetime.timedelta(days=DIGEST_STARTING_WITHIN_DAYS),
    ).select_related("worker", "host", "home")
    for placement in starting.order_by("starts_on", "pk"):
        weeks[placement.host_id].starting.append(
            f"{placement.worker} from {placement.home}, coming in on {_date(placement.starts_on)}"
        )
        weeks[placement.home_id].starting.append(
            f"{placement.worker}, going to {placement.host} on {_date(placement.starts_on)}"
        )
    return weeks


def _manager_digests(today: datetime.date, key: str) -> int:
    weeks = _borough_weeks(today)
    managers: dict[int, list[User]] = defaultdict(list)
    for manager in (
        User.objects.managers()
        .filter(is_active=True, borough_id__in=list(weeks))
        .select_related("borough")
    ):
        managers[manager.borough_id].append(manager)

    for borough_id, people in managers.items():
        week = weeks[borough_id]
        notify(
            recipients=people,
            event="weekly_digest",
            title=week.title(people[0].borough),
            body=week.body(),
            link=reverse("dashboard"),
            key=key,
        )
    return sum(len(people) for people in managers.values())


def _worker_digests(key: str) -> int:
    """Each opted-in worker hears of the open requests matching them that they
    have not yet answered (the Match rows the matching keeps up to date)."""
    answered = Application.objects.filter(
        help_request=OuterRef("help_request"), worker=OuterRef("worker")
    )
    matches = (
        Match.objects.filter(
            help_request__status=RequestStatus.OPEN,
            worker__is_active=True,
            worker__worker_profile__open_to_matching=True,
        )
        .exclude(Exists(answered))
        .select_related("worker", "help_request__borough")
        .order_by("worker_id", "-score", "help_request__starts_on", "pk")
    )
    by_worker: dict[int, list[Match]] = defaultdict(list)
    for match in matches:
        by_worker[match.worker_id].append(match)

    for found in by_worker.values():
        lines = [_match_line(match) for match in found]
        matching = "open request matches" if len(found) == 1 else "open requests match"
        notify(
            recipients=[found[0].worker],
            event="weekly_digest",
            title=f"Your week: {len(found)} {matching} you",
            body=_listed("Requests that match you", lines),
            link=reverse("request_list"),
            key=key,
        )
    return len(by_worker)


def _match_line(match: Match) -> str:
    help_request = match.help_request
    line = f"{help_request.title}, {help_request.borough}, from {_date(help_request.starts_on)}"
    if match.reasons:
        line += ": " + "; ".join(str(reason) for reason in match.reasons)
    return line
