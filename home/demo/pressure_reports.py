"""The demo's history for the reports: months of requests to count, and fill
times to measure.

The money side's worked history (home.demo.money) dates its placements back
to when they ran, but its requests look published, and its placements
approved, the day the demo was made. Here each of those requests is dated
back to three weeks before its placement started, and its approval to some
days after publishing, so the fill-rate report has times to fill.

Then a few requests the boroughs posted over the past months that ended
without a placement (closed when the need passed, or cancelled): made and
ended through the audited services, then dated back to when they were posted,
so the month-by-month report has months. Runs after home.demo.money; a second
run changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import JobLevel, Specialism, User
from boroughs.models import FundingModel
from home.demo.money import HISTORY_MARK
from home.demo.people import DEMO_EMAIL_DOMAIN
from secondments import services
from secondments.models import HelpRequest, Placement, Purpose, Urgency, WorkingPattern

REPORTS_MARK = "(demo reports history)"
# Published this long before the placement started, approved these days after publishing.
PUBLISHED_BEFORE_START = datetime.timedelta(days=21)
DAYS_TO_APPROVAL = [6, 11, 4, 9]

# host, months ago, day of the month, title, urgency, how it ended
PAST_REQUESTS = [
    ("haringey", 10, 6, "Assessment backlog after the inspection", Urgency.CRISIS, "closed"),
    ("enfield", 9, 14, "Court work cover over the summer", Urgency.URGENT, "cancelled"),
    ("camden", 8, 3, "Front door cover during a restructure", Urgency.ROUTINE, "closed"),
    ("hackney", 7, 19, "Practice exchange with the disabled children's team", Urgency.ROUTINE,
     "closed"),
    ("islington", 6, 8, "Cover for two long-term absences", Urgency.URGENT, "cancelled"),
    ("haringey", 5, 12, "An outside view of our assessment timeliness", Urgency.ROUTINE,
     "closed"),
    ("barnet", 4, 22, "Leaving care worker for eight weeks", Urgency.URGENT, "closed"),
    ("enfield", 3, 9, "Child protection cover while we recruit", Urgency.CRISIS, "cancelled"),
    ("hackney", 2, 16, "Peer review of supervision practice", Urgency.ROUTINE, "closed"),
]  # fmt: skip
ENDING_REASONS = {
    "closed": "We recruited to the post in the end",
    "cancelled": "The need passed before anyone started",
}


def _manager(borough: str) -> User:
    return User.objects.get(email=f"manager1.{borough}@{DEMO_EMAIL_DOMAIN}")


def _at_half_past_nine(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


def _months_ago(today: datetime.date, months: int, day: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, day)


def _date_back_worked_history() -> int:
    """Money's history requests, published and approved as if weeks before they ran.
    Only those not dated back yet: published after their placement started."""
    moved = 0
    placements = (
        Placement.objects.filter(help_request__description__endswith=HISTORY_MARK)
        .select_related("help_request")
        .order_by("starts_on", "pk")
    )
    for n, placement in enumerate(placements):
        request = placement.help_request
        published_at = _at_half_past_nine(placement.starts_on - PUBLISHED_BEFORE_START)
        if request.published_at is None or request.published_at <= published_at:
            continue
        approved_at = published_at + datetime.timedelta(
            days=DAYS_TO_APPROVAL[n % len(DAYS_TO_APPROVAL)], hours=5
        )
        HelpRequest.objects.filter(pk=request.pk).update(published_at=published_at)
        Placement.objects.filter(pk=placement.pk).update(created_at=approved_at)
        moved += 1
    return moved


def _request_data(title: str, urgency: str, starts_on: datetime.date) -> dict:
    return {
        "title": title,
        "purpose": Purpose.BACKLOG,
        "job_level": JobLevel.SOCIAL_WORKER,
        "min_years_qualified": 1,
        "newly_qualified_suitable": False,
        "supervisor_name": "",
        "places": 1,
        "starts_on": starts_on,
        "ends_on": starts_on + datetime.timedelta(weeks=8),
        "days_per_week": 3,
        "working_pattern": WorkingPattern.HYBRID,
        "location": "",
        "funding_model": FundingModel.HOME_FUNDED,
        "day_rate": None,
        "urgency": urgency,
        "description": f"Help asked for through the exchange. {REPORTS_MARK}",
        "specialisms": Specialism.objects.filter(name="Assessment"),
    }


def _past_requests(today: datetime.date) -> int:
    if HelpRequest.objects.filter(description__endswith=REPORTS_MARK).exists():
        return 0
    for host, months, day, title, urgency, ending in PAST_REQUESTS:
        manager = _manager(host)
        # Made for dates ahead (the services refuse a start in the past), then moved back.
        ahead = today + datetime.timedelta(days=14)
        request = services.help_request_publish(
            help_request=services.help_request_create(
                by=manager, data=_request_data(title, urgency, ahead)
            ),
            by=manager,
        )
        end = services.help_request_close if ending == "closed" else services.help_request_cancel
        end(help_request=request, by=manager, reason=ENDING_REASONS[ending])
        posted_on = _months_ago(today, months, day)
        starts_on = posted_on + datetime.timedelta(days=21)
        HelpRequest.objects.filter(pk=request.pk).update(
            published_at=_at_half_past_nine(posted_on),
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(weeks=8),
        )
    return len(PAST_REQUESTS)


@transaction.atomic
def seed_pressure_reports() -> int:
    """Date back the worked history and add the past requests, once; returns
    how many requests were dated back or made."""
    today = timezone.localdate()
    return _date_back_worked_history() + _past_requests(today)
