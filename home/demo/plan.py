"""The demo's plan: boroughs, teams, names and about 200 social workers, drawn at random.

Everything comes from one ``random.Random(seed)``, so one seed always plans
the same people. The plan reads reference data and writes nothing; apply.py
makes the rows.
"""

import datetime
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from accounts.models import JobLevel, Role, Specialism, TravelScope
from boroughs.models import Borough, FundingModel

DEMO_PASSWORD = "demo-password-2026"
DEMO_EMAIL_DOMAIN = "demo.secondments.example"
COORDINATOR_EMAIL = f"coordinator@{DEMO_EMAIL_DOMAIN}"

# North London boroughs that get teams, managers and most of the workers.
DEMO_BOROUGHS = {
    "E09000014": "Haringey",
    "E09000007": "Camden",
    "E09000012": "Hackney",
    "E09000019": "Islington",
    "E09000010": "Enfield",
    "E09000003": "Barnet",
}
DEMO_BOROUGH_WEIGHT = 5  # against 1 for every other London borough
MANAGERS_PER_BOROUGH = 2

CHILDREN, ADULTS = Specialism.Area.CHILDREN, Specialism.Area.ADULTS
# (team, area, description, the specialism everyone in it has)
TEAMS = [
    ("Front door and MASH", CHILDREN, "Contacts, referrals and the MASH", "Front door and MASH"),
    ("Assessment", CHILDREN, "Child and family assessments", "Children in need"),
    ("Child protection", CHILDREN, "Children on child protection plans", "Child protection"),
    ("Children in care", CHILDREN, "Looked-after children", "Looked-after children"),
    ("Leaving care", CHILDREN, "Care leavers up to 25", "Care leavers"),
    ("Adults' safeguarding", ADULTS, "Section 42 safeguarding enquiries", "Adult safeguarding"),
    ("Hospital discharge", ADULTS, "Discharge from the local hospitals", "Hospital discharge"),
]
TEAM_WEIGHTS = [2, 3, 3, 3, 1, 2, 1]
MANAGER_TEAMS = ["Assessment", "Adults' safeguarding"]  # manager1, manager2

# (pair of demo boroughs, funding model, day rate, notes)
AGREEMENTS = [
    (("E09000014", "E09000007"), FundingModel.HOME_FUNDED, None,
     "Reciprocal: each borough keeps paying its own staff while they are seconded."),
    (("E09000012", "E09000019"), FundingModel.DAY_RATE, Decimal("350.00"),
     "Host pays the home borough the agreed day rate for days worked."),
]  # fmt: skip

FIRST_NAMES = [
    "Amara", "Olivia", "Aisha", "Chloe", "Fatima", "Grace", "Hannah", "Zainab", "Priya", "Sophie",
    "Emily", "Jessica", "Niamh", "Shanice", "Funmi", "Abena", "Leah", "Maryam", "Ayesha",
    "Rebecca", "Charlotte", "Kemi", "Agnieszka", "Ioana", "Elif", "Nadia", "Rachel", "Laura",
    "Bethany", "Yasmin", "Ruth", "Sarah", "Mei", "Gemma", "Claire", "Chantelle", "Adaeze", "Naomi",
    "Keisha", "Lucy", "Siobhan", "Tanisha", "Hollie", "Ewa", "Roxana", "Deborah", "Joanne",
    "Harpreet", "Nusrat", "Efua", "James", "Daniel", "Mohammed", "Tom", "Kwame", "Oliver",
    "Samuel", "David", "Joseph", "Ahmed", "Tunde", "Ravi", "Hassan", "Liam", "Connor", "Marcus",
    "Jamal", "Ben", "Chris", "Adam", "Omar", "Emre", "Tomasz", "Andrei", "Luke", "Patrick",
    "Ibrahim", "Kofi", "Matthew", "Nathan",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards",
    "Green", "Hall", "Wood", "Harris", "Clarke", "Patel", "Shah", "Khan", "Ali", "Hussain",
    "Begum", "Ahmed", "Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Okoye", "Campbell",
    "Grant", "Francis", "Murphy", "O'Brien", "Kelly", "Byrne", "Walsh", "Nowak", "Kowalski",
    "Popescu", "Yilmaz", "Demir", "Kaya", "Singh", "Kaur", "Gill", "Chowdhury", "Rahman", "Islam",
    "Mohamed", "Abdi", "Farah", "Nguyen", "Chen", "Wong", "Costa", "Silva", "Santos", "Fernandes",
    "Georgiou", "Christodoulou", "Cohen", "Levy", "Bennett", "Hayes", "Palmer", "Knight", "Morgan",
    "Lewis", "Mitchell", "Reid", "Stewart", "Scott",
]  # fmt: skip
LANGUAGES = [
    "Turkish", "Polish", "Somali", "Bengali", "Urdu", "Yoruba", "Portuguese", "Spanish",
    "Arabic", "Gujarati", "Punjabi", "Tamil", "Romanian", "Kurdish", "French", "Greek",
    "Twi", "Albanian", "British Sign Language",
]  # fmt: skip
# Level: (weight, fewest and most years qualified); nobody is a team manager in year two.
JOB_LEVELS = {
    JobLevel.SOCIAL_WORKER: (40, 1, 4),
    JobLevel.SENIOR_PRACTITIONER: (30, 3, 12),
    JobLevel.ADVANCED_PRACTITIONER: (18, 5, 20),
    JobLevel.TEAM_MANAGER: (12, 7, 25),
}
TRAVEL_SCOPE_WEIGHTS = {TravelScope.NEIGHBOURS: 5, TravelScope.REGION: 3, TravelScope.CHOSEN: 2}
AVAILABILITY_HORIZON_DAYS = 270  # about nine months ahead


@dataclass
class _Person:
    email: str
    full_name: str
    role: str
    borough: Borough | None = None
    team: str = ""


@dataclass
class _WorkerPlan(_Person):
    job_level: int = JobLevel.SOCIAL_WORKER
    qualified_on: datetime.date | None = None
    specialisms: list[str] = field(default_factory=list)
    languages: str = ""
    travel_scope: str = TravelScope.NEIGHBOURS
    willing: list[int] = field(default_factory=list)
    line_manager: str | None = None
    registration_number: str = ""
    expires_on: datetime.date | None = None
    verified_at: datetime.datetime | None = None
    open_to_matching: bool = True
    availability: list[tuple[datetime.date, datetime.date, int]] = field(default_factory=list)


class _Plan:
    """Draws every demo person from one random generator; reads reference data, writes nothing."""

    def __init__(self, rng: random.Random, demo_boroughs: list[Borough], today: datetime.date):
        self.rng = rng
        self.today = today
        self.demo_boroughs = demo_boroughs
        demo_pks = {b.pk for b in demo_boroughs}
        others = [b for b in Borough.objects.london().order_by("gss_code") if b.pk not in demo_pks]
        self.london = demo_boroughs + others
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        for a, b in Borough.neighbours.through.objects.order_by(
            "from_borough_id", "to_borough_id"
        ).values_list("from_borough_id", "to_borough_id"):
            self.neighbours[a].append(b)
        by_area: dict[str, list[str]] = defaultdict(list)
        for name, area in Specialism.objects.order_by("name").values_list("name", "area"):
            by_area[area].append(name)
        self.specialisms = {
            area: by_area[area] + by_area[Specialism.Area.BOTH] for area in (CHILDREN, ADULTS)
        }
        self.names_used: set[str] = set()
        self.emails_used: set[str] = set()
        self.managers: dict[int, list[str]] = defaultdict(list)

    def people(self, workers: int) -> list[_Person]:
        people: list[_Person] = [_Person(COORDINATOR_EMAIL, self._name(), Role.COORDINATOR)]
        for borough in self.demo_boroughs:
            slug = re.sub(r"[^a-z]", "", borough.name.lower())
            for n, team in enumerate(MANAGER_TEAMS[:MANAGERS_PER_BOROUGH], start=1):
                email = f"manager{n}.{slug}@{DEMO_EMAIL_DOMAIN}"
                people.append(_Person(email, self._name(), Role.MANAGER, borough, team))
                self.managers[borough.pk].append(email)
        homes = [
            borough
            for borough, count in zip(self.london, self._share_out(workers), strict=True)
            for _ in range(count)
        ]
        self.rng.shuffle(homes)
        plans = [self._worker(home) for home in homes]
        self._registration(plans)
        return people + plans

    def _share_out(self, total: int) -> list[int]:
        """Workers per London borough, in proportion to the weights (largest remainder)."""
        demo = len(self.demo_boroughs)
        weights = [DEMO_BOROUGH_WEIGHT] * demo + [1] * (len(self.london) - demo)
        exact = [total * w / sum(weights) for w in weights]
        counts = [int(x) for x in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
        for i in by_remainder[: total - sum(counts)]:
            counts[i] += 1
        return counts

    def _name(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if name not in self.names_used:
                self.names_used.add(name)
                return name

    def _email(self, full_name: str) -> str:
        local = ".".join(re.sub(r"[^a-z]", "", part) for part in full_name.lower().split())
        email, n = f"{local}@{DEMO_EMAIL_DOMAIN}", 1
        while email in self.emails_used:
            n += 1
            email = f"{local}{n}@{DEMO_EMAIL_DOMAIN}"
        self.emails_used.add(email)
        return email

    def _worker(self, home: Borough) -> _WorkerPlan:
        rng, today = self.rng, self.today
        name = self._name()
        worker = _WorkerPlan(self._email(name), name, Role.WORKER, home)
        if self.managers[home.pk]:
            team, area, _, core = rng.choices(TEAMS, weights=TEAM_WEIGHTS)[0]
            worker.team = team
            worker.line_manager = rng.choice(self.managers[home.pk])
        else:
            area, core = rng.choices([CHILDREN, ADULTS], weights=[7, 3])[0], None
        if core not in self.specialisms[area]:  # coordinators may rename the seeded list
            core = None
        pool = [name for name in self.specialisms[area] if name != core]
        extra = rng.sample(pool, k=min(len(pool), rng.randint(0 if core else 1, 3)))
        worker.specialisms = ([core] if core else []) + sorted(extra)

        worker.job_level = rng.choices(list(JOB_LEVELS), [w for w, _, _ in JOB_LEVELS.values()])[0]
        _, low, high = JOB_LEVELS[worker.job_level]
        worker.qualified_on = today - datetime.timedelta(
            days=rng.randint(365 * low + 1, 365 * high)
        )
        if rng.random() < 0.35:
            worker.languages = ", ".join(rng.sample(LANGUAGES, k=rng.choice([1, 1, 2])))

        london_pks = [b.pk for b in self.london if b.pk != home.pk]
        scope = rng.choices(list(TRAVEL_SCOPE_WEIGHTS), list(TRAVEL_SCOPE_WEIGHTS.values()))[0]
        if scope == TravelScope.NEIGHBOURS and not self.neighbours[home.pk]:
            scope = TravelScope.REGION
        worker.travel_scope = scope
        if scope == TravelScope.NEIGHBOURS:
            worker.willing = list(self.neighbours[home.pk])
        elif scope == TravelScope.REGION:
            worker.willing = london_pks
        else:
            worker.willing = sorted(
                rng.sample(london_pks, k=min(len(london_pks), rng.randint(2, 5)))
            )

        worker.open_to_matching = rng.random() < 0.9
        worker.availability = self._availability()
        return worker

    def _availability(self) -> list[tuple[datetime.date, datetime.date, int]]:
        rng, day = self.rng, datetime.timedelta(days=1)
        horizon = self.today + AVAILABILITY_HORIZON_DAYS * day
        starts = self.today + rng.randint(7, 120) * day
        ends = starts + (rng.randint(4, 16) * 7 - 1) * day
        periods = [(starts, ends, rng.randint(1, 5))]
        if rng.random() < 0.5:
            # A gap of at least two weeks keeps the two periods apart.
            starts = ends + rng.randint(14, 60) * day
            ends = min(starts + (rng.randint(4, 12) * 7 - 1) * day, horizon)
            if ends > starts:
                periods.append((starts, ends, rng.randint(1, 5)))
        return periods

    def _registration(self, plans: list[_WorkerPlan]) -> None:
        """Registration numbers, expiry and verification, with a few awkward cases on purpose."""
        rng, today, day = self.rng, self.today, datetime.timedelta(days=1)
        numbers = rng.sample(range(100_000, 1_000_000), k=len(plans))
        order = rng.sample(range(len(plans)), k=len(plans))
        expired = set(order[: round(len(plans) * 0.02)])
        expiring = set(order[len(expired) : len(expired) + round(len(plans) * 0.05)])
        # Expired registrations wait for the worker to renew, so they are unverified too.
        awaiting = set(order[len(expired) + len(expiring) :][: round(len(plans) * 0.055)]) | expired
        newly_qualified = set(rng.sample(range(len(plans)), k=round(len(plans) * 0.1)))
        for i, worker in enumerate(plans):
            worker.registration_number = f"SW{numbers[i]:06d}"
            if i in expired:
                worker.expires_on = today - rng.randint(3, 90) * day
            elif i in expiring:
                worker.expires_on = today + rng.randint(1, 60) * day
            else:
                worker.expires_on = today + rng.randint(61, 365) * day
            if i in newly_qualified:
                worker.job_level = JobLevel.SOCIAL_WORKER
                worker.qualified_on = today - rng.randint(30, 330) * day
            if i not in awaiting:
                since = min(300, (today - worker.qualified_on).days)
                checked = today - rng.randint(1, since) * day
                worker.verified_at = timezone.make_aware(
                    datetime.datetime.combine(checked, datetime.time(10, rng.randint(0, 59)))
                )
