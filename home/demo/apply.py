"""Applying the demo's plan to the database: only the rows that are missing.

Rows that already exist are left exactly as they are, so a second run creates
nothing and never undoes what someone did while trying the demo.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import Availability, Role, Specialism, User, WorkerProfile
from boroughs.models import Agreement, Borough, Team
from home.demo.plan import (
    AGREEMENTS,
    COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    TEAMS,
    _Person,
    _WorkerPlan,
)
from money.agreements.services import agreement_record


def _apply(
    people: list[_Person], demo_boroughs: list[Borough], today: datetime.date
) -> dict[str, int]:
    created: dict[str, int] = {}
    teams, created["teams"] = _ensure_teams(demo_boroughs)

    emails = [p.email for p in people]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    # Hashing is slow on purpose: once for everyone, and not at all when nobody is new.
    password = make_password(DEMO_PASSWORD) if len(existing) < len(people) else ""
    new_users = [
        User(
            email=p.email,
            full_name=p.full_name,
            role=p.role,
            # The planned coordinator covers all of England (issue 13).
            coordinates_nationally=p.role == Role.COORDINATOR,
            borough=p.borough,
            team=teams.get((p.borough.pk, p.team)) if p.borough else None,
            password=password,
        )
        for p in people
        if p.email not in existing
    ]
    User.objects.bulk_create(new_users)
    created["users"] = len(new_users)
    users = User.objects.in_bulk(emails, field_name="email")
    created["email addresses"] = _ensure_email_addresses(list(users.values()))

    plans = [p for p in people if isinstance(p, _WorkerPlan)]
    has_profile = set(
        WorkerProfile.objects.filter(user__email__in=[p.email for p in plans]).values_list(
            "user__email", flat=True
        )
    )
    plans = [p for p in plans if p.email not in has_profile]
    _avoid_taken_registration_numbers(plans)
    coordinator = users[COORDINATOR_EMAIL]
    WorkerProfile.objects.bulk_create(
        WorkerProfile(
            user=users[p.email],
            registration_number=p.registration_number,
            registration_expires_on=p.expires_on,
            registration_verified=p.verified_at is not None,
            registration_verified_by=coordinator if p.verified_at else None,
            registration_verified_at=p.verified_at,
            job_level=p.job_level,
            qualified_on=p.qualified_on,
            languages=p.languages,
            travel_scope=p.travel_scope,
            line_manager=users[p.line_manager] if p.line_manager else None,
            open_to_matching=p.open_to_matching,
        )
        for p in plans
    )
    created["worker profiles"] = len(plans)
    # Lists, willing boroughs and availability only for profiles made just now.
    profiles = dict(
        WorkerProfile.objects.filter(user__email__in=[p.email for p in plans]).values_list(
            "user__email", "pk"
        )
    )
    specialisms = dict(Specialism.objects.values_list("name", "pk"))
    SpecialismLink = WorkerProfile.specialisms.through
    BoroughLink = WorkerProfile.willing_boroughs.through
    SpecialismLink.objects.bulk_create(
        SpecialismLink(workerprofile_id=profiles[p.email], specialism_id=specialisms[name])
        for p in plans
        for name in p.specialisms
    )
    BoroughLink.objects.bulk_create(
        BoroughLink(workerprofile_id=profiles[p.email], borough_id=pk)
        for p in plans
        for pk in p.willing
    )
    availability = [
        Availability(profile_id=profiles[p.email], starts_on=s, ends_on=e, days_per_week=d)
        for p in plans
        for s, e, d in p.availability
    ]
    Availability.objects.bulk_create(availability)
    created["availability periods"] = len(availability)
    created["agreements"] = _ensure_agreements(demo_boroughs, today, by=coordinator)
    return created


def _ensure_teams(demo_boroughs: list[Borough]) -> tuple[dict[tuple[int, str], Team], int]:
    existing = set(Team.objects.filter(borough__in=demo_boroughs).values_list("borough_id", "name"))
    new = [
        Team(borough=borough, name=name, description=description)
        for borough in demo_boroughs
        for name, _, description, _ in TEAMS
        if (borough.pk, name) not in existing
    ]
    Team.objects.bulk_create(new)
    teams = Team.objects.filter(borough__in=demo_boroughs)
    return {(t.borough_id, t.name): t for t in teams}, len(new)


def _ensure_email_addresses(users: list[User]) -> int:
    """allauth lets nobody sign in before their address is verified."""
    have = set(EmailAddress.objects.filter(user__in=users).values_list("user_id", "email"))
    has_primary = set(
        EmailAddress.objects.filter(user__in=users, primary=True).values_list("user_id", flat=True)
    )
    new = [
        EmailAddress(user=u, email=u.email, verified=True, primary=u.pk not in has_primary)
        for u in users
        if (u.pk, u.email) not in have
    ]
    EmailAddress.objects.bulk_create(new)
    EmailAddress.objects.filter(
        user__in=users, email__in=[u.email for u in users], verified=False
    ).update(verified=True)
    return len(new)


def _avoid_taken_registration_numbers(plans: list[_WorkerPlan]) -> None:
    """Someone outside the demo may already hold a number the generator chose."""
    taken = set(
        WorkerProfile.objects.filter(registration_number__startswith="SW").values_list(
            "registration_number", flat=True
        )
    )
    planned = {p.registration_number for p in plans}
    for plan in plans:
        if plan.registration_number in taken:
            number = int(plan.registration_number[2:])
            while f"SW{number:06d}" in taken or f"SW{number:06d}" in planned:
                number = number + 1 if number < 999_999 else 100_000
            plan.registration_number = f"SW{number:06d}"
            planned.add(plan.registration_number)
        taken.add(plan.registration_number)


def _ensure_agreements(demo_boroughs: list[Borough], today: datetime.date, *, by: User) -> int:
    # Councils sign these from the start of a financial year (1 April).
    year = today.year if today >= datetime.date(today.year, 4, 1) else today.year - 1
    boroughs = {borough.gss_code: borough for borough in demo_boroughs}
    count = 0
    for codes, funding_model, day_rate, notes in AGREEMENTS:
        a, b = sorted((boroughs[code] for code in codes), key=lambda borough: borough.pk)
        if Agreement.objects.filter(borough_a=a, borough_b=b).exists():
            continue
        agreement_record(
            borough_a=a,
            borough_b=b,
            funding_model=funding_model,
            day_rate=day_rate,
            starts_on=datetime.date(year, 4, 1),
            notes=notes,
            by=by,
        )
        count += 1
    return count
