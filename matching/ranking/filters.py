"""The hard filters: who may be matched to a help request at all.

One query, run by PostgreSQL on its indexes: the date-range tests use the
GiST indexes that the availability and placement exclusion constraints
already keep. The rules are listed in matching/ranking/__init__.py.
"""

import datetime

from django.db import connection
from django.db.models import DateField, Exists, OuterRef, Q, QuerySet, Value

from accounts.models import Availability, Role, WorkerProfile
from config.constraints import DateRange
from secondments.models import Application, HelpRequest, Placement

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


def eligible_profiles(help_request: HelpRequest) -> QuerySet:
    """Worker profiles that pass every hard filter for the request (see the top)."""
    min_years = help_request.min_years_qualified
    if not help_request.newly_qualified_suitable:
        min_years = max(min_years, NEWLY_QUALIFIED_YEARS)
    willing = WorkerProfile.willing_boroughs.through.objects.filter(
        workerprofile_id=OuterRef("pk"), borough_id=help_request.borough_id
    )
    available = _covering(
        Availability.objects.filter(
            profile_id=OuterRef("pk"), days_per_week__gte=help_request.days_per_week
        ),
        help_request,
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
        Exists(available),
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
