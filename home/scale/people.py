"""The people: teams and managers in every authority, coordinators for England
and each region, and the social workers with their profiles and availability."""

import datetime

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from accounts.models import (
    Availability,
    CoordinatorRegion,
    Role,
    TravelScope,
    User,
    WorkerProfile,
)
from boroughs.models import BoroughKind, Region, Team
from home.scale.context import Authority, Seeding, email

TEAM_NAMES = (
    "Assessment",
    "Children in need",
    "Child protection",
    "Looked-after children",
    "Leaving care",
    "Fostering",
    "Adoption",
    "Disabled children",
    "Family support",
    "Youth justice",
)
MANAGERS_PER_AUTHORITY = 3
# Bigger councils employ more social workers: a county several London boroughs' worth.
WORKFORCE_WEIGHT = {
    BoroughKind.COUNTY: 4.0,
    BoroughKind.METROPOLITAN_DISTRICT: 2.0,
    BoroughKind.LONDON_BOROUGH: 1.5,
    BoroughKind.UNITARY: 1.0,
}
LANGUAGES = ("", "", "", "", "", "", "Urdu", "Polish", "Punjabi", "Bengali", "Welsh", "BSL")


def hashed_password(password: str, seed: int) -> str:
    """One hash for every account: hashing 100,000 would take far longer than
    writing them. A salt from the seed keeps the row the same on every run."""
    return make_password(password, salt=f"scaleseed{seed}")


def seed_staff(ctx: Seeding, password_hash: str) -> None:
    """Teams and managers for every authority, and the coordinators."""
    users, teams = ctx.table(User), ctx.table(Team)
    bar = ctx.progress.start("teams and managers", len(ctx.authorities))
    for authority in ctx.authorities:
        names = ctx.rng.sample(TEAM_NAMES, ctx.rng.randint(3, 6))
        ctx.teams[authority.id] = [
            teams.add(borough_id=authority.id, name=name, description=f"{name} in {authority.name}")
            for name in names
        ]
        ctx.managers[authority.id] = [
            users.add(
                password=password_hash,
                email=email(f"manager{n}.{authority.gss_code.lower()}"),
                full_name=ctx.name(),
                role=Role.MANAGER,
                borough_id=authority.id,
                team_id=ctx.teams[authority.id][n % len(names)],
                date_joined=ctx.moment(ctx.rng.uniform(30, 900)),
            )
            for n in range(1, MANAGERS_PER_AUTHORITY + 1)
        ]
        bar.advance(1)
    bar.finish()
    ctx.national_coordinator = users.add(
        password=password_hash,
        email=email("coordinator"),
        full_name=ctx.name(),
        role=Role.COORDINATOR,
        coordinates_nationally=True,
        date_joined=ctx.moment(1000),
    )
    regions = ctx.table(CoordinatorRegion)
    for region in Region:
        coordinator = users.add(
            password=password_hash,
            email=email(f"coordinator.{slugify(region.value)}"),
            full_name=ctx.name(),
            role=Role.COORDINATOR,
            coordinates_nationally=False,
            date_joined=ctx.moment(ctx.rng.uniform(100, 900)),
        )
        regions.add(user_id=coordinator, region=region.value)


def seed_workers(ctx: Seeding, count: int, password_hash: str) -> None:
    """Social workers spread over the authorities by size, with their profiles."""
    users, profiles = ctx.table(User), ctx.table(WorkerProfile)
    skills = ctx.table(WorkerProfile.specialisms.through)
    willing = ctx.table(WorkerProfile.willing_boroughs.through)
    periods = ctx.table(Availability)
    weights = [WORKFORCE_WEIGHT[a.kind] for a in ctx.authorities]
    homes = ctx.rng.choices(ctx.authorities, weights=weights, k=count)
    by_region: dict[str, list[int]] = {}
    for authority in ctx.authorities:
        by_region.setdefault(authority.region, []).append(authority.id)
    bar = ctx.progress.start("workers", count)
    rng = ctx.rng
    for n, home in enumerate(homes, start=1):
        user_id = users.add(
            password=password_hash,
            email=email(f"worker{n:06d}"),
            full_name=ctx.name(),
            role=Role.WORKER,
            borough_id=home.id,
            team_id=rng.choice(ctx.teams[home.id]),
            phone_number=f"07700{n % 1_000_000:06d}" if rng.random() < 0.6 else "",
            date_joined=ctx.moment(rng.uniform(1, 700)),
        )
        ctx.workers.append((user_id, home.id))
        ctx.worker_homes[user_id] = home.id
        level = rng.choices((1, 2, 3, 4), weights=(50, 30, 15, 5))[0]
        ctx.worker_levels[user_id] = level
        scope, places = _travel(ctx, home, by_region)
        profile_id = profiles.add(
            user_id=user_id,
            line_manager_id=rng.choice(ctx.managers[home.id]),
            job_level=level,
            qualified_on=ctx.days(-int(rng.triangular(200, 30 * 365, 5 * 365))),
            languages=rng.choice(LANGUAGES),
            open_to_matching=rng.random() < 0.85,
            updated_at=ctx.moment(rng.uniform(0, 200)),
            travel_scope=scope,
            **_registration(ctx, n),
        )
        for borough_id in places:
            willing.add(workerprofile_id=profile_id, borough_id=borough_id)
        for specialism in rng.sample(ctx.specialism_ids, rng.randint(1, 4)):
            skills.add(workerprofile_id=profile_id, specialism_id=specialism)
        _availability(ctx, periods, profile_id)
        if n % 1000 == 0:
            bar.advance(1000)
    bar.advance(count % 1000)
    bar.finish()


def _registration(ctx: Seeding, n: int) -> dict:
    """Most registrations checked and in date; some waiting, queried, lapsing or missing."""
    rng = ctx.rng
    roll = rng.random()
    if roll < 0.02:
        return {"registration_number": None}
    row = {
        "registration_number": f"SW{100000 + n}",
        "registration_expires_on": ctx.days(rng.randint(60, 730)),
    }
    if roll < 0.05:
        row["registration_expires_on"] = ctx.days(rng.randint(-60, 30))
    if roll < 0.10:
        return row  # waiting for a coordinator
    if roll < 0.11:
        return {
            **row,
            "registration_query_reason": "The register shows a different name for this number.",
            "registration_queried_at": ctx.moment(rng.uniform(1, 20)),
        }
    return {
        **row,
        "registration_verified": True,
        "registration_verified_by_id": ctx.national_coordinator,
        "registration_verified_at": ctx.moment(rng.uniform(20, 400)),
    }


def _travel(ctx: Seeding, home: Authority, by_region) -> tuple[str, list[int]]:
    """How far the worker will go, and so the authorities they will work in."""
    rng = ctx.rng
    roll = rng.random()
    if roll < 0.25:
        scope, places = TravelScope.REGION, [b for b in by_region[home.region] if b != home.id]
    elif roll < 0.7 and home.neighbours:
        scope, places = TravelScope.NEIGHBOURS, list(home.neighbours)
    else:
        nearby = sorted(set(home.neighbours) | set(by_region[home.region]) - {home.id})
        scope = TravelScope.CHOSEN
        places = rng.sample(nearby, min(len(nearby), rng.randint(1, 6)))
    return scope, places


def _availability(ctx: Seeding, periods, profile_id: int) -> None:
    """Up to three periods one after another (they may never overlap)."""
    rng = ctx.rng
    start = ctx.days(rng.randint(-60, 90))
    for _ in range(rng.choices((0, 1, 2, 3), weights=(15, 55, 22, 8))[0]):
        end = start + datetime.timedelta(days=rng.randint(28, 270))
        periods.add(
            profile_id=profile_id,
            starts_on=start,
            ends_on=end,
            days_per_week=rng.choices((1, 2, 3, 4, 5), weights=(10, 20, 25, 20, 25))[0],
        )
        start = end + datetime.timedelta(days=rng.randint(1, 120))
