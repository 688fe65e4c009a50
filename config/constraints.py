"""Database constraints that only PostgreSQL can hold.

The demo runs on SQLite, which has no exclusion constraints. There the
constraint is left out of the schema and the forms and services, which
check the same rule, are the only guard; tests and production run on
PostgreSQL, where the database itself refuses the row.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary
from django.db.models import Func


class DateRange(Func):
    """``daterange(start, end, '[]')``: both ends inclusive, as people read dates."""

    function = "DATERANGE"
    output_field = DateRangeField()

    def __init__(self, start, end):
        super().__init__(start, end, RangeBoundary(inclusive_lower=True, inclusive_upper=True))


class PostgresExclusionConstraint(ExclusionConstraint):
    def _is_postgres(self, schema_editor) -> bool:
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor)
            if self._is_postgres(schema_editor)
            else None
        )

    def create_sql(self, model, schema_editor):
        return (
            super().create_sql(model, schema_editor) if self._is_postgres(schema_editor) else None
        )

    def remove_sql(self, model, schema_editor):
        return (
            super().remove_sql(model, schema_editor) if self._is_postgres(schema_editor) else None
        )

    def validate(self, model, instance, exclude=None, using=None):
        from django.db import connections, router

        db = using or router.db_for_write(model, instance=instance)
        if connections[db].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)
