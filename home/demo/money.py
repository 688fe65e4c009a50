"""The demo's money side: agreements, a worked history of placements with
timesheets in every state, recharge statements and agency rates.

The services only take placements that start in the future, so the history is
made as real use makes it (request, offer, selection, release, approval) and
then dated back: each placement is moved so that it started weeks ago, as if
the demo had been running since. Everything after that (timesheets, sign-offs,
queries, statements) goes through the audited services. Runs after
home.demo.marketplace; a second run creates nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import JobLevel, Specialism, User
from boroughs.models import Borough, FundingModel
from home.demo.people import COORDINATOR_EMAIL, DEMO_EMAIL_DOMAIN, DemoLogin
from money.agreements.services import agreement_propose
from money.models import FULL_DAY, HALF_DAY, week_starting
from money.statements.services import agency_rates_set, statement_issue, statement_mark_paid
from money.timesheets.services import timesheet_query, timesheet_sign_off, timesheet_submit
from secondments import services
from secondments.models import (
    HelpRequest,
    Placement,
    PlacementStatus,
    Purpose,
    Urgency,
    WorkingPattern,
)

# Illustrative reference figures for the demo only: what a day of an agency
# social worker costs a London borough, per job level. Coordinators set the
# real ones for their region.
DEMO_AGENCY_RATES = {
    JobLevel.SOCIAL_WORKER: Decimal("360.00"),
    JobLevel.SENIOR_PRACTITIONER: Decimal("410.00"),
    JobLevel.ADVANCED_PRACTITIONER: Decimal("450.00"),
    JobLevel.TEAM_MANAGER: Decimal("520.00"),
}
HISTORY_MARK = "(demo history)"


@dataclass(frozen=True)
class _Past:
    host: str
    home: str
    title: str
    funding_model: str
    day_rate: Decimal | None
    weeks_ago: int  # how many Mondays back it started
    weeks: int
    days_per_week: int
    working_days: tuple[int, ...]  # weekday numbers worked (0 = Monday)


PAST = [
    # Camden lends Hackney a worker at an agreed day rate: still going, with
    # weeks signed off, one queried and one waiting for Hackney's sign-off.
    _Past("hackney", "camden", "Assessment cover while we recruit", FundingModel.DAY_RATE,
          Decimal("320.00"), 9, 14, 3, (1, 2, 3)),
    # Hackney lends Camden a senior worker on a salary recharge: finished.
    _Past("camden", "hackney", "Court work cover for the disabled children's team",
          FundingModel.HOST_RECHARGE, None, 10, 7, 2, (0, 3)),
    # Haringey lends Camden a worker, home-funded under their agreement: going.
    _Past("camden", "haringey", "An extra pair of hands at the front door",
          FundingModel.HOME_FUNDED, None, 5, 10, 4, (0, 1, 2, 3)),
]  # fmt: skip


def _manager(borough: str) -> User:
    return User.objects.get(email=f"manager1.{borough}@{DEMO_EMAIL_DOMAIN}")


def _borough(name: str) -> Borough:
    return Borough.objects.get(name__iexact=name)


def _free_worker(home: str, *, through: datetime.date) -> User:
    """A checked worker of `home` with no placement and no application yet."""
    return (
        User.objects.workers()
        .filter(
            borough__name__iexact=home,
            worker_profile__registration_verified=True,
            worker_profile__registration_expires_on__gte=through,
            placements__isnull=True,
            applications__isnull=True,
        )
        # Past placements are not for newly qualified workers (their requests do not suit them).
        .exclude(worker_profile__qualified_on__gt=through - datetime.timedelta(days=2 * 365))
        .order_by("-pk")
        .first()
    )


def _placement(past: _Past, today: datetime.date, coordinator: User) -> Placement:
    host, home = _manager(past.host), _manager(past.home)
    # Approved as if for dates ahead, then moved back to when it really ran.
    ahead = today + datetime.timedelta(days=14)
    data = {
        "title": f"{past.title}",
        "purpose": Purpose.BACKLOG,
        "job_level": JobLevel.SOCIAL_WORKER,
        "min_years_qualified": 1,
        "newly_qualified_suitable": False,
        "supervisor_name": "",
        "places": 1,
        "starts_on": ahead,
        "ends_on": ahead + datetime.timedelta(weeks=past.weeks) - datetime.timedelta(days=3),
        "days_per_week": past.days_per_week,
        "working_pattern": WorkingPattern.HYBRID,
        "location": "",
        "funding_model": past.funding_model,
        "day_rate": past.day_rate,
        "urgency": Urgency.URGENT,
        "description": "Cover agreed through the exchange. " + HISTORY_MARK,
        "specialisms": Specialism.objects.filter(name="Child protection"),
    }
    request = services.help_request_publish(
        help_request=services.help_request_create(by=host, data=data), by=host
    )
    worker = _free_worker(past.home, through=data["ends_on"])
    application = services.application_volunteer(help_request=request, by=worker)
    services.application_select(application=application, by=host)
    services.application_release(application=application, by=home)
    placement = services.application_approve(application=application, by=coordinator)
    starts_on = week_starting(today) - datetime.timedelta(weeks=past.weeks_ago)
    ends_on = starts_on + datetime.timedelta(weeks=past.weeks) - datetime.timedelta(days=3)
    status = PlacementStatus.ACTIVE if ends_on >= today else PlacementStatus.COMPLETED
    Placement.objects.filter(pk=placement.pk).update(
        starts_on=starts_on, ends_on=ends_on, status=status
    )
    HelpRequest.objects.filter(pk=request.pk).update(starts_on=starts_on, ends_on=ends_on)
    placement.refresh_from_db()
    return placement


def _record_weeks(placement: Placement, past: _Past, today: datetime.date) -> None:
    """Every ended week submitted; most signed off, with one half day. On the
    placement still running, the second-last ended week is queried and the
    last is waiting for sign-off; the current week is not recorded yet."""
    host = _manager(past.host)
    monday = week_starting(placement.starts_on)
    ended = []
    while monday + datetime.timedelta(days=6) < today and monday <= placement.ends_on:
        ended.append(monday)
        monday += datetime.timedelta(weeks=1)
    for index, monday in enumerate(ended):
        days = {}
        for weekday in past.working_days:
            day = monday + datetime.timedelta(days=weekday)
            if placement.starts_on <= day <= placement.ends_on:
                days[day] = FULL_DAY
        if index == 1 and days:
            days[max(days)] = HALF_DAY  # left at lunchtime for a court hearing at home
        timesheet = timesheet_submit(
            placement=placement, week_starting=monday, days=days, by=placement.worker
        )
        running = placement.status == PlacementStatus.ACTIVE
        if running and index == len(ended) - 1:
            continue  # waiting for the host's sign-off
        if running and index == len(ended) - 2:
            timesheet_query(
                timesheet=timesheet,
                reason="Our rota shows you on leave on Wednesday: "
                "please check the days and submit the week again.",
                by=host,
            )
            continue
        timesheet_sign_off(timesheet=timesheet, by=host)


def _month_before(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@transaction.atomic
def seed_money() -> int:
    """Create the money side's demo data once; returns how many things were made."""
    if Placement.objects.filter(help_request__description__endswith=HISTORY_MARK).exists():
        return 0
    today = timezone.localdate()
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    london = _borough("Camden").region
    agency_rates_set(region=london, rates=dict(DEMO_AGENCY_RATES), by=coordinator)
    made = 1
    for past in PAST:
        placement = _placement(past, today, coordinator)
        _record_weeks(placement, past, today)
        made += 1
    # Statements: Hackney charged Camden for the month before last, and Camden
    # has paid; Camden has issued last month's to Hackney.
    last_month = _month_before(today)
    paid = statement_issue(
        issuer=_borough("Hackney"),
        billed=_borough("Camden"),
        month=_month_before(last_month),
        confirm_unsigned=True,
        by=_manager("hackney"),
    )
    statement_mark_paid(statement=paid, by=_manager("hackney"))
    statement_issue(
        issuer=_borough("Camden"),
        billed=_borough("Hackney"),
        month=last_month,
        confirm_unsigned=True,
        by=_manager("camden"),
    )
    made += 2
    # A proposal waiting for Camden's answer: Hackney wants its lending to
    # Camden on a standing footing from next month.
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    agreement_propose(
        from_borough=_borough("Hackney"),
        to_borough=_borough("Camden"),
        funding_model=FundingModel.HOST_RECHARGE,
        starts_on=next_month,
        recharge_terms="Salary and on-costs at Hackney's recharge rates for the worker's level.",
        notes="We have lent Camden more than we have borrowed: can we put it on a standing footing?",
        by=_manager("hackney"),
    )
    return made + 1


def placement_worker_login() -> DemoLogin | None:
    """The Camden social worker on the running placement in Hackney, whose
    timesheets wait on both sides, for the logins table."""
    placement = (
        Placement.objects.filter(
            help_request__description__endswith=HISTORY_MARK,
            status=PlacementStatus.ACTIVE,
            home__name="Camden",
        )
        .select_related("worker")
        .first()
    )
    if placement is None:
        return None
    worker = placement.worker
    team = worker.team.name if worker.team_id else ""
    return DemoLogin("Social worker on a placement", "Camden", worker.full_name, worker.email, team)
