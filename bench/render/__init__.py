"""Render benchmark: how long our busiest pages take, and how much of it is templates.

    .venv/bin/python -m bench.render [--quick] [--repeat 200] [--warmup 5]

The run is __main__.py and its database database.py; the data seeding.py
(people.py and market.py make the rows); the pages, who asks for each and the
timing pages.py. (The spike that compared Django
templates with Jinja2 before the move is in git history: commit f55ac51.)

What it measures: browse (first page, and a filtered page), a request's page
as its host manager sees it, an application's page as the host manager and
as a coordinator see it, and the dashboard of a social worker, a manager and
a coordinator, each requested in-process through Django's test Client (URL
routing, every middleware, the view, its queries and its templates), after a
warm-up, round-robin, `--repeat` times. One line per page:

    render: page=NAME ms_p50=X ms_p95=Y queries=N template_share=S template_ms_p50=T

template_share is the part of the page's time spent rendering templates
(Jinja2 or Django's, forms included), not counting the queries that run while a
template renders: what a faster template engine could save.

Data: in its OWN database `secondments_bench_render` on the PostgreSQL named
by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/), created and
migrated when missing; the development and test databases are never touched.
The 33 London boroughs, 2 managers each with 3 teams, a coordinator, 2,000
social workers with profiles, specialisms, boroughs and availability, 10,000
help requests in every state (about 40 % open), their applications, about
400 placements, the audit history of every one, and some notifications.
Seeded from a fixed seed with bulk_create in about 30 s, and reused when the
same size is asked for again. `--quick` seeds 300 requests and 60 workers
and repeats each page a few times: a smoke run.

Needs: PostgreSQL only (no Redis; Celery is not used). DJANGO_DEBUG is off, so
templates come from the cached loader, as in production.
"""
