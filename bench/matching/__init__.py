"""Matching benchmark: how long `rank_candidates` takes over a large population.

    .venv/bin/python -m bench.matching [--workers 100000] [--requests 200]

The run is __main__.py; its own database is database.py, the synthetic data
seeding.py, and the ranking it is compared with naive.py.

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
