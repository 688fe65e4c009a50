"""The naive pure-Python ranking that rank_candidates is timed against and checked with."""


class NaiveData:
    """Everything a pure-Python ranking needs, loaded with plain queries."""

    def __init__(self) -> None:
        from accounts.models import Availability, User, WorkerProfile
        from boroughs.models import Agreement, Borough
        from secondments.models import Application, Placement

        self.users = {
            row[0]: row
            for row in User.objects.values_list("pk", "role", "is_active", "borough_id").iterator()
        }
        self.profiles = list(
            WorkerProfile.objects.values_list(
                "pk",
                "user_id",
                "open_to_matching",
                "registration_verified",
                "registration_expires_on",
                "job_level",
                "qualified_on",
            ).iterator(chunk_size=10000)
        )
        self.skills: dict[int, set[int]] = {}
        for profile_id, specialism_id in WorkerProfile.specialisms.through.objects.values_list(
            "workerprofile_id", "specialism_id"
        ).iterator(chunk_size=10000):
            self.skills.setdefault(profile_id, set()).add(specialism_id)
        self.willing: dict[int, set[int]] = {}
        for profile_id, borough_id in WorkerProfile.willing_boroughs.through.objects.values_list(
            "workerprofile_id", "borough_id"
        ).iterator(chunk_size=10000):
            self.willing.setdefault(profile_id, set()).add(borough_id)
        self.availability: dict[int, list[tuple]] = {}
        for profile_id, starts_on, ends_on, days in Availability.objects.values_list(
            "profile_id", "starts_on", "ends_on", "days_per_week"
        ).iterator(chunk_size=10000):
            self.availability.setdefault(profile_id, []).append((starts_on, ends_on, days))
        self.placements: dict[int, list[tuple]] = {}
        self.all_placements = list(
            Placement.objects.values_list(
                "worker_id",
                "host_id",
                "home_id",
                "starts_on",
                "ends_on",
                "days_per_week",
                "status",
                "created_at",
            ).iterator(chunk_size=10000)
        )
        for row in self.all_placements:
            self.placements.setdefault(row[0], []).append(row)
        self.applications = set(Application.objects.values_list("help_request_id", "worker_id"))
        self.boroughs = {b.pk: b for b in Borough.objects.all()}
        self.neighbours = set(
            Borough.neighbours.through.objects.values_list("from_borough_id", "to_borough_id")
        )
        self.agreements = list(Agreement.objects.all())


def naive_rank(data: NaiveData, help_request, request_skills: set[int], *, limit: int, now):
    from matching.ranking import filters
    from matching.ranking import score as weights
    from secondments.models import HOLDING_STATES

    host = data.boroughs[help_request.borough_id]
    start, end = help_request.starts_on, help_request.ends_on
    recent_since = now - weights.RECENT
    # Reciprocity: placement-days between the host and every other borough.
    by_pair: dict[tuple[int, int, int], list[int]] = {}
    for _w, host_id, home_id, s, e, dpw, status, _c in data.all_placements:
        if status in HOLDING_STATES and host.pk in (host_id, home_id):
            span = by_pair.setdefault((host_id, home_id, dpw), [0, 0])
            span[0] += (e - s).days
            span[1] += 1
    lent: dict[int, int] = {}
    borrowed: dict[int, int] = {}
    for (host_id, home_id, dpw), (span, count) in by_pair.items():
        days = round((span + count) * dpw / 7)
        if home_id == host.pk:
            lent[host_id] = lent.get(host_id, 0) + days
        else:
            borrowed[home_id] = borrowed.get(home_id, 0) + days
    overall = (
        weights.OVERALL_RECIPROCITY_POINTS if sum(lent.values()) > sum(borrowed.values()) else 0
    )
    agreed = set()
    for agreement in data.agreements:
        if host.pk in (agreement.borough_a_id, agreement.borough_b_id) and agreement.is_current(
            start
        ):
            agreed.add(
                agreement.borough_a_id
                if agreement.borough_b_id == host.pk
                else agreement.borough_b_id
            )

    min_years = help_request.min_years_qualified
    if not help_request.newly_qualified_suitable:
        min_years = max(min_years, filters.NEWLY_QUALIFIED_YEARS)
    scored = []
    for pk, user_id, opted_in, verified, expires, level, qualified in data.profiles:
        _uid, role, active, home = data.users[user_id]
        if not (role == "worker" and active and opted_in and verified):
            continue
        if expires is None or expires < end or home == host.pk:
            continue
        if host.pk not in data.willing.get(pk, ()):
            continue
        if level is None or level < help_request.job_level:
            continue
        if qualified is None or qualified > filters.years_before(start, min_years):
            continue
        if not any(
            s <= start and e >= end and d >= help_request.days_per_week
            for s, e, d in data.availability.get(pk, ())
        ):
            continue
        placements = data.placements.get(user_id, ())
        if any(
            p[6] in ("confirmed", "active") and p[3] <= end and p[4] >= start for p in placements
        ):
            continue
        if (help_request.pk, user_id) in data.applications:
            continue
        asked = len(request_skills)
        covered = len(request_skills & data.skills.get(pk, set()))
        score = covered * weights.SPECIALISM_POINTS // asked if asked else weights.SPECIALISM_POINTS
        score += weights.LEVEL_POINTS.get(
            level - help_request.job_level, weights.LEVEL_POINTS_FAR_ABOVE
        )
        years = filters.years_qualified_on(qualified, start)
        score += (
            min(max(years - help_request.min_years_qualified, 0), weights.EXTRA_YEARS_COUNTED)
            * weights.POINTS_PER_EXTRA_YEAR
        )
        borough = data.boroughs[home]
        if (host.pk, home) in data.neighbours:
            score += weights.NEIGHBOUR_POINTS
        else:
            distance = borough.distance_km(host)
            if distance is not None:
                score += next((p for km, p in weights.DISTANCE_POINTS if distance <= km), 0)
        if home in agreed or lent.get(home, 0) > borrowed.get(home, 0):
            score += weights.RECIPROCITY_POINTS
        else:
            score += overall
        recent = sum(1 for p in placements if p[6] in HOLDING_STATES and p[7] >= recent_since)
        score += max(
            weights.FAIRNESS_POINTS - recent * weights.FAIRNESS_POINTS_LOST_PER_PLACEMENT, 0
        )
        turn = (user_id * 7919 + help_request.pk * 104729) % 1000003
        scored.append((-score, turn, user_id))
    scored.sort()
    return [(user_id, -negative) for negative, _turn, user_id in scored[:limit]]
