"""Near matches for the candidates page, kept in the cache until the request
is ranked again.

Counting each partly available worker's working days is the page's dearest
part (hundreds of milliseconds at 100,000 workers); the result changes when
the request is ranked again, which names a new cache key. Who is listed is
checked again at every view, as for the stored candidates (matching.models.
still_fits), so someone booked, applied or opted out since drops off at once.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache

from accounts.models import User
from matching.models import Ranking, still_fits
from matching.ranking import NearMatch, near_matches, working_days_in
from matching.ranking.score import HostContext
from secondments.models import HelpRequest

NEAR_CACHE_SECONDS = 36 * 3600  # a nightly ranking names a new key before then


def _key(help_request: HelpRequest, ranking: Ranking, filters: str) -> str:
    filtered = hashlib.sha256(filters.encode()).hexdigest()[:16]
    return f"matching:near:{help_request.pk}:{ranking.ranked_at.timestamp():.6f}:{filtered}"


def cached_near_matches(
    help_request: HelpRequest,
    *,
    ranking: Ranking | None,
    filters: str,
    workers,
    context: Callable[[], HostContext],
) -> list[NearMatch]:
    """The request's near matches (see `near_matches`) for these filters."""
    if ranking is None:
        return near_matches(help_request, workers=workers, context=context())
    key = _key(help_request, ranking, filters)
    rows = cache.get(key)
    if rows is None:
        near = near_matches(help_request, workers=workers, context=context())
        cache.set(
            key,
            [
                (n.worker.pk, n.score, n.reasons, n.points, n.newly_qualified, n.days_covered)
                for n in near
            ],
            NEAR_CACHE_SECONDS,
        )
        return near
    if not rows:
        return []
    people = User.objects.filter(still_fits(help_request, "pk", ""), pk__in=[r[0] for r in rows])
    by_pk = {person.pk: person for person in people.select_related("borough", "worker_profile")}
    working_days = working_days_in(help_request)
    found = []
    for worker_pk, score, reasons, points, newly_qualified, days_covered in rows:
        if worker_pk not in by_pk:
            continue
        found.append(
            NearMatch(
                worker=by_pk[worker_pk],
                score=score,
                reasons=reasons,
                points=[tuple(part) for part in points],
                newly_qualified=newly_qualified,
                days_covered=days_covered,
                working_days=working_days,
            )
        )
    return found
