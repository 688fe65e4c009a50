"""Demo data: teams, managers, a coordinator and about 200 social workers.

Used by ``manage.py seed_demo`` (and so by ``make run``). Everything is drawn
from ``random.Random(seed)``, so one seed always plans the same people; rows
that already exist are left exactly as they are, so a second run creates
nothing and never undoes what someone did while trying the demo.
"""

import datetime
import io
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import CoordinatorRegion, Role, User, WorkerProfile
from boroughs.models import Borough, Region
from home.demo.apply import _apply
from home.demo.plan import (
    COORDINATOR_EMAIL,
    DEMO_BOROUGHS,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    _Person,
    _Plan,
    _WorkerPlan,
)
from people.services import registration_query

# What the demo coordinator could not confirm on the register.
DEMO_QUERY_REASON = (
    "The register shows a different expiry date from the one on your profile. "
    "Check your registration with Social Work England and correct the date."
)

__all__ = [
    "COORDINATOR_EMAIL",
    "DEMO_BOROUGHS",
    "DEMO_EMAIL_DOMAIN",
    "DEMO_PASSWORD",
    "DemoLogin",
    "DemoResult",
    "seed_demo",
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    borough: str
    full_name: str
    email: str
    team: str = ""


@dataclass(frozen=True)
class DemoResult:
    password: str
    logins: list[DemoLogin]
    created: dict[str, int] = field(default_factory=dict)

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


def seed_demo(*, workers: int = 200, seed: int = 2026) -> DemoResult:
    """Create the demo people and their data; a second run with the same seed creates nothing."""
    call_command("load_boroughs", stdout=io.StringIO())
    demo_boroughs = Borough.objects.in_bulk(list(DEMO_BOROUGHS), field_name="gss_code")
    missing = [
        f"{name} {code}" for code, name in DEMO_BOROUGHS.items() if code not in demo_boroughs
    ]
    if missing:
        raise CommandError(f"Run manage.py load_boroughs first: missing {', '.join(missing)}")
    demo_boroughs = [demo_boroughs[code] for code in DEMO_BOROUGHS]

    plan = _Plan(random.Random(seed), demo_boroughs, timezone.localdate())
    people = plan.people(workers)
    with transaction.atomic():
        created = _apply(people, demo_boroughs, plan.today)
        created["registration queries"] = _ensure_registration_query(people, plan)
        created["regional coordinators"] = _ensure_london_coordinator()
    return DemoResult(password=DEMO_PASSWORD, logins=_logins(people, plan), created=created)


def _queried_worker(people: list[_Person], plan: _Plan) -> _WorkerPlan | None:
    """One worker awaiting a check whose registration the demo coordinator queries,
    from the last demo borough that has one."""
    for borough in reversed(plan.demo_boroughs):
        for person in people:
            if (
                isinstance(person, _WorkerPlan)
                and person.borough == borough
                and person.verified_at is None
                and person.expires_on >= plan.today
            ):
                return person
    return None


def _ensure_registration_query(people: list[_Person], plan: _Plan) -> int:
    worker = _queried_worker(people, plan)
    if worker is None:
        return 0
    profile = WorkerProfile.objects.get(user__email=worker.email)
    if profile.registration_verified or profile.registration_queried_at:
        return 0  # queried on an earlier run, or someone has acted on it since
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    registration_query(profile=profile, reason=DEMO_QUERY_REASON, by=coordinator)
    return 1


def _logins(people: list[_Person], plan: _Plan) -> list[DemoLogin]:
    """The coordinator, every manager, and one ready-to-match worker in each demo borough."""
    logins = []
    for person in people:
        if person.role == Role.COORDINATOR:
            logins.append(DemoLogin("Coordinator", "", person.full_name, person.email))
        elif person.role == Role.MANAGER:
            logins.append(
                DemoLogin(
                    "Manager", person.borough.name, person.full_name, person.email, person.team
                )
            )
    soon = plan.today + datetime.timedelta(days=60)
    for borough in plan.demo_boroughs:
        ready = (
            p
            for p in people
            if isinstance(p, _WorkerPlan)
            and p.borough == borough
            and p.verified_at
            and p.open_to_matching
            and p.expires_on > soon
        )
        worker = next(ready, None)
        if worker:
            logins.append(
                DemoLogin(
                    "Social worker", borough.name, worker.full_name, worker.email, worker.team
                )
            )
    logins.append(
        DemoLogin("Coordinator, London only", "", LONDON_COORDINATOR_NAME, LONDON_COORDINATOR_EMAIL)
    )
    queried = _queried_worker(people, plan)
    if queried:
        logins.append(
            DemoLogin(
                "Social worker, registration queried",
                queried.borough.name,
                queried.full_name,
                queried.email,
                queried.team,
            )
        )
    return logins


# --- A regional coordinator (issue 13) ------------------------------------------

LONDON_COORDINATOR_EMAIL = f"london.coordinator@{DEMO_EMAIL_DOMAIN}"
LONDON_COORDINATOR_NAME = "Lorna Regan"


def _ensure_london_coordinator() -> int:
    """A coordinator of the London region only, beside the national demo one."""
    person, made = User.objects.get_or_create(
        email=LONDON_COORDINATOR_EMAIL,
        defaults={
            "full_name": LONDON_COORDINATOR_NAME,
            "role": Role.COORDINATOR,
            "password": make_password(DEMO_PASSWORD),
        },
    )
    if made:
        CoordinatorRegion.objects.create(user=person, region=Region.LONDON)
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return int(made)
