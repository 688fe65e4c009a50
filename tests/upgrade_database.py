"""A database of its own for the tests that upgrade an old schema.

Rolling the shared test database back to an early migration and forward again
made these the slowest tests in the suite (Django works out the project's
state at every step of the way back). Instead each such test gets an empty
database of its own, migrated forward to the old layout, filled the old way,
then migrated to the latest schema: the same upgrade a council's database
would go through, and the shared test database never changes shape.
"""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def migrate_to_latest() -> MigrationExecutor:
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _run_outside_a_database(sql: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def empty_database(transactional_db) -> Iterator[str]:
    """Point the default connection at a new, empty database until the test ends."""
    test_database = connection.settings_dict["NAME"]
    upgrade_database = f"{test_database}_upgrade"
    quoted = connection.ops.quote_name(upgrade_database)
    connection.close()
    _run_outside_a_database(f"DROP DATABASE IF EXISTS {quoted}")
    _run_outside_a_database(f"CREATE DATABASE {quoted}")
    connection.settings_dict["NAME"] = upgrade_database
    try:
        yield upgrade_database
    finally:
        connection.close()
        connection.settings_dict["NAME"] = test_database
        _run_outside_a_database(f"DROP DATABASE IF EXISTS {quoted}")
