"""Builders for the matching tests: boroughs on the map, workers with exactly
the profile a test needs, and placements without walking the whole workflow."""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from accounts.models import Availability, JobLevel, Role, Specialism, User, WorkerProfile
from boroughs.models import Borough, FundingModel
from matching.ranking import years_before
from secondments import services
from secondments.models import (
    HelpRequest,
    Placement,
    PlacementStatus,
    Purpose,
    RequestStatus,
    WorkingPattern,
)
from secondments.working_days import is_working_day
from tests.factories import (
    AvailabilityFactory,
    BoroughFactory,
    PlacementFactory,
    UserFactory,
    WorkerProfileFactory,
)

# Centroids as in boroughs/data/london_boroughs.csv.
CENTROIDS = {
    "Camden": ("51.5290", "-0.1255"),
    "Haringey": ("51.5906", "-0.1119"),
    "Hackney": ("51.5450", "-0.0553"),
    "Westminster": ("51.4973", "-0.1372"),
    "Croydon": ("51.3714", "-0.0977"),
}
GSS = {"Westminster": "E09000033", "Croydon": "E09000008"}


def place_on_map(borough: Borough) -> Borough:
    latitude, longitude = CENTROIDS[borough.name]
    borough.latitude, borough.longitude = Decimal(latitude), Decimal(longitude)
    borough.save(update_fields=["latitude", "longitude"])
    return borough


def borough(name: str) -> Borough:
    return place_on_map(BoroughFactory(gss_code=GSS[name], name=name))


def specialisms(*names: str) -> list[Specialism]:
    # get_or_create: a transactional test elsewhere may have flushed the
    # migration's list.
    return [
        Specialism.objects.get_or_create(name=name, defaults={"area": "children"})[0]
        for name in names
    ]


def request_data(start: datetime.date, **overrides) -> dict:
    data = {
        "title": "Help with assessments",
        "purpose": Purpose.BACKLOG,
        "job_level": JobLevel.SENIOR_PRACTITIONER,
        "min_years_qualified": 2,
        "newly_qualified_suitable": False,
        "supervisor_name": "",
        "places": 1,
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=90),
        "days_per_week": 3,
        "working_pattern": WorkingPattern.HYBRID,
        "location": "",
        "funding_model": FundingModel.HOME_FUNDED,
        "day_rate": None,
        "urgency": "routine",
        "description": "A backlog of assessments.",
        "specialisms": [],
    }
    data.update(overrides)
    return data


def open_request(manager: User, start: datetime.date, **overrides) -> HelpRequest:
    draft = services.help_request_create(by=manager, data=request_data(start, **overrides))
    return services.help_request_publish(help_request=draft, by=manager)


def worker(
    name: str,
    home: Borough,
    *,
    for_request: HelpRequest,
    level: int = JobLevel.SENIOR_PRACTITIONER,
    years: int = 8,
    qualified_on: datetime.date | None = None,
    skills: Sequence[Specialism] = (),
    willing: Sequence[Borough] | None = None,
    available: tuple[datetime.date, datetime.date, int] | None = None,
    open_to_matching: bool = True,
    verified: bool = True,
    expires_on: datetime.date | None = None,
    role: str = Role.WORKER,
    is_active: bool = True,
) -> User:
    """A worker who passes every hard filter for `for_request` unless told otherwise."""
    request = for_request
    slug = name.lower().replace(" ", ".").replace(",", "").replace("'", "")
    user = UserFactory(
        email=f"{slug}@example.gov.uk", full_name=name, borough=home, role=role, is_active=is_active
    )
    profile = WorkerProfileFactory(
        user=user,
        job_level=level,
        qualified_on=qualified_on or years_before(request.starts_on, years),
        registration_verified=verified,
        registration_verified_at=timezone.now() if verified else None,
        registration_expires_on=expires_on or request.ends_on + datetime.timedelta(days=200),
        open_to_matching=open_to_matching,
    )
    profile.specialisms.set(skills)
    profile.willing_boroughs.set([request.borough] if willing is None else willing)
    starts_on, ends_on, days = available or (request.starts_on, request.ends_on, 5)
    AvailabilityFactory(profile=profile, starts_on=starts_on, ends_on=ends_on, days_per_week=days)
    return user


def placement(
    person: User,
    host: Borough,
    starts_on: datetime.date,
    ends_on: datetime.date,
    *,
    status: str = PlacementStatus.CONFIRMED,
    days_per_week: int = 3,
) -> Placement:
    """A placement made straight in the database (the workflow is tested elsewhere)."""
    return PlacementFactory(
        worker=person,
        status=status,
        help_request__borough=host,
        help_request__title=f"Earlier request in {host}",
        help_request__starts_on=starts_on,
        help_request__ends_on=ends_on,
        help_request__days_per_week=days_per_week,
        # Filled whatever became of the placement, so the earlier request never
        # competes with the test's own open requests for a worker's matches.
        help_request__status=RequestStatus.FILLED,
    )


def quiet_monday(after: datetime.date, weeks: int) -> datetime.date:
    """The first Monday after `after` that starts `weeks` weeks with no bank
    holiday, so a test can count working days as five a week."""
    day = after + datetime.timedelta(days=(7 - after.weekday()) % 7 or 7)
    while not all(
        is_working_day(day + datetime.timedelta(days=n))
        for n in range(7 * weeks)
        if (day + datetime.timedelta(days=n)).weekday() < 5
    ):
        day += datetime.timedelta(days=7)
    return day


def many_candidates(
    count: int,
    home: Borough,
    help_request: HelpRequest,
    *,
    available_until: datetime.date | None = None,
) -> list[User]:
    """`count` workers who all pass the hard filters, made in a few bulk inserts;
    with `available_until`, near matches instead: available from the request's
    first day to that day only."""
    first = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(
                email=f"candidate{first + n}@example.gov.uk",
                full_name=f"Candidate {first + n}",
                role=Role.WORKER,
                borough=home,
            )
            for n in range(count)
        ]
    )
    profiles = WorkerProfile.objects.bulk_create(
        [
            WorkerProfile(
                user=user,
                registration_number=f"SW{900000 + first + n}",
                registration_expires_on=help_request.ends_on + datetime.timedelta(days=365),
                registration_verified=True,
                registration_verified_at=timezone.now(),
                job_level=help_request.job_level,
                qualified_on=years_before(help_request.starts_on, 3 + n % 7),
                open_to_matching=True,
            )
            for n, user in enumerate(users)
        ]
    )
    WorkerProfile.willing_boroughs.through.objects.bulk_create(
        [
            WorkerProfile.willing_boroughs.through(
                workerprofile_id=profile.pk, borough_id=help_request.borough_id
            )
            for profile in profiles
        ]
    )
    Availability.objects.bulk_create(
        [
            Availability(
                profile=profile,
                starts_on=help_request.starts_on,
                ends_on=available_until or help_request.ends_on,
                days_per_week=5,
            )
            for profile in profiles
        ]
    )
    return users
