"""HTTP benchmark: requests per second and p95 of our busiest pages behind gunicorn.

    .venv/bin/python -m bench.http [--workers 100000] [--requests 10000] [--duration 5]

What it measures: each page as a browser gets it, over HTTP from gunicorn
(production settings: DEBUG off, cached templates, the Redis cache, sessions
in PostgreSQL), loaded by wrk (Debian's `wrk` package; `make bench-tools`
installs it) running as its own process. Pages, taken in turn in every round
so a busy moment on a shared machine is spread over all of them:

- floor: the browse page's bytes, kept in memory, returned by a view that
  only this benchmark's URLconf has (bench/http/urls.py), through the same
  middleware (session, user, MFA check, CSP...): what no page can beat;
- browse, browse_filtered: the open help requests, as a social worker;
- request_detail and candidates: the busiest open request, as its host manager;
- dashboard_manager, dashboard_worker;
- league: the published league table of the 153 authorities.

Each page prints `http: page=NAME rps=X p95_ms=Y`; the last line is

    http: throughput_ratio=X p95_ratio=Y candidates_ratio=Z dashboard_ratio=W

each a page's requests per second over the floor's (throughput_ratio is
browse's, dashboard_ratio the lower dashboard's), p95_ratio browse's p95 over
the floor's.

Data: in its OWN database `secondments_bench_http` on the PostgreSQL named by
DATABASE_URL, seeded with `manage.py seed_scale` when that command exists,
otherwise with bench.render's market spread over all 153 English authorities;
reused when already seeded at the same size. The cache is the Redis database
named by REDIS_URL (default redis://127.0.0.1:6379/0).
"""
