"""Scale data: a whole country's worth of authorities, staff and secondments,
made up from a seed and loaded with PostgreSQL's COPY (``manage.py seed_scale``).

For benchmarks and query-plan tests, never a live service: every account is
at SCALE_DOMAIN and shares one published password, and the command refuses
a database that holds anyone else.
"""

SCALE_DOMAIN = "scale.example"
