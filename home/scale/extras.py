"""What else an authority keeps: learning events with their bookings, monthly
pressure reports and agreements with its neighbours."""

import datetime
from decimal import Decimal

from boroughs.models import Agreement, FundingModel, PressureReport
from home.scale.context import Seeding
from learning.models import Booking, BookingStatus, EventKind, EventStatus, LearningEvent

EVENTS_PER_AUTHORITY = 4
REPORT_MONTHS = 12
EVENT_TITLES = (
    "Working with families affected by domestic abuse",
    "Court skills for social workers",
    "Contextual safeguarding in practice",
    "Direct work with younger children",
    "Reflective supervision",
    "Writing assessments that families can read",
)


def seed_learning(ctx: Seeding) -> None:
    rng = ctx.rng
    events, bookings = ctx.table(LearningEvent), ctx.table(Booking)
    skills = ctx.table(LearningEvent.specialisms.through)
    by_region: dict[str, list[int]] = {}
    region_of = ctx.region_of
    for user_id, home in ctx.workers:
        by_region.setdefault(region_of[home], []).append(user_id)
    bar = ctx.progress.start("learning events", len(ctx.authorities))
    for authority in ctx.authorities:
        for _ in range(EVENTS_PER_AUTHORITY):
            starts_at = datetime.datetime.combine(
                ctx.days(rng.randint(-90, 90)), datetime.time(rng.choice((9, 10, 13))), datetime.UTC
            )
            online = rng.random() < 0.4
            capacity = rng.choice((10, 12, 20, 30))
            event_id = events.add(
                borough_id=authority.id,
                kind=rng.choice(list(EventKind)),
                title=rng.choice(EVENT_TITLES),
                description=f"Hosted by {authority.name} for social workers across the region.",
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=rng.choice((2, 3, 6))),
                place="" if online else f"{authority.name} training centre",
                online_link="https://meet.scale.example/event" if online else "",
                capacity=capacity,
                job_levels=rng.choice(("", "", "1", "1,2", "2,3")),
                home_manager_must_agree=rng.random() < 0.3,
                status=EventStatus.CANCELLED if rng.random() < 0.05 else EventStatus.OPEN,
                created_by_id=rng.choice(ctx.managers[authority.id]),
                created_at=starts_at - datetime.timedelta(days=rng.randint(14, 60)),
            )
            for specialism in rng.sample(ctx.specialism_ids, rng.choice((0, 1, 2))):
                skills.add(learningevent_id=event_id, specialism_id=specialism)
            nearby = by_region.get(authority.region, [])
            people = rng.sample(nearby, min(len(nearby), rng.randint(0, capacity + 4)))
            for position, person in enumerate(people, start=1):
                status = BookingStatus.BOOKED if position <= capacity else BookingStatus.WAITING
                if rng.random() < 0.05:
                    status = BookingStatus.CANCELLED
                bookings.add(
                    event_id=event_id,
                    person_id=person,
                    status=status,
                    position=position,
                    attended=(rng.random() < 0.9) if starts_at.date() < ctx.today else None,
                )
        bar.advance(1)
    bar.finish()


def seed_pressure(ctx: Seeding) -> None:
    """A year of monthly reports from most authorities, some months missed."""
    rng, reports = ctx.rng, ctx.table(PressureReport)
    this_month = ctx.today.replace(day=1)
    for authority in ctx.authorities:
        if rng.random() < 0.15:
            continue  # has not started reporting
        vacancy = rng.uniform(5, 30)
        for back in range(REPORT_MONTHS, 0, -1):
            if rng.random() < 0.1:
                continue
            month = _months_before(this_month, back)
            vacancy = min(60.0, max(0.0, vacancy + rng.uniform(-2, 2)))
            when = datetime.datetime.combine(
                month + datetime.timedelta(days=35), datetime.time(11), datetime.UTC
            )
            reports.add(
                borough_id=authority.id,
                month=month,
                vacancy_rate=Decimal(f"{vacancy:.1f}"),
                agency_rate=Decimal(f"{rng.uniform(3, 35):.1f}"),
                average_caseload=Decimal(f"{rng.uniform(12, 28):.1f}"),
                assessment_backlog=rng.randint(0, 400),
                referrals=rng.randint(50, 2500) if rng.random() < 0.8 else None,
                reported_by_id=rng.choice(ctx.managers[authority.id]),
                created_at=min(when, ctx.now),
                updated_at=min(when, ctx.now),
            )


def seed_agreements(ctx: Seeding) -> None:
    """Standing agreements between some neighbouring authorities."""
    rng, agreements = ctx.rng, ctx.table(Agreement)
    pairs = set()
    for authority in ctx.authorities:
        if authority.neighbours and rng.random() < 0.35:
            other = rng.choice(authority.neighbours)
            pairs.add((min(authority.id, other), max(authority.id, other)))
    for a, b in sorted(pairs):
        funding = rng.choice(list(FundingModel))
        agreements.add(
            borough_a_id=a,
            borough_b_id=b,
            funding_model=funding,
            day_rate=Decimal("325.00") if funding == FundingModel.DAY_RATE else None,
            starts_on=ctx.days(-rng.randint(60, 700)),
            notes="Reciprocal cover between neighbouring authorities.",
            decided_at=ctx.moment(rng.uniform(60, 700)),
        )


def _months_before(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)
