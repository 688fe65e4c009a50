"""Synthetic social workers, requests and placements across London, loaded with COPY."""

import datetime
import io
import random
import time

SEED = 20271


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
            "secondments_placement, matching_match RESTART IDENTITY CASCADE"
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
            scope = rng.choices(["neighbours", "region", "chosen"], weights=[50, 30, 20])[0]
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
                    "",
                )
            )
            for specialism in rng.sample(specialism_ids, rng.randint(1, 4)):
                skills.append((profile_id, specialism))
            if scope == "neighbours":
                places = neighbours[home]
            elif scope == "region":
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
                "registration_query_reason",
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
                "funding_model",
                "funding_source",
                "host_contact_name",
                "host_contact_phone",
                "induction_notes",
                "report_to_address",
                "supervision_arrangement",
                "working_days",
                "working_pattern",
            ],
            [
                (*row, "", now, "home_funded", "request", "", "", "", "", "", "", "hybrid")
                for row in placements
            ],
        )
        # A few reciprocal agreements between neighbours.
        pairs = sorted({tuple(sorted((b, rng.choice(neighbours[b])))) for b in borough_ids[::3]})
        for a, b in pairs:
            cursor.execute(
                "INSERT INTO boroughs_agreement (borough_a_id, borough_b_id, funding_model, "
                "starts_on, notes, decline_reason, end_reason, recharge_terms, status) "
                "VALUES (%s, %s, 'home_funded', %s, '', '', '', '', 'accepted')",
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
    "protected_caseload",
    "supervision_frequency",
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
        10 if newly else None,
        "weekly" if newly else "",
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
