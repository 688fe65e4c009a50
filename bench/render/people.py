"""The render benchmark's people: managers and teams in every borough, a coordinator,
social workers with their profiles, and the notifications waiting for them."""

import datetime

from bench.render.market import BATCH


def add_people(market) -> None:
    from accounts.models import Role, User
    from boroughs.models import Team

    rng = market.rng
    teams = Team.objects.bulk_create(
        Team(borough=borough, name=name)
        for borough in market.boroughs
        for name in ("Assessment", "Children in care", "Adults' duty")
    )
    market.teams = {}
    for team in teams:
        market.teams.setdefault(team.borough_id, []).append(team)
    joined = market._ago(400)
    people = [
        User(
            email="coordinator@bench.example",
            full_name="Casey Coordinator",
            role=Role.COORDINATOR,
            coordinates_nationally=True,
            password="!",
            date_joined=joined,
        )
    ]
    for borough in market.boroughs:
        for n in range(2):
            people.append(
                User(
                    email=f"manager{n}.{borough.gss_code}@bench.example",
                    full_name=f"Manager {n + 1} of {borough.name}",
                    role=Role.MANAGER,
                    borough=borough,
                    team=market.teams[borough.pk][n],
                    password="!",
                    date_joined=joined,
                )
            )
    for n in range(market.size.workers):
        borough = rng.choice(market.boroughs)
        people.append(
            User(
                email=f"worker{n}@bench.example",
                full_name=f"Social Worker {n}",
                role=Role.WORKER,
                borough=borough,
                team=rng.choice(market.teams[borough.pk]),
                password="!",
                phone_number=f"07700 9{n:05d}" if rng.random() < 0.5 else "",
                date_joined=market._ago(rng.uniform(1, 700)),
            )
        )
    people = User.objects.bulk_create(people, batch_size=BATCH)
    market.coordinator = people[0]
    market.all_managers = people[1 : 1 + 2 * len(market.boroughs)]
    market.managers = {}
    for manager in market.all_managers:
        market.managers.setdefault(manager.borough_id, []).append(manager)
    market.workers = people[1 + 2 * len(market.boroughs) :]


def add_profiles(market) -> None:
    from accounts.models import Availability, TravelScope, WorkerProfile

    rng, today = market.rng, market.today
    profiles = []
    for n, worker in enumerate(market.workers):
        verified = rng.random() < 0.8
        has_number = rng.random() < 0.95
        profiles.append(
            WorkerProfile(
                user=worker,
                registration_number=f"SW{100000 + n}" if has_number else None,
                registration_expires_on=today + datetime.timedelta(days=rng.randint(-60, 700)),
                registration_verified=verified and has_number,
                registration_verified_at=market._ago(rng.uniform(1, 300))
                if verified and has_number
                else None,
                registration_verified_by=market.coordinator if verified and has_number else None,
                job_level=rng.choices([1, 2, 3, 4], weights=[50, 30, 15, 5])[0],
                qualified_on=today - datetime.timedelta(days=rng.randint(60, 25 * 365)),
                languages=rng.choice(["", "", "", "Polish", "Bengali, Sylheti", "Turkish"]),
                travel_scope=rng.choice(list(TravelScope.values)),
                open_to_matching=rng.random() < 0.75,
                updated_at=market._ago(rng.uniform(0, 200)),
            )
        )
    profiles = WorkerProfile.objects.bulk_create(profiles, batch_size=BATCH)
    skills, willing, periods = [], [], []
    through_skills = WorkerProfile.specialisms.through
    through_willing = WorkerProfile.willing_boroughs.through
    for profile in profiles:
        for specialism in rng.sample(market.specialisms, rng.randint(1, 4)):
            skills.append(through_skills(workerprofile=profile, specialism=specialism))
        for borough in rng.sample(market.boroughs, rng.randint(2, 8)):
            if borough.pk != profile.user.borough_id:
                willing.append(through_willing(workerprofile=profile, borough=borough))
        start = today + datetime.timedelta(days=rng.randint(-30, 90))
        for _ in range(rng.choices([0, 1, 2, 3], weights=[15, 45, 25, 15])[0]):
            end = start + datetime.timedelta(days=rng.randint(30, 200))
            periods.append(
                Availability(
                    profile=profile, starts_on=start, ends_on=end, days_per_week=rng.randint(1, 5)
                )
            )
            start = end + datetime.timedelta(days=rng.randint(7, 90))
    through_skills.objects.bulk_create(skills, batch_size=BATCH)
    through_willing.objects.bulk_create(willing, batch_size=BATCH)
    Availability.objects.bulk_create(periods, batch_size=BATCH)


def add_notifications(market) -> None:
    from notifications.models import Notification

    rng = market.rng
    people = [market.coordinator, *market.all_managers, *market.workers[::5]]
    rows = []
    for person in people:
        for n in range(rng.randint(2, 12)):
            help_request = rng.choice(market.requests)
            rows.append(
                Notification(
                    recipient=person,
                    event="match_found",
                    title=f"You match a help request: {help_request.title}",
                    body="A borough near you has asked for help.",
                    link=help_request.get_absolute_url(),
                    idempotency_key=f"bench-{person.pk}-{n}",
                    created_at=market._ago(n),
                    read_at=None if n < 3 else market._ago(n),
                    delivery_status="sent",
                )
            )
    Notification.objects.bulk_create(rows, batch_size=BATCH)
