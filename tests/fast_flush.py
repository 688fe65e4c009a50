"""Emptying the test database after a transactional test, quickly.

Tests that commit (browser journeys against the live server, the Celery
worker's tests, the races) leave Django to empty every table afterwards.
Django does it with one TRUNCATE of every table, which on PostgreSQL makes new
files for each table and index: about 2 s a test on this machine, most of the
suite's teardown time. The tables hold a few dozen rows by then, so DELETE is
~40 times quicker. Django's foreign keys on PostgreSQL are DEFERRABLE
INITIALLY DEFERRED, so deleting in any order inside flush's one transaction is
safe: they are checked at commit, when every table is empty.

Only the plain flush changes: one that must also reset sequences or cascade
keeps Django's TRUNCATE.
"""

from django.db.backends.postgresql.operations import DatabaseOperations

_truncating_flush = DatabaseOperations.sql_flush


def _deleting_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if reset_sequences or allow_cascade or not tables:
        return _truncating_flush(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    return [
        f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
        for table in tables
    ]


def _put_back_what_migrations_add(sender, using, **kwargs) -> None:
    # A flush empties the tables the data migrations filled (the specialisms),
    # and many tests rely on those rows as a migrated database has them. Django
    # sends post_migrate after every flush: put them back then, as the
    # migration does, so a test never depends on whether a committed test ran
    # before it in the same process.
    from tests.factories import ensure_specialisms

    if getattr(sender, "label", None) == "accounts":
        ensure_specialisms()


def use_deleting_flush() -> None:
    from django.db.models.signals import post_migrate

    DatabaseOperations.sql_flush = _deleting_flush
    post_migrate.connect(
        _put_back_what_migrations_add, dispatch_uid="tests.fast_flush.put_back_specialisms"
    )
