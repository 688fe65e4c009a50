"""The hard filters: who may be matched to a help request at all.

One query, run by PostgreSQL on its indexes: the date-range tests use the
GiST indexes that the availability and placement exclusion constraints
already keep. The rules are listed in matching/ranking/__init__.py.
"""

import datetime

from django.db import connection
from django.db.models import DateField, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Value

from accounts.models import Availability, Role, WorkerProfile
from config.constraints import DateRange
from secondments.models import Application, HelpRequest, Placement
from secondments.working_days import is_working_day

# Social workers spend their first year after qualifying in the Assessed and
# Supported Year in Employment (ASYE): they need a named supervisor, so they
# are matched only to requests that say they suit a newly qualified worker.
NEWLY_QUALIFIED_YEARS = 1


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier; 29 February becomes 28 February."""
    year = day.year - years
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def years_qualified_on(qualified_on: datetime.date, day: datetime.date) -> int:
    """Whole years qualified on `day` (0 when qualified after it)."""
    years = day.year - qualified_on.year
    if qualified_on > years_before(day, years):
        years -= 1
    return max(years, 0)


def _period(help_request: HelpRequest) -> DateRange:
    return DateRange(
        Value(help_request.starts_on, output_field=DateField()),
        Value(help_request.ends_on, output_field=DateField()),
    )


def _covering(rows: QuerySet, help_request: HelpRequest) -> QuerySet:
    """Rows (starts_on, ends_on) whose dates contain the whole request."""
    if connection.vendor == "postgresql":
        # The same expression as the exclusion constraint's GiST index.
        return rows.alias(period=DateRange("starts_on", "ends_on")).filter(
            period__contains=_period(help_request)
        )
    # The demo's SQLite has no ranges; the rule is the same.
    return rows.filter(starts_on__lte=help_request.starts_on, ends_on__gte=help_request.ends_on)


def _overlapping(rows: QuerySet, help_request: HelpRequest) -> QuerySet:
    if connection.vendor == "postgresql":
        return rows.alias(period=DateRange("starts_on", "ends_on")).filter(
            period__overlap=_period(help_request)
        )
    return rows.filter(starts_on__lte=help_request.ends_on, ends_on__gte=help_request.starts_on)


def _at_pace(help_request: HelpRequest) -> QuerySet:
    """The outer profile's availability periods at no fewer days a week than asked."""
    return Availability.objects.filter(
        profile_id=OuterRef("pk"), days_per_week__gte=help_request.days_per_week
    )


def _meeting_every_rule_but_availability(help_request: HelpRequest) -> QuerySet:
    min_years = help_request.min_years_qualified
    if not help_request.newly_qualified_suitable:
        min_years = max(min_years, NEWLY_QUALIFIED_YEARS)
    willing = WorkerProfile.willing_boroughs.through.objects.filter(
        workerprofile_id=OuterRef("pk"), borough_id=help_request.borough_id
    )
    booked = _overlapping(
        Placement.objects.booked().filter(worker_id=OuterRef("user_id")), help_request
    )
    applied = Application.objects.filter(
        help_request_id=help_request.pk, worker_id=OuterRef("user_id")
    )
    return WorkerProfile.objects.filter(
        ~Q(user__borough_id=help_request.borough_id),
        Exists(willing),
        ~Exists(booked),
        ~Exists(applied),
        user__role=Role.WORKER,
        user__is_active=True,
        open_to_matching=True,
        registration_verified=True,
        registration_expires_on__gte=help_request.ends_on,
        job_level__gte=help_request.job_level,
        qualified_on__lte=years_before(help_request.starts_on, min_years),
    )


def eligible_profiles(help_request: HelpRequest) -> QuerySet:
    """Worker profiles that pass every hard filter for the request (see the top)."""
    return _meeting_every_rule_but_availability(help_request).filter(
        Exists(_covering(_at_pace(help_request), help_request))
    )


# --- Near matches: available for part of the request ----------------------------


def working_days_in(help_request: HelpRequest) -> int:
    """The request's working days: Monday to Friday, bank holidays excluded."""
    return working_days_covered(help_request, [(help_request.starts_on, help_request.ends_on)])


def working_days_covered(
    help_request: HelpRequest, periods: list[tuple[datetime.date, datetime.date]]
) -> int:
    """The request's working days that fall in any of the periods (start, end)."""
    days = set()
    for starts_on, ends_on in periods:
        day = max(starts_on, help_request.starts_on)
        while day <= min(ends_on, help_request.ends_on):
            if is_working_day(day):
                days.add(day)
            day += datetime.timedelta(days=1)
    return len(days)


class WorkingDaysAvailable(Func):
    """The request's working days that fall in one of the outer worker profile's
    availability periods at the days a week asked: `working_days_covered`, in SQL,
    so the database can rank near matches by it and return the best few only.

    A correlated subquery over the profile's few periods, with no calendar
    generated per row: `running` counts the request's working days up to each
    of its dates (worked out once, in Python), so a period's share is the
    difference of two of its entries. Periods never overlap (the exclusion
    constraint on Availability), so their shares add up.
    """

    output_field = IntegerField()

    def __init__(self, help_request: HelpRequest) -> None:
        self.help_request = help_request
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, **extra_context):
        profile_sql, profile_params = compiler.compile(self.source_expressions[0])
        request = self.help_request
        # running[0] = 0; running[n + 1] = working days from the first day to
        # the n-th day after it. SQL arrays count from 1, hence the + 1 and + 2.
        running = [0]
        day = request.starts_on
        while day <= request.ends_on:
            running.append(running[-1] + is_working_day(day))
            day += datetime.timedelta(days=1)
        table = connection.ops.quote_name(Availability._meta.db_table)
        sql = (
            "(SELECT COALESCE(SUM("
            "(%s::int[])[LEAST(cover.ends_on, %s::date) - %s::date + 2] - "
            "(%s::int[])[GREATEST(cover.starts_on, %s::date) - %s::date + 1]), 0) "
            f"FROM {table} AS cover WHERE cover.profile_id = {profile_sql} "
            "AND cover.days_per_week >= %s AND cover.starts_on <= %s AND cover.ends_on >= %s)"
        )
        params = (
            running,
            request.ends_on,
            request.starts_on,
            running,
            request.starts_on,
            request.starts_on,
            *profile_params,
            request.days_per_week,
            request.ends_on,
            request.starts_on,
        )
        return sql, params


def partly_available_profiles(help_request: HelpRequest) -> QuerySet:
    """Profiles that pass every hard filter but the one on availability: no period
    covers the whole request at the days a week asked, but one overlaps it."""
    at_pace = _at_pace(help_request)
    return _meeting_every_rule_but_availability(help_request).filter(
        Exists(_overlapping(at_pace, help_request)),
        ~Exists(_covering(at_pace, help_request)),
    )
