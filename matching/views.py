"""Matching on screen: a host's ranked candidates for their request (with its
applicants and near matches), and a worker's "requests that match you"."""

import datetime
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.timesince import timesince

from accounts.models import Availability, User, WorkerProfile
from config.http import post_only
from matching import services as matching_services
from matching.forms import CandidateFilterForm
from matching.models import Match, Ranking
from matching.near_cache import cached_near_matches
from matching.ranking import (
    NEAR_MATCHES_SHOWN,
    Candidate,
    host_context,
    rank_applicants,
    working_days_in,
)
from secondments import services
from secondments.access import get_request_for_user
from secondments.models import HelpRequest

CANDIDATES_SHOWN = 50
MATCHES_PER_PAGE = 25


def _request_for_candidates(user: User, pk: int) -> HelpRequest:
    """The host's managers, and the coordinators of the host's region, see a
    request's candidates; for anyone else the page does not exist (the
    candidates are people they may not see, DESIGN.md "Who may do what")."""
    if user.is_coordinator:
        help_request = get_request_for_user(user, pk)
        if not user.coordinates(help_request.borough):
            raise Http404("No such page")
        return help_request
    try:
        return get_request_for_user(user, pk, write=True)
    except PermissionDenied:
        raise Http404("No such page") from None


def _filter_query(request: HttpRequest) -> str:
    """The candidates page's filters from the query string, to keep them across an invitation."""
    fields = CandidateFilterForm.base_fields
    return urlencode([(name, request.GET[name]) for name in fields if request.GET.get(name)])


def candidate_matches(help_request: HelpRequest, workers=None):
    """The page's query: the best stored matches that still fit, with what the
    cards show, in one query on the (request, score) index."""
    return Match.objects.still_fitting(help_request, workers).select_related(
        "worker__borough", "worker__worker_profile"
    )[:CANDIDATES_SHOWN]


def _stored_candidates(help_request: HelpRequest, workers) -> list[Candidate]:
    matches = candidate_matches(help_request, workers)
    return [
        Candidate(
            worker=match.worker,
            score=match.score,
            reasons=match.reasons,
            points=[tuple(part) for part in match.points],
            notified=match.notified_at is not None,
            computed_at=match.computed_at,
        )
        for match in matches
    ]


def _ranked_ago(ranked_at) -> str:
    if timezone.now() - ranked_at < datetime.timedelta(minutes=1):
        return "Ranked just now"
    return f"Ranked {timesince(ranked_at, depth=1)} ago".replace("\xa0", " ")


def request_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored ranking (kept fresh by the matching worker) serves the list;
    near matches are kept in the cache until the next ranking; the applicants
    (a few rows) are ranked live."""
    help_request = _request_for_candidates(request.user, pk)
    form = CandidateFilterForm(request.GET)
    form.is_valid()
    workers = form.workers()
    ranking = Ranking.objects.filter(help_request=help_request).first()
    candidates = [] if ranking is None else _stored_candidates(help_request, workers)
    being_ranked = ranking is None and help_request.is_open
    if being_ranked:
        matching_services.queue_ranking(help_request)
    # The host's context for the score, worked out at most once, when needed.
    context = functools.cache(lambda: host_context(help_request))
    near = cached_near_matches(
        help_request,
        ranking=ranking,
        filters=_filter_query(request),
        workers=workers,
        context=context,
    )
    applicants = rank_applicants(
        help_request,
        workers=workers,
        context=context() if context.cache_info().currsize else None,
    )
    prefetch_related_objects(
        [candidate.profile for candidate in [*candidates, *near]],
        "specialisms",
        Prefetch(
            "availability",
            # The periods within the request at the days a week asked: for a
            # candidate, the one that covers it; for a near match, the parts.
            queryset=Availability.objects.filter(
                starts_on__lte=help_request.ends_on,
                ends_on__gte=help_request.starts_on,
                days_per_week__gte=help_request.days_per_week,
            ),
            to_attr="periods_in_request",
        ),
    )
    return render(
        request,
        "matching/request_candidates.html",
        {
            "help_request": help_request,
            "form": form,
            "filter_query": _filter_query(request),
            "applicants": applicants,
            "candidates": candidates,
            "being_ranked": being_ranked,
            "ranked_ago": _ranked_ago(ranking.ranked_at) if ranking else "",
            "shown": CANDIDATES_SHOWN,
            "near_matches": near,
            "near_shown": NEAR_MATCHES_SHOWN,
            "working_days": working_days_in(help_request),
            "can_invite": help_request.is_open and help_request.can_be_changed_by(request.user),
        },
    )


def request_invite_candidate(request: HttpRequest, pk: int, worker_pk: int) -> HttpResponse:
    help_request = _request_for_candidates(request.user, pk)
    if not help_request.can_be_changed_by(request.user):
        raise PermissionDenied("Only the host borough's managers can invite social workers")
    if (answer := post_only(request, "request_candidates", pk=help_request.pk)) is not None:
        return answer
    worker = get_object_or_404(User.objects.workers(), pk=worker_pk)
    try:
        services.application_invite(help_request=help_request, worker=worker, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"{worker} has been invited and will see it in their notifications"
        )
    back = reverse("request_candidates", args=[help_request.pk])
    query = _filter_query(request)
    return redirect(f"{back}?{query}" if query else back)


def my_matches(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_worker:
        raise Http404("Only social workers are matched to requests")
    profile = WorkerProfile.objects.filter(user=user).first()
    matches = Match.objects.open_to(user).select_related("help_request__borough")
    if profile is None or not profile.open_to_matching:
        matches = matches.none()
    page = Paginator(matches, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "matching/my_matches.html", {"page": page, "profile": profile})
