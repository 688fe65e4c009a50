"""The benchmark's own database: never the development or test data."""

import os
from urllib.parse import urlsplit

BENCH_DATABASE = "secondments_bench"


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
