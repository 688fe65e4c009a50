"""Matching benchmark: how long `rank_candidates` takes over a large population.

    .venv/bin/python -m bench.matching [--workers 100000] [--requests 200]

What it measures: the time to rank the candidates for 200 open help requests
(hard filters, score, order, best 50 with their reasons: what a host
manager's candidates page asks for), against a naive pure-Python ranking of
the same data that loads every profile, availability period, placement and
borough link into memory and filters and scores them in loops. It checks that
both agree on the best candidates for a few requests.

Data: synthetic, in its OWN database `secondments_bench` on the PostgreSQL
named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/), created
and migrated when missing; the development and test databases are never
touched. 33 London boroughs with their real neighbours and centroids,
100,000 social workers by default, about 70 % opted in, with 1-4
specialisms, the boroughs they will work in (their neighbours, all of London
or a few chosen), 0-3 availability periods, and one placement for one worker
in ten. Seeded with COPY in about a minute, and reused when the same size is
asked for again.

Needs: PostgreSQL only (no Redis; Celery is not used). The last line is

    matching: workers=N p50_ms=X p95_ms=Y naive_ratio=Z

where naive_ratio is the naive ranking's median time per request (loading
the data, which a naive ranker must do for each request, plus its loops)
over rank_candidates' median.
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from urllib.parse import urlsplit

BENCH_DATABASE = "secondments_bench"
SEED = 20271


def _bench_database_url() -> str:
    base = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/")
    if base.scheme not in ("postgres", "postgresql", "pgsql"):
        base = urlsplit("postgres://postgres@127.0.0.1:5432/")
    return base._replace(path=f"/{BENCH_DATABASE}").geturl()


def _configure() -> None:
    """Point Django at the benchmark's own database, before it is set up."""
    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ["EMAIL_URL"] = "locmem://"
    os.environ.pop("REDIS_URL", None)


def _create_database_if_missing() -> None:
    import psycopg2

    url = urlsplit(os.environ["DATABASE_URL"])
    connection = psycopg2.connect(
        dbname="postgres",
        host=url.hostname,
        port=url.port,
        user=url.username,
        password=url.password,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
                print(f"created database {BENCH_DATABASE}")
    finally:
        connection.close()


# --- Seeding ------------------------------------------------------------------


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def _seeded_size(cursor) -> tuple[int, int] | None:
    cursor.execute("SELECT to_regclass('bench_seed')")
    if cursor.fetchone()[0] is None:
        return None
    from django.db import DatabaseError

    try:
        cursor.execute("SELECT workers, requests FROM bench_seed")
    except DatabaseError:  # seeded by an older version of this script
        return None
    return cursor.fetchone()


def _seed(workers: int, requests: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from accounts.models import Specialism
    from boroughs.models import Borough

    with connection.cursor() as cursor:
        if _seeded_size(cursor) == (workers, requests):
            print(f"reusing the seeded data: {workers} workers, {requests} requests")
            return
    started = time.perf_counter()
    if not Borough.objects.exists():
        call_command("load_boroughs", verbosity=0)
    rng = random.Random(SEED)
    boroughs = list(Borough.objects.london().order_by("pk"))
    borough_ids = [b.pk for b in boroughs]
    neighbours = {
        b.pk: [n for n in b.neighbours.values_list("pk", flat=True) if n in borough_ids]
        for b in boroughs
    }
    specialism_ids = list(Specialism.objects.values_list("pk", flat=True))
    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC).isoformat()

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE accounts_user, boroughs_agreement, accounts_availability, "
            "accounts_workerprofile, accounts_workerprofile_specialisms, "
            "accounts_workerprofile_willing_boroughs, secondments_helprequest, "
            "secondments_helprequest_specialisms, secondments_application, "
            "secondments_placement, secondments_match RESTART IDENTITY CASCADE"
        )
        cursor.execute("DROP TABLE IF EXISTS bench_seed")
        managers = {}
        user_rows = []
        user_id = 0
        for borough_id in borough_ids:
            user_id += 1
            managers[borough_id] = user_id
            user_rows.append(
                (
                    "!",
                    "f",
                    "f",
                    "t",
                    now,
                    f"manager{borough_id}@bench.example",
                    f"Manager {borough_id}",
                    "manager",
                    borough_id,
                    "",
                )
            )
        worker_homes = {}
        for n in range(workers):
            user_id += 1
            home = rng.choice(borough_ids)
            worker_homes[user_id] = home
            user_rows.append(
                ("!", "f", "f", "t", now, f"w{n}@bench.example", f"Worker {n}", "worker", home, "")
            )
        _copy(
            cursor,
            "accounts_user",
            [
                "password",
                "is_superuser",
                "is_staff",
                "is_active",
                "date_joined",
                "email",
                "full_name",
                "role",
                "borough_id",
                "phone_number",
            ],
            user_rows,
        )

        profiles, skills, willing, availability = [], [], [], []
        free_periods = {}  # user id -> availability periods, for placements
        availability_id = 0
        for profile_id, (uid, home) in enumerate(worker_homes.items(), start=1):
            level = rng.choices([1, 2, 3, 4], weights=[50, 30, 15, 5])[0]
            qualified = today - datetime.timedelta(days=int(rng.triangular(30, 25 * 365, 4 * 365)))
            verified = rng.random() < 0.85
            expires = today + datetime.timedelta(days=rng.randint(-60, 540))
            opted_in = rng.random() < 0.7
            scope = rng.choices(["neighbours", "london", "chosen"], weights=[50, 30, 20])[0]
            profiles.append(
                (
                    profile_id,
                    uid,
                    f"SW{100000 + profile_id}",
                    expires,
                    "t" if verified else "f",
                    now if verified else None,
                    level,
                    qualified,
                    "",
                    scope,
                    "t" if opted_in else "f",
                    now,
                )
            )
            for specialism in rng.sample(specialism_ids, rng.randint(1, 4)):
                skills.append((profile_id, specialism))
            if scope == "neighbours":
                places = neighbours[home]
            elif scope == "london":
                places = [b for b in borough_ids if b != home]
            else:
                places = rng.sample([b for b in borough_ids if b != home], rng.randint(1, 4))
            willing.extend((profile_id, b) for b in places)
            start = today + datetime.timedelta(days=rng.randint(-30, 120))
            periods = []
            for _ in range(rng.choices([0, 1, 2, 3], weights=[25, 45, 20, 10])[0]):
                end = start + datetime.timedelta(days=rng.randint(30, 240))
                availability_id += 1
                days = rng.choices([1, 2, 3, 4, 5], weights=[10, 20, 25, 20, 25])[0]
                availability.append((availability_id, profile_id, start, end, days))
                periods.append((start, end))
                start = end + datetime.timedelta(days=rng.randint(1, 90))
            free_periods[uid] = periods
        _copy(
            cursor,
            "accounts_workerprofile",
            [
                "id",
                "user_id",
                "registration_number",
                "registration_expires_on",
                "registration_verified",
                "registration_verified_at",
                "job_level",
                "qualified_on",
                "languages",
                "travel_scope",
                "open_to_matching",
                "updated_at",
            ],
            profiles,
        )
        _copy(
            cursor,
            "accounts_workerprofile_specialisms",
            ["workerprofile_id", "specialism_id"],
            skills,
        )
        _copy(
            cursor,
            "accounts_workerprofile_willing_boroughs",
            ["workerprofile_id", "borough_id"],
            willing,
        )
        _copy(
            cursor,
            "accounts_availability",
            ["id", "profile_id", "starts_on", "ends_on", "days_per_week"],
            availability,
        )

        # One placement for one worker in ten: finished last year, running, or booked.
        request_rows, request_skills, applications, placements = [], [], [], []
        request_id = 0
        placed = rng.sample(sorted(worker_homes), workers // 10)
        for n, uid in enumerate(placed):
            home = worker_homes[uid]
            host = rng.choice([b for b in borough_ids if b != home])
            start = today + datetime.timedelta(days=rng.randint(-330, 150))
            end = start + datetime.timedelta(days=rng.randint(28, 120))
            status = "completed" if end < today else ("active" if start <= today else "confirmed")
            request_id += 1
            request_rows.append(
                _request_row(request_id, host, managers[host], start, end, 3, 1, 0, "filled", now)
            )
            applications.append((n + 1, request_id, uid, "approved", now))
            placements.append(
                (n + 1, n + 1, request_id, uid, host, home, start, end, 3, status, now)
            )
        # The open requests the benchmark ranks.
        open_requests = []
        for _ in range(requests):
            host = rng.choice(borough_ids)
            start = today + datetime.timedelta(days=rng.randint(7, 100))
            end = start + datetime.timedelta(days=rng.randint(28, 120))
            days = rng.choices([1, 2, 3, 4, 5], weights=[10, 25, 30, 20, 15])[0]
            level = rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
            min_years = rng.choice([0, 0, 1, 2, 3, 5])
            newly = rng.random() < 0.2 and min_years == 0
            urgency = rng.choices(["routine", "urgent", "crisis"], weights=[60, 30, 10])[0]
            request_id += 1
            open_requests.append(request_id)
            request_rows.append(
                _request_row(
                    request_id,
                    host,
                    managers[host],
                    start,
                    end,
                    days,
                    level,
                    min_years,
                    "open",
                    now,
                    newly=newly,
                    urgency=urgency,
                )
            )
            for specialism in rng.sample(specialism_ids, rng.randint(0, 3)):
                request_skills.append((request_id, specialism))
        _copy(cursor, "secondments_helprequest", REQUEST_COLUMNS, request_rows)
        _copy(
            cursor,
            "secondments_helprequest_specialisms",
            ["helprequest_id", "specialism_id"],
            request_skills,
        )
        _copy(
            cursor,
            "secondments_application",
            [
                "id",
                "help_request_id",
                "worker_id",
                "status",
                "created_at",
                "note",
                "status_reason",
                "updated_at",
            ],
            [(*row, "", "", now) for row in applications],
        )
        _copy(
            cursor,
            "secondments_placement",
            [
                "id",
                "application_id",
                "help_request_id",
                "worker_id",
                "host_id",
                "home_id",
                "starts_on",
                "ends_on",
                "days_per_week",
                "status",
                "created_at",
                "status_reason",
                "updated_at",
            ],
            [(*row, "", now) for row in placements],
        )
        # A few reciprocal agreements between neighbours.
        pairs = sorted({tuple(sorted((b, rng.choice(neighbours[b])))) for b in borough_ids[::3]})
        for a, b in pairs:
            cursor.execute(
                "INSERT INTO boroughs_agreement (borough_a_id, borough_b_id, funding_model, "
                "starts_on, notes) VALUES (%s, %s, 'home_funded', %s, '')",
                [a, b, today - datetime.timedelta(days=400)],
            )
        for table, column in (
            ("accounts_user", "id"),
            ("accounts_workerprofile", "id"),
            ("accounts_availability", "id"),
            ("secondments_helprequest", "id"),
            ("secondments_application", "id"),
            ("secondments_placement", "id"),
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"(SELECT COALESCE(MAX({column}), 1) FROM {table}))"
            )
        cursor.execute("CREATE TABLE bench_seed (workers integer, requests integer)")
        cursor.execute("INSERT INTO bench_seed VALUES (%s, %s)", [workers, requests])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would leave a settled database
    print(
        f"seeded {workers} workers, {len(availability)} availability periods, "
        f"{len(willing)} borough links, {len(placements)} placements and {requests} open "
        f"requests in {time.perf_counter() - started:.1f} s"
    )


REQUEST_COLUMNS = [
    "id",
    "borough_id",
    "created_by_id",
    "title",
    "purpose",
    "job_level",
    "min_years_qualified",
    "newly_qualified_suitable",
    "supervisor_name",
    "places",
    "starts_on",
    "ends_on",
    "days_per_week",
    "working_pattern",
    "location",
    "funding_model",
    "urgency",
    "description",
    "status",
    "status_reason",
    "created_at",
    "published_at",
    "updated_at",
]


def _request_row(
    pk,
    host,
    manager,
    start,
    end,
    days,
    level,
    min_years,
    status,
    now,
    newly=False,
    urgency="routine",
):
    return (
        pk,
        host,
        manager,
        f"Request {pk}",
        "backlog",
        level,
        min_years,
        "t" if newly else "f",
        "Sam Supervisor" if newly else "",
        1,
        start,
        end,
        days,
        "hybrid",
        "",
        "home_funded",
        urgency,
        "Benchmark request.",
        status,
        "",
        now,
        now,
        now,
    )


# --- The naive ranking --------------------------------------------------------


class NaiveData:
    """Everything a pure-Python ranking needs, loaded with plain queries."""

    def __init__(self) -> None:
        from accounts.models import Availability, User, WorkerProfile
        from boroughs.models import Agreement, Borough
        from secondments.models import Application, Placement

        self.users = {
            row[0]: row
            for row in User.objects.values_list("pk", "role", "is_active", "borough_id").iterator()
        }
        self.profiles = list(
            WorkerProfile.objects.values_list(
                "pk",
                "user_id",
                "open_to_matching",
                "registration_verified",
                "registration_expires_on",
                "job_level",
                "qualified_on",
            ).iterator(chunk_size=10000)
        )
        self.skills: dict[int, set[int]] = {}
        for profile_id, specialism_id in WorkerProfile.specialisms.through.objects.values_list(
            "workerprofile_id", "specialism_id"
        ).iterator(chunk_size=10000):
            self.skills.setdefault(profile_id, set()).add(specialism_id)
        self.willing: dict[int, set[int]] = {}
        for profile_id, borough_id in WorkerProfile.willing_boroughs.through.objects.values_list(
            "workerprofile_id", "borough_id"
        ).iterator(chunk_size=10000):
            self.willing.setdefault(profile_id, set()).add(borough_id)
        self.availability: dict[int, list[tuple]] = {}
        for profile_id, starts_on, ends_on, days in Availability.objects.values_list(
            "profile_id", "starts_on", "ends_on", "days_per_week"
        ).iterator(chunk_size=10000):
            self.availability.setdefault(profile_id, []).append((starts_on, ends_on, days))
        self.placements: dict[int, list[tuple]] = {}
        self.all_placements = list(
            Placement.objects.values_list(
                "worker_id",
                "host_id",
                "home_id",
                "starts_on",
                "ends_on",
                "days_per_week",
                "status",
                "created_at",
            ).iterator(chunk_size=10000)
        )
        for row in self.all_placements:
            self.placements.setdefault(row[0], []).append(row)
        self.applications = set(Application.objects.values_list("help_request_id", "worker_id"))
        self.boroughs = {b.pk: b for b in Borough.objects.all()}
        self.neighbours = set(
            Borough.neighbours.through.objects.values_list("from_borough_id", "to_borough_id")
        )
        self.agreements = list(Agreement.objects.all())


def naive_rank(data: NaiveData, help_request, request_skills: set[int], *, limit: int, now):
    from matching.ranking import filters
    from matching.ranking import score as weights
    from secondments.models import HOLDING_STATES

    host = data.boroughs[help_request.borough_id]
    start, end = help_request.starts_on, help_request.ends_on
    recent_since = now - weights.RECENT
    # Reciprocity: placement-days between the host and every other borough.
    by_pair: dict[tuple[int, int, int], list[int]] = {}
    for _w, host_id, home_id, s, e, dpw, status, _c in data.all_placements:
        if status in HOLDING_STATES and host.pk in (host_id, home_id):
            span = by_pair.setdefault((host_id, home_id, dpw), [0, 0])
            span[0] += (e - s).days
            span[1] += 1
    lent: dict[int, int] = {}
    borrowed: dict[int, int] = {}
    for (host_id, home_id, dpw), (span, count) in by_pair.items():
        days = round((span + count) * dpw / 7)
        if home_id == host.pk:
            lent[host_id] = lent.get(host_id, 0) + days
        else:
            borrowed[home_id] = borrowed.get(home_id, 0) + days
    overall = (
        weights.OVERALL_RECIPROCITY_POINTS if sum(lent.values()) > sum(borrowed.values()) else 0
    )
    agreed = set()
    for agreement in data.agreements:
        if host.pk in (agreement.borough_a_id, agreement.borough_b_id) and agreement.is_current(
            start
        ):
            agreed.add(
                agreement.borough_a_id
                if agreement.borough_b_id == host.pk
                else agreement.borough_b_id
            )

    min_years = help_request.min_years_qualified
    if not help_request.newly_qualified_suitable:
        min_years = max(min_years, filters.NEWLY_QUALIFIED_YEARS)
    scored = []
    for pk, user_id, opted_in, verified, expires, level, qualified in data.profiles:
        _uid, role, active, home = data.users[user_id]
        if not (role == "worker" and active and opted_in and verified):
            continue
        if expires is None or expires < end or home == host.pk:
            continue
        if host.pk not in data.willing.get(pk, ()):
            continue
        if level is None or level < help_request.job_level:
            continue
        if qualified is None or qualified > filters.years_before(start, min_years):
            continue
        if not any(
            s <= start and e >= end and d >= help_request.days_per_week
            for s, e, d in data.availability.get(pk, ())
        ):
            continue
        placements = data.placements.get(user_id, ())
        if any(
            p[6] in ("confirmed", "active") and p[3] <= end and p[4] >= start for p in placements
        ):
            continue
        if (help_request.pk, user_id) in data.applications:
            continue
        asked = len(request_skills)
        covered = len(request_skills & data.skills.get(pk, set()))
        score = covered * weights.SPECIALISM_POINTS // asked if asked else weights.SPECIALISM_POINTS
        score += weights.LEVEL_POINTS.get(
            level - help_request.job_level, weights.LEVEL_POINTS_FAR_ABOVE
        )
        years = filters.years_qualified_on(qualified, start)
        score += (
            min(max(years - help_request.min_years_qualified, 0), weights.EXTRA_YEARS_COUNTED)
            * weights.POINTS_PER_EXTRA_YEAR
        )
        borough = data.boroughs[home]
        if (host.pk, home) in data.neighbours:
            score += weights.NEIGHBOUR_POINTS
        else:
            distance = borough.distance_km(host)
            if distance is not None:
                score += next((p for km, p in weights.DISTANCE_POINTS if distance <= km), 0)
        if home in agreed or lent.get(home, 0) > borrowed.get(home, 0):
            score += weights.RECIPROCITY_POINTS
        else:
            score += overall
        recent = sum(1 for p in placements if p[6] in HOLDING_STATES and p[7] >= recent_since)
        score += max(
            weights.FAIRNESS_POINTS - recent * weights.FAIRNESS_POINTS_LOST_PER_PLACEMENT, 0
        )
        turn = (user_id * 7919 + help_request.pk * 104729) % 1000003
        scored.append((-score, turn, user_id))
    scored.sort()
    return [(user_id, -negative) for negative, _turn, user_id in scored[:limit]]


# --- Running ------------------------------------------------------------------


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=100_000, help="social workers to seed")
    parser.add_argument("--requests", type=int, default=200, help="open requests to rank")
    parser.add_argument("--limit", type=int, default=50, help="candidates kept per request")
    parser.add_argument(
        "--naive-requests", type=int, default=5, help="requests the naive ranking runs for"
    )
    args = parser.parse_args(argv)

    _configure()
    _create_database_if_missing()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from matching.ranking import rank_candidates
    from secondments.models import HelpRequest

    call_command("migrate", verbosity=0)
    _seed(args.workers, args.requests)

    requests = list(HelpRequest.objects.open().select_related("borough").order_by("pk"))
    # Warm the caches and the connection, as a running service would have them.
    for help_request in requests[:5]:
        rank_candidates(help_request, limit=args.limit)

    timings, full_timings, counts = [], [], []
    for help_request in requests:
        started = time.perf_counter()
        ranked = rank_candidates(help_request, limit=args.limit)
        timings.append((time.perf_counter() - started) * 1000)
        counts.append(len(ranked))
    for help_request in requests[:20]:
        started = time.perf_counter()
        everyone = rank_candidates(help_request)
        full_timings.append(((time.perf_counter() - started) * 1000, len(everyone)))

    now = timezone.now()
    started = time.perf_counter()
    data = NaiveData()
    load_ms = (time.perf_counter() - started) * 1000
    naive_timings = []
    checked = 0
    for help_request in requests[: args.naive_requests]:
        request_skills = set(help_request.specialisms.values_list("pk", flat=True))
        started = time.perf_counter()
        naive = naive_rank(data, help_request, request_skills, limit=args.limit, now=now)
        naive_timings.append(load_ms + (time.perf_counter() - started) * 1000)
        ours = [(c.worker.pk, c.score) for c in rank_candidates(help_request, limit=args.limit)]
        if naive != ours:
            print(
                f"MISMATCH for request {help_request.pk}:\n  sql   {ours[:10]}\n  naive {naive[:10]}"
            )
            return 1
        checked += 1

    p50, p95 = statistics.median(timings), _percentile(timings, 0.95)
    naive_p50 = statistics.median(naive_timings)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_workerprofile")
        (workers,) = cursor.fetchone()
    print(
        f"rank_candidates (best {args.limit}) over {len(requests)} requests: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms; "
        f"candidates per request median {statistics.median(counts)}"
    )
    full_ms = [ms for ms, _ in full_timings]
    print(
        f"rank_candidates (every candidate, as match_request stores them) over 20 requests: "
        f"p50 {statistics.median(full_ms):.1f} ms, max {max(full_ms):.1f} ms, "
        f"candidates median {statistics.median(n for _, n in full_timings)}"
    )
    print(
        f"naive pure-Python ranking over {len(naive_timings)} requests: load {load_ms:.0f} ms "
        f"+ loops, p50 {naive_p50:.0f} ms per request; same best {args.limit} as SQL for "
        f"{checked} of {checked} requests"
    )
    print(
        f"matching: workers={workers} p50_ms={p50:.1f} p95_ms={p95:.1f} "
        f"naive_ratio={naive_p50 / p50:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
