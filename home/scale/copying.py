"""Writing many rows at once with PostgreSQL's COPY, and showing how far it got.

Rows are plain dicts keyed by column (``borough_id``, not ``borough``); any
column left out gets the model field's default, so a field added later with
a default needs no change here. Ids are handed out by the writer (the next
after the table's largest), so rows can point at each other before they are
written, and the table's sequence is moved past them at the end.
"""

import datetime
import io
import json
import sys
from typing import TextIO

from django.db import models
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

BATCH_ROWS = 50_000
REQUIRED = object()  # a column with no default: every row must give it
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Progress:
    """A one-line progress bar on stderr: "workers  45,000/100,000  45%"."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def start(self, label: str, total: int) -> "Bar":
        return Bar(self, label, total)


class Bar:
    WIDTH = 20

    def __init__(self, progress: Progress, label: str, total: int) -> None:
        self.progress, self.label, self.total = progress, label, max(total, 1)
        self.done = 0
        self.shown = -1

    def advance(self, rows: int) -> None:
        self.done += rows
        percent = min(100, self.done * 100 // self.total)
        # A terminal redraws one line; a log gets a line every tenth.
        step = 1 if self.progress.tty else 10
        if percent // step != self.shown // step or self.shown < 0:
            self.shown = percent
            self._draw(percent)

    def finish(self) -> None:
        if self.shown != 100:
            self.done = max(self.done, self.total)
            self._draw(100)
        if self.progress.tty:
            self.progress.stream.write("\n")
        self.progress.stream.flush()

    def _draw(self, percent: int) -> None:
        filled = "#" * (percent * self.WIDTH // 100)
        line = (
            f"{self.label:<22} [{filled:<{self.WIDTH}}] "
            f"{min(self.done, self.total):>9,}/{self.total:,} {percent:>3}%"
        )
        stream = self.progress.stream
        stream.write(f"\r{line}" if self.progress.tty else f"{line}\n")
        stream.flush()


def _text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, (list, dict)):
        return json.dumps(value).translate(_ESCAPES)
    return str(value)


class Table:
    """One model's rows, written with COPY in batches as they are added."""

    def __init__(self, cursor, model: type[models.Model], now: datetime.datetime) -> None:
        self.cursor = cursor
        self.model = model
        self.table = model._meta.db_table
        fields = [field for field in model._meta.concrete_fields]
        self.columns = [field.column for field in fields]
        self.defaults = {field.column: _default(field, now) for field in fields}
        self.pk_column = model._meta.pk.column
        cursor.execute(f'SELECT COALESCE(MAX("{self.pk_column}"), 0) FROM "{self.table}"')
        self.last_id = cursor.fetchone()[0]
        self.buffer = io.StringIO()
        self.pending = 0
        self.written = 0
        self.required = {column for column, value in self.defaults.items() if value is REQUIRED}

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def add(self, **row) -> int:
        """Queue one row; returns its id."""
        if self.pk_column not in row:
            row[self.pk_column] = self.next_id()
        defaults = self.defaults
        if not self.required <= row.keys() or not row.keys() <= defaults.keys():
            missing = sorted(self.required - row.keys())
            unknown = sorted(row.keys() - defaults.keys())
            raise KeyError(f"{self.table}: missing {missing}, unknown {unknown}")
        self.buffer.write(
            "\t".join(
                _text(row[column] if column in row else defaults[column]) for column in self.columns
            )
        )
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= BATCH_ROWS:
            self.flush()
        return row[self.pk_column]

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        columns = ", ".join(f'"{column}"' for column in self.columns)
        self.cursor.copy_expert(f'COPY "{self.table}" ({columns}) FROM STDIN', self.buffer)
        self.written += self.pending
        self.buffer = io.StringIO()
        self.pending = 0

    def close(self) -> None:
        """Write what is left and move the id sequence past the ids handed out."""
        self.flush()
        self.cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
            [self.table, self.pk_column, max(self.last_id, 1)],
        )


def _default(field: models.Field, now: datetime.datetime):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        # A time default (date_joined) is the seed's own now, so reruns match.
        return now if field.default is timezone.now else field.get_default()
    if field.db_default is not NOT_PROVIDED:
        return getattr(field.db_default, "value", None)
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)) and field.blank:
        return ""
    return REQUIRED


class ForeignKeysCheckedAfter:
    """Drop the foreign keys on these tables while they are loaded, then add
    them back, so PostgreSQL checks each key once over the whole table (a join)
    rather than row by row at commit: the usual recipe for a bulk load, and
    most of the time saved at 100,000 workers. Adding them back checks every
    row, so a wrong id still fails the load, and nothing is written."""

    def __init__(self, cursor, tables: list[str]) -> None:
        self.cursor, self.tables = cursor, tables
        self.keys: list[tuple[str, str, str]] = []

    def __enter__(self) -> "ForeignKeysCheckedAfter":
        self.cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [self.tables],
        )
        self.keys = self.cursor.fetchall()
        for table, name, _ in self.keys:
            self.cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None:
            return  # the transaction rolls back, keys and all
        for table, name, definition in self.keys:
            self.cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
