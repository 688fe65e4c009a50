"""Matching benchmark: the ranking, the stored ranking the candidates page
reads, and the nightly sweep that stores it, over a large population.

    .venv/bin/python -m bench.matching [--workers 100000] [--requests 200]
                                       [--sweep-requests 10000]

The run is __main__.py; its own database is database.py, the synthetic data
seeding.py, and the ranking it is compared with naive.py.

What it measures, in order:

- the nightly sweep (`matching.services.match_sweep`, as the task runs it)
  over every open request (`--sweep-requests`, 10,000 by default), storing
  every candidate as a Match row, with its progress log on screen; the
  notifications it queues are left on the queue (delivery is other
  workers' work);
- the best 50 as the candidates page reads them: the stored Match rows that
  still fit, on the (request, score) index (`matching.views.candidate_matches`),
  for `--requests` requests (200 by default);
- `rank_candidates` live for the best 50, and for every candidate (as the
  task stores them) for 20 requests;
- a naive pure-Python ranking of the same data that loads every profile,
  availability period, placement and borough link into memory and filters
  and scores them in loops, checked to agree with the SQL on a few requests.

Data: synthetic, in its OWN database `secondments_bench` (or the name in
BENCH_MATCHING_DATABASE) on the PostgreSQL named by DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/), created and migrated when missing; the
development and test databases are never touched. 33 London boroughs with
their real neighbours and centroids, 100,000 social workers by default, about
70 % opted in, with 1-4 specialisms, the boroughs they will work in (their
neighbours, all of London or a few chosen), 0-3 availability periods, and one
placement for one worker in ten. Seeded with COPY in a few minutes, and
reused when the same size is asked for again.

Needs: PostgreSQL only (no Redis; Celery runs nothing). The last line is

    matching: workers=N p50_ms=X p95_ms=Y naive_ratio=Z full_p50_ms=F sweep_seconds=S

where p50_ms and p95_ms are for the best 50 as the page reads them (the
live ranking when the sweep is skipped with --sweep-requests 0),
naive_ratio is the naive ranking's median time per request (loading the
data, which a naive ranker must do for each request, plus its loops) over
the live ranking's median, full_p50_ms the live ranking of every candidate,
and sweep_seconds the sweep over every open request.
"""
