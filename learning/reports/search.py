"""The practice library's search: PostgreSQL full-text search with English
stemming, ranking and highlighted snippets; plain word matching on SQLite."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from learning.models import LearningReport

CONFIG = "english"
# Control characters as highlight markers: the services strip them from moderated
# text, so everything else in a snippet can be escaped and only these become <mark>.
START, STOP = "\x02", "\x03"
SNIPPET_CHARS = 300
MAX_QUERY = 200


def search_vector() -> SearchVector:
    return SearchVector("published_title", weight="A", config=CONFIG) + SearchVector(
        "published_text", weight="B", config=CONFIG
    )


@dataclass(frozen=True)
class LibraryFilters:
    words: str = ""
    specialism: int | None = None
    purpose: str = ""
    host: int | None = None
    year: int | None = None


def highlighted(snippet: str) -> SafeString:
    """Escape a snippet, then turn only the markers into <mark> elements."""
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))


def library_search(filters: LibraryFilters) -> QuerySet[LearningReport]:
    """Published reports matching the filters, best first; each has a `snippet`
    (marked text) when words were given."""
    reports = LearningReport.objects.published().select_related(
        "placement__host", "placement__help_request"
    )
    if filters.specialism:
        reports = reports.filter(placement__help_request__specialisms=filters.specialism)
    if filters.purpose:
        reports = reports.filter(placement__help_request__purpose=filters.purpose)
    if filters.host:
        reports = reports.filter(placement__host_id=filters.host)
    if filters.year:
        reports = reports.filter(placement__ends_on__year=filters.year)
    words = filters.words.strip()[:MAX_QUERY]
    if not words:
        return reports.order_by("-published_at", "-pk")
    if connection.vendor != "postgresql":
        return _simple_search(reports, words)
    query = SearchQuery(words, config=CONFIG, search_type="websearch")
    return (
        reports.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline(
                "published_text",
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _simple_search(reports: QuerySet, words: str) -> QuerySet:
    """The SQLite demo: every word somewhere in the title or text, newest first."""
    for word in words.split():
        reports = reports.filter(
            Q(published_title__icontains=word) | Q(published_text__icontains=word)
        )
    return reports.order_by("-published_at", "-pk")


def snippet_of(report: LearningReport, words: str) -> SafeString:
    """The highlighted snippet: PostgreSQL's, or on SQLite the text's opening
    with the words marked."""
    found = getattr(report, "snippet", None)
    if found is not None:
        return highlighted(found)
    text = report.published_text[:SNIPPET_CHARS]
    if len(report.published_text) > SNIPPET_CHARS:
        text += "…"
    terms = [re.escape(word) for word in words.split() if word]
    if terms:
        text = re.sub(f"({'|'.join(terms)})", f"{START}\\1{STOP}", text, flags=re.IGNORECASE)
    return highlighted(text)
