"""A benchmark's own database: never the development or test data.

Each benchmark names its own database on the PostgreSQL that DATABASE_URL
points at, so two benchmarks never overwrite each other's seeded data.
"""

import os
from urllib.parse import urlsplit

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/"


def bench_database_url(name: str) -> str:
    base = urlsplit(os.environ.get("DATABASE_URL") or LOCAL_POSTGRES)
    if base.scheme not in ("postgres", "postgresql", "pgsql"):
        base = urlsplit(LOCAL_POSTGRES)
    return base._replace(path=f"/{name}").geturl()


def configure(name: str) -> None:
    """Point Django at the benchmark's own database, before it is set up."""
    os.environ["DATABASE_URL"] = bench_database_url(name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ["EMAIL_URL"] = "locmem://"
    os.environ.pop("REDIS_URL", None)


def create_database_if_missing(name: str) -> None:
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
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
                print(f"created database {name}")
    finally:
        connection.close()
