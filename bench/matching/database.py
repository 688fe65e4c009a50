"""The benchmark's own database: never the development or test data."""

import os

from bench.database import configure, create_database_if_missing

# BENCH_MATCHING_DATABASE: another name, for two people benchmarking on one server.
BENCH_DATABASE = os.environ.get("BENCH_MATCHING_DATABASE", "secondments_bench")


def _configure() -> None:
    """Point Django at the benchmark's own database, before it is set up."""
    configure(BENCH_DATABASE)


def _create_database_if_missing() -> None:
    create_database_if_missing(BENCH_DATABASE)
