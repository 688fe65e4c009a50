"""What every stage of the scale seed shares: the random source, the day it
pretends to be, the authorities and the tables being written."""

import datetime
import random
from dataclasses import dataclass, field

from django.db import models

from home.scale import SCALE_DOMAIN
from home.scale.copying import Progress, Table

FIRST_NAMES = [
    "Aisha",
    "Amir",
    "Amy",
    "Ben",
    "Chloe",
    "Chidi",
    "Daniel",
    "Deepa",
    "Eleanor",
    "Emeka",
    "Fatima",
    "Freya",
    "George",
    "Grace",
    "Hannah",
    "Harry",
    "Imran",
    "Isla",
    "Jack",
    "Jade",
    "Kwame",
    "Laura",
    "Leah",
    "Liam",
    "Lucy",
    "Marcus",
    "Maya",
    "Mohammed",
    "Naomi",
    "Nathan",
    "Olivia",
    "Omar",
    "Priya",
    "Rachel",
    "Rhys",
    "Ruth",
    "Sam",
    "Sarah",
    "Simon",
    "Sofia",
    "Tariq",
    "Tom",
    "Uma",
    "Victoria",
    "Wei",
    "Yusuf",
    "Zara",
    "Zoe",
]
LAST_NAMES = [
    "Adams",
    "Ahmed",
    "Ali",
    "Bailey",
    "Begum",
    "Brown",
    "Campbell",
    "Chen",
    "Clarke",
    "Davies",
    "Evans",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Khan",
    "King",
    "Lewis",
    "Martin",
    "Mensah",
    "Morgan",
    "Murphy",
    "Nowak",
    "Okafor",
    "Patel",
    "Phillips",
    "Price",
    "Roberts",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
]


@dataclass(frozen=True)
class Authority:
    id: int
    gss_code: str
    name: str
    region: str
    is_london: bool
    kind: str
    neighbours: tuple[int, ...]


@dataclass
class Seeding:
    """The state one run builds up, stage by stage."""

    rng: random.Random
    today: datetime.date
    now: datetime.datetime
    cursor: object
    progress: Progress
    password: str
    authorities: list[Authority]
    specialism_ids: list[int]
    tables: dict[type, Table] = field(default_factory=dict)
    # Filled in by the stages, read by later ones.
    teams: dict[int, list[int]] = field(default_factory=dict)  # authority -> team ids
    managers: dict[int, list[int]] = field(default_factory=dict)  # authority -> user ids
    national_coordinator: int = 0
    workers: list[tuple[int, int]] = field(default_factory=list)  # (user id, authority id)
    worker_homes: dict[int, int] = field(default_factory=dict)  # user id -> authority id
    worker_levels: dict[int, int] = field(default_factory=dict)  # user id -> job level

    @property
    def region_of(self) -> dict[int, str]:
        return {authority.id: authority.region for authority in self.authorities}

    def table(self, model: type[models.Model]) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(self.cursor, model, self.now)
        return self.tables[model]

    def days(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def moment(self, days_ago: float) -> datetime.datetime:
        """A time this many days before the seed's now (to the second)."""
        return self.now - datetime.timedelta(seconds=int(days_ago * 86_400))

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"


def email(local: str) -> str:
    return f"{local}@{SCALE_DOMAIN}"
