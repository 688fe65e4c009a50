"""Boroughs around Haringey for crisis call tests, each with a manager and a
pressure index (DfE figures differing only in vacancy rate, so the index
orders as the vacancy rate does).

    Haringey (caller, vacancy 14)
    neighbours: Camden (10), Islington (12), Enfield (30: under more pressure)
    region (London): Croydon (8)
    everywhere: Kent (South East, 9)
    Hackney has no manager here (personas add one when a test asks)
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import JobLevel, Role
from boroughs.models import Borough, BoroughKind, FundingModel
from pressure.crisis import services
from pressure.models import CrisisCall
from secondments.models import Purpose, WorkingPattern
from tests.factories import (
    BoroughFactory,
    UserFactory,
    WorkerProfileFactory,
    WorkforceFigureFactory,
)
from tests.personas import with_totp

VACANCY = {
    "Haringey": 14,
    "Camden": 10,
    "Islington": 12,
    "Enfield": 30,
    "Croydon": 8,
    "Kent": 9,
}
CODES = {
    "Haringey": "E09000014",
    "Camden": "E09000007",
    "Islington": "E09000019",
    "Enfield": "E09000010",
    "Croydon": "E09000008",
    "Kent": "E10000016",
}


@dataclass
class Circle:
    boroughs: dict[str, Borough]
    managers: dict[str, object]

    def __getitem__(self, name: str) -> Borough:
        return self.boroughs[name]


def manager_of(borough: Borough, name: str = ""):
    return with_totp(
        UserFactory(
            role=Role.MANAGER,
            borough=borough,
            full_name=name or f"{borough.name} Manager",
            email=f"manager@{borough.name.lower().replace(' ', '')}.gov.uk",
        )
    )


def worker_of(borough: Borough, name: str, **profile):
    user = UserFactory(
        borough=borough,
        full_name=name,
        email=f"{name.lower().replace(' ', '.')}@{borough.name.lower()}.gov.uk",
    )
    WorkerProfileFactory(user=user, **profile)
    return user


def make_circle(*, managers: bool = True, existing: dict | None = None) -> Circle:
    """The boroughs above (reusing any persona boroughs passed in `existing`),
    their figures, neighbours and, unless told otherwise, one manager each."""
    existing = existing or {}
    boroughs = {}
    for name, code in CODES.items():
        borough = existing.get(name) or BoroughFactory(gss_code=code, name=name)
        if name == "Kent":
            borough.region, borough.kind = "South East", BoroughKind.COUNTY
            borough.save(update_fields=["region", "kind"])
        WorkforceFigureFactory(borough=borough, vacancy_rate=Decimal(VACANCY[name]))
        boroughs[name] = borough
    boroughs["Haringey"].neighbours.add(
        boroughs["Camden"], boroughs["Islington"], boroughs["Enfield"]
    )
    people = {}
    if managers:
        for name, borough in boroughs.items():
            people[name] = borough.members.filter(role=Role.MANAGER).first() or manager_of(borough)
    return Circle(boroughs, people)


def raise_data(**overrides) -> dict:
    start = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "purpose": Purpose.BACKLOG,
        "description": "120 child and family assessments overdue after a failed inspection.",
        "job_level": JobLevel.SOCIAL_WORKER,
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=90),
        "days_per_week": 5,
        "working_pattern": WorkingPattern.HYBRID,
        "location": "Wood Green",
        "funding_model": FundingModel.HOME_FUNDED,
        "day_rate": None,
        "specialisms": [],
    }
    return data | overrides


def raise_form(**overrides) -> dict:
    """The raise form as the browser posts it."""
    start = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "purpose": "backlog",
        "description": "120 assessments overdue.",
        "people_needed": "2",
        "starts_on": start.isoformat(),
        "ends_on": (start + datetime.timedelta(days=90)).isoformat(),
        "days_per_week": "5",
        "job_level": str(JobLevel.SOCIAL_WORKER.value),
        "working_pattern": "hybrid",
        "location": "",
        "funding_model": "home_funded",
        "day_rate": "",
    }
    return data | overrides


def raise_call(circle: Circle, *, people_needed: int = 2, **overrides) -> CrisisCall:
    return services.crisis_call_raise(
        borough=circle["Haringey"],
        people_needed=people_needed,
        data=raise_data(**overrides),
        by=circle.managers["Haringey"],
    )
