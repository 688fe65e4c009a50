"""Help requests in every state, the applications to them, and the placements
(with their weekly timesheets) that filled them."""

import datetime
from decimal import Decimal

from boroughs.models import FundingModel, JobLevel, daily_recharge
from home.scale.context import Seeding
from money.models import FULL_DAY, Timesheet, TimesheetDay, TimesheetStatus, week_starting
from secondments.models import (
    Application,
    ApplicationStatus,
    HelpRequest,
    Placement,
    PlacementStatus,
    Purpose,
    RequestStatus,
    SupervisionFrequency,
    Urgency,
    WorkingPattern,
)
from secondments.models.placements import FundingSource

# Mostly open: the browse page and the matching sweep work on those.
REQUEST_STATES = {
    RequestStatus.OPEN: 62,
    RequestStatus.DRAFT: 6,
    RequestStatus.FILLED: 14,
    RequestStatus.CLOSED: 7,
    RequestStatus.CANCELLED: 5,
    RequestStatus.EXPIRED: 6,
}
# The applications to an open request, in every state one can be in.
OPEN_APPLICATION_STATES = {
    ApplicationStatus.INTERESTED: 38,
    ApplicationStatus.INVITED: 15,
    ApplicationStatus.SELECTED: 12,
    ApplicationStatus.RELEASED: 8,
    ApplicationStatus.DECLINED: 10,
    ApplicationStatus.WITHDRAWN: 8,
    ApplicationStatus.REFUSED: 4,
    ApplicationStatus.REJECTED: 3,
    ApplicationStatus.LAPSED: 2,
}
FINISHED_APPLICATION_STATES = (
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.LAPSED,
)
RECHARGE_SALARY = {
    1: Decimal("38000"),
    2: Decimal("44000"),
    3: Decimal("50000"),
    4: Decimal("57000"),
}
ON_COST = Decimal("28.50")
NEEDS = (
    "a child protection backlog",
    "assessments waiting to be allocated",
    "cover for long-term sickness",
    "a spike in referrals",
    "court work before the summer",
    "a team with three vacancies",
    "an outside view of our practice",
    "joint visits and training",
)


def seed_marketplace(ctx: Seeding, count: int) -> None:
    by_authority: dict[int, list[int]] = {}
    for user_id, home in ctx.workers:
        by_authority.setdefault(home, []).append(user_id)
    market = _Market(ctx, by_authority)
    hosts = ctx.rng.choices(ctx.authorities, k=count)
    states = ctx.rng.choices(list(REQUEST_STATES), weights=list(REQUEST_STATES.values()), k=count)
    bar = ctx.progress.start("help requests", count)
    for n, (host, status) in enumerate(zip(hosts, states, strict=True), start=1):
        market.request(n, host, status)
        if n % 500 == 0:
            bar.advance(500)
    bar.advance(count % 500)
    bar.finish()


class _Market:
    def __init__(self, ctx: Seeding, by_authority: dict[int, list[int]]) -> None:
        self.ctx, self.rng = ctx, ctx.rng
        self.by_authority = by_authority
        self.everywhere = [a.id for a in ctx.authorities if a.id in by_authority]
        self.booked: set[int] = set()  # workers with a confirmed or active placement
        self.requests = ctx.table(HelpRequest)
        self.request_skills = ctx.table(HelpRequest.specialisms.through)
        self.applications = ctx.table(Application)
        self.placements = ctx.table(Placement)
        self.timesheets = ctx.table(Timesheet)
        self.days = ctx.table(TimesheetDay)

    def request(self, n: int, host, status: str) -> None:
        ctx, rng = self.ctx, self.rng
        starts_on = ctx.days(_start_offset(rng, status))
        ends_on = starts_on + datetime.timedelta(days=rng.randint(14, 180))
        level = rng.choices((1, 2, 3, 4), weights=(45, 35, 15, 5))[0]
        newly = level == 1 and rng.random() < 0.3
        funding = rng.choices(list(FundingModel), weights=(50, 30, 20))[0]
        if status == RequestStatus.DRAFT:
            published_at = None
            created_at = ctx.moment(rng.uniform(0, 20))
        else:
            lead = rng.randint(5, 45)
            published_at = ctx.moment(max(0.05, (ctx.today - starts_on).days + lead))
            if status == RequestStatus.OPEN:
                published_at = ctx.moment(rng.uniform(0.01, 45))
            created_at = published_at - datetime.timedelta(hours=rng.randint(1, 72))
        places = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
        need = rng.choice(NEEDS)
        request_id = self.requests.add(
            borough_id=host.id,
            team_id=rng.choice(ctx.teams[host.id]),
            created_by_id=rng.choice(ctx.managers[host.id]),
            title=f"{JobLevel(level).label} for {need}"[:150],
            purpose=rng.choice(list(Purpose)),
            job_level=level,
            min_years_qualified=0 if newly else rng.choice((0, 0, 1, 2, 3, 5)),
            newly_qualified_suitable=newly,
            supervisor_name=ctx.name() if newly else "",
            protected_caseload=rng.randint(8, 15) if newly else None,
            supervision_frequency=rng.choice(list(SupervisionFrequency)) if newly else "",
            places=places,
            starts_on=starts_on,
            ends_on=ends_on,
            days_per_week=rng.choices((1, 2, 3, 4, 5), weights=(10, 25, 30, 20, 15))[0],
            working_pattern=rng.choice(list(WorkingPattern)),
            location=f"{host.name} civic offices",
            funding_model=funding,
            day_rate=Decimal(rng.randrange(250, 450, 5))
            if funding == FundingModel.DAY_RATE
            else None,
            urgency=rng.choices(list(Urgency), weights=(60, 30, 10))[0],
            description=f"{host.name} needs help with {need}. Request {n} of the scale data.",
            status=status,
            status_reason=_reason(status),
            created_at=created_at,
            published_at=published_at,
            updated_at=published_at or created_at,
        )
        for specialism in rng.sample(ctx.specialism_ids, rng.choice((0, 1, 1, 2, 3))):
            self.request_skills.add(helprequest_id=request_id, specialism_id=specialism)
        row = {
            "id": request_id,
            "host": host,
            "status": status,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "places": places,
            "funding": funding,
            "published_at": published_at,
        }
        self._applications(row)

    def _applications(self, request: dict) -> None:
        rng, status = self.rng, request["status"]
        if status == RequestStatus.DRAFT:
            return
        applicants = self._applicants(request["host"], rng.choice((0, 1, 2, 2, 3, 4, 6)))
        if status == RequestStatus.OPEN:
            states = rng.choices(
                list(OPEN_APPLICATION_STATES),
                weights=list(OPEN_APPLICATION_STATES.values()),
                k=len(applicants),
            )
        else:
            states = [rng.choice(FINISHED_APPLICATION_STATES) for _ in applicants]
        if status == RequestStatus.FILLED or (
            status == RequestStatus.CANCELLED and rng.random() < 0.3
        ):
            placed = self._applicants(request["host"], request["places"], free_only=True)
            placed = [worker for worker in placed if worker not in applicants]
            applicants += placed
            states += [ApplicationStatus.APPROVED] * len(placed)
        for worker, state in zip(applicants, states, strict=True):
            self._application(request, worker, state)

    def _applicants(self, host, count: int, *, free_only: bool = False) -> list[int]:
        """Workers from other authorities, most from the host's neighbours."""
        rng, chosen = self.rng, []
        for _ in range(count * 3):
            if len(chosen) == count:
                break
            near = [a for a in host.neighbours if a in self.by_authority]
            home = rng.choice(near) if near and rng.random() < 0.7 else rng.choice(self.everywhere)
            worker = rng.choice(self.by_authority[home])
            if home == host.id or worker in chosen or (free_only and worker in self.booked):
                continue
            chosen.append(worker)
        return chosen

    def _application(self, request: dict, worker: int, state: str) -> None:
        rng, ctx = self.rng, self.ctx
        created_at = (request["published_at"] or ctx.now) + datetime.timedelta(
            hours=rng.randint(1, 240)
        )
        created_at = min(created_at, ctx.now - datetime.timedelta(minutes=rng.randint(5, 600)))
        selected = state in (
            ApplicationStatus.SELECTED,
            ApplicationStatus.RELEASED,
            ApplicationStatus.REFUSED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.APPROVED,
        )
        released = state in (
            ApplicationStatus.RELEASED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.APPROVED,
        )
        late = state == ApplicationStatus.SELECTED and rng.random() < 0.15
        application_id = self.applications.add(
            help_request_id=request["id"],
            worker_id=worker,
            status=state,
            note="I have worked in a similar team and can start straight away.",
            invited_by_id=(
                rng.choice(ctx.managers[request["host"].id])
                if state == ApplicationStatus.INVITED
                else None
            ),
            status_reason=_reason(state),
            selected_at=created_at + datetime.timedelta(hours=6) if selected else None,
            released_at=created_at + datetime.timedelta(hours=30) if released else None,
            release_escalated_at=created_at + datetime.timedelta(days=5) if late else None,
            created_at=created_at,
            updated_at=created_at + datetime.timedelta(hours=30 if released else 6),
        )
        if state == ApplicationStatus.APPROVED:
            self._placement(request, application_id, worker, created_at)

    def _placement(self, request: dict, application_id: int, worker: int, approved_at) -> None:
        ctx, rng = self.ctx, self.rng
        starts_on, ends_on = request["starts_on"], request["ends_on"]
        if request["status"] == RequestStatus.CANCELLED:
            status = PlacementStatus.CANCELLED
        elif ends_on < ctx.today:
            status = PlacementStatus.COMPLETED
        elif starts_on <= ctx.today:
            status = PlacementStatus.ACTIVE
        else:
            status = PlacementStatus.CONFIRMED
        if status in (PlacementStatus.CONFIRMED, PlacementStatus.ACTIVE):
            self.booked.add(worker)
        level = ctx.worker_levels[worker]
        funding = request["funding"]
        recharge = {}
        if funding == FundingModel.HOST_RECHARGE:
            salary = RECHARGE_SALARY[level]
            recharge = {
                "recharge_annual_salary": salary,
                "recharge_on_cost_percent": ON_COST,
                "daily_recharge": daily_recharge(salary, ON_COST),
            }
        days_per_week = rng.randint(2, 5)
        placement_id = self.placements.add(
            application_id=application_id,
            help_request_id=request["id"],
            worker_id=worker,
            host_id=request["host"].id,
            home_id=self._home(worker),
            starts_on=starts_on,
            ends_on=ends_on,
            days_per_week=days_per_week,
            status=status,
            status_reason="The host's need went away."
            if status == PlacementStatus.CANCELLED
            else "",
            funding_model=funding,
            day_rate=Decimal("350.00") if funding == FundingModel.DAY_RATE else None,
            funding_source=FundingSource.REQUEST,
            created_at=approved_at,
            updated_at=approved_at,
            **recharge,
        )
        if status in (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED):
            self._timesheets(request, placement_id, starts_on, ends_on, days_per_week)

    def _home(self, worker: int) -> int:
        return self.ctx.worker_homes[worker]

    def _timesheets(self, request, placement_id, starts_on, ends_on, days_per_week) -> None:
        """A timesheet for each week worked so far: older ones signed off."""
        ctx = self.ctx
        host_managers = ctx.managers[request["host"].id]
        last = min(ends_on, ctx.today - datetime.timedelta(days=1))
        monday = week_starting(starts_on)
        while monday <= last:
            worked = [
                monday + datetime.timedelta(days=d)
                for d in range(5)
                if starts_on <= monday + datetime.timedelta(days=d) <= last
            ][:days_per_week]
            if worked:
                self._timesheet(placement_id, monday, worked, host_managers)
            monday += datetime.timedelta(days=7)

    def _timesheet(self, placement_id, monday, worked, host_managers) -> None:
        ctx, rng = self.ctx, self.rng
        submitted_at = datetime.datetime.combine(
            monday + datetime.timedelta(days=4), datetime.time(16, 30), tzinfo=datetime.UTC
        )
        submitted_at = min(submitted_at, ctx.now)
        age = (ctx.today - monday).days
        row = {"status": TimesheetStatus.SUBMITTED}
        if age > 14 and rng.random() < 0.96:
            row = {
                "status": TimesheetStatus.SIGNED_OFF,
                "signed_off_at": submitted_at + datetime.timedelta(days=2),
                "signed_off_by_id": rng.choice(host_managers),
            }
        elif age > 7 and rng.random() < 0.2:
            row = {
                "status": TimesheetStatus.QUERIED,
                "query_reason": "Our records show Thursday as a day off: please check.",
                "queried_at": submitted_at + datetime.timedelta(days=1),
                "queried_by_id": rng.choice(host_managers),
            }
        timesheet_id = self.timesheets.add(
            placement_id=placement_id,
            week_starting=monday,
            days_worked=Decimal(len(worked)),
            submitted_at=submitted_at,
            times_submitted=1,
            created_at=submitted_at,
            updated_at=submitted_at,
            **row,
        )
        for day in worked:
            self.days.add(timesheet_id=timesheet_id, day=day, amount=FULL_DAY)


def _start_offset(rng, status: str) -> int:
    """Days from today to the request's start, as its state suggests."""
    if status in (RequestStatus.OPEN, RequestStatus.DRAFT):
        return rng.randint(3, 120)
    if status == RequestStatus.FILLED:
        return rng.randint(-170, 60)
    if status == RequestStatus.CANCELLED:
        return rng.randint(-120, 90)
    return rng.randint(-300, -5)  # closed or expired: in the past


def _reason(status: str) -> str:
    return {
        RequestStatus.CLOSED: "We recruited a permanent worker.",
        RequestStatus.CANCELLED: "The need went away.",
        RequestStatus.EXPIRED: "Nobody was placed before the start date.",
        ApplicationStatus.DECLINED: "We chose someone with more court experience.",
        ApplicationStatus.REFUSED: "We cannot spare anyone from the team this month.",
        ApplicationStatus.REJECTED: "The home borough has not agreed the funding.",
        ApplicationStatus.WITHDRAWN: "My circumstances changed.",
    }.get(status, "")
