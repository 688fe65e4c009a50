"""The order of the scale seed, and the checks before it writes anything."""

import datetime
import random
import time
from typing import TextIO

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Availability, CoordinatorRegion, Specialism, User, WorkerProfile
from boroughs.loading import load_boroughs
from boroughs.models import Agreement, Borough, BoroughKind, PressureReport, Team
from home.scale import SCALE_DOMAIN
from home.scale.context import Authority, Seeding
from home.scale.copying import ForeignKeysCheckedAfter, Progress
from home.scale.extras import seed_agreements, seed_learning, seed_pressure
from home.scale.marketplace import seed_marketplace
from home.scale.people import hashed_password, seed_staff, seed_workers
from learning.models import Booking, LearningEvent
from money.models import Timesheet, TimesheetDay
from secondments.models import Application, HelpRequest, Placement


class SeedRefused(Exception):
    """The database is not one to seed; nothing has been written."""


def seed_accounts() -> QuerySet:
    return User.objects.filter(email__iendswith=f"@{SCALE_DOMAIN}")


def check_database() -> None:
    """Refuse anything but a PostgreSQL database with no accounts but the seed's.

    Anyone whose email is not at the seed's own domain counts as a real
    user: the seed shares one published password among its accounts, so it
    never runs beside real people. A database seeded already is refused too:
    a second run would add a second country's worth beside the first.
    """
    if connection.vendor != "postgresql":
        raise SeedRefused(
            f"seed_scale needs PostgreSQL (it loads with COPY); this database is {connection.vendor}."
        )
    real = User.objects.exclude(email__iendswith=f"@{SCALE_DOMAIN}").count()
    if real:
        raise SeedRefused(
            f"This database holds {real:,} real user account(s) (emails not at @{SCALE_DOMAIN}): "
            "seed_scale only runs on a database of its own. Nothing was written."
        )
    seeded = seed_accounts().count()
    if seeded:
        raise SeedRefused(
            f"This database is already seeded ({seeded:,} accounts at @{SCALE_DOMAIN}). "
            "To seed again at another size or seed, drop and recreate it and run migrate first. "
            "Nothing was written."
        )
    if not Specialism.objects.exists():
        raise SeedRefused(
            "This database has no specialisms (a migration adds them): run migrate first. "
            "Nothing was written."
        )


def seed_scale(
    *,
    workers: int,
    requests: int,
    seed: int = 1,
    password: str,
    today: datetime.date | None = None,
    stream: TextIO | None = None,
) -> dict[str, int]:
    """Fill an empty database with all of England's authorities and their people,
    requests and placements. The same seed and day always make the same rows."""
    started = time.perf_counter()
    check_database()
    today = today or timezone.localdate()
    progress = Progress(stream)
    with transaction.atomic():
        # Two runs at once would both pass the checks; the second waits here.
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{User._meta.db_table}" IN EXCLUSIVE MODE')
        check_database()
        load_boroughs()
        with connection.cursor() as cursor:
            ctx = Seeding(
                rng=random.Random(seed),
                today=today,
                now=datetime.datetime.combine(today, datetime.time(0), datetime.UTC),
                cursor=cursor,
                progress=progress,
                password=password,
                authorities=_authorities(),
                specialism_ids=list(
                    Specialism.objects.order_by("name").values_list("pk", flat=True)
                ),
            )
            password_hash = hashed_password(password, seed)
            with ForeignKeysCheckedAfter(cursor, _tables()):
                seed_staff(ctx, password_hash)
                seed_workers(ctx, workers, password_hash)
                seed_marketplace(ctx, requests)
                seed_learning(ctx)
                seed_pressure(ctx)
                seed_agreements(ctx)
                bar = progress.start("writing the last rows", len(ctx.tables))
                for table in ctx.tables.values():
                    table.close()
                    bar.advance(1)
                bar.finish()
            written = [table.table for table in ctx.tables.values()]
            counts = {
                table.model._meta.verbose_name_plural: table.written
                for table in ctx.tables.values()
                if not table.model._meta.auto_created
            }
    with connection.cursor() as cursor:
        # Fresh statistics, so the planner sees the tables as they now are, and
        # (outside a transaction: not in the tests) a vacuum, so that index-only
        # scans need not visit the table, as on a settled database.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        cursor.execute(f"{command} {', '.join(written)}")
    counts["seconds"] = round(time.perf_counter() - started)
    return counts


def _tables() -> list[str]:
    """Every table the seed writes (their foreign keys are checked after loading)."""
    return [
        model._meta.db_table
        for model in (
            User,
            CoordinatorRegion,
            Team,
            WorkerProfile,
            WorkerProfile.specialisms.through,
            WorkerProfile.willing_boroughs.through,
            Availability,
            HelpRequest,
            HelpRequest.specialisms.through,
            Application,
            Placement,
            Timesheet,
            TimesheetDay,
            LearningEvent,
            LearningEvent.specialisms.through,
            Booking,
            PressureReport,
            Agreement,
        )
    ]


def _authorities() -> list[Authority]:
    """Every authority in ONS code order, so ids never change what is made."""
    links: dict[int, list[tuple[str, int]]] = {}
    codes = dict(Borough.objects.values_list("pk", "gss_code"))
    through = Borough.neighbours.through.objects.values_list("from_borough_id", "to_borough_id")
    for one, other in through:
        links.setdefault(one, []).append((codes[other], other))
    return [
        Authority(
            id=borough.pk,
            gss_code=borough.gss_code,
            name=borough.name,
            region=borough.region,
            is_london=borough.kind == BoroughKind.LONDON_BOROUGH,
            kind=borough.kind,
            neighbours=tuple(pk for _, pk in sorted(links.get(borough.pk, []))),
        )
        for borough in Borough.objects.order_by("gss_code")
    ]
