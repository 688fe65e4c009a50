"""The practice library: every signed-in user searches and reads it."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learning.reports.access import get_library_entry
from learning.reports.forms import LibrarySearchForm
from learning.reports.search import library_search, snippet_of

PER_PAGE = 20


def library(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(request.GET)
    filters = form.filters()
    results = library_search(filters).prefetch_related("placement__help_request__specialisms")
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    entries = [(report, snippet_of(report, filters.words)) for report in page.object_list]
    return render(
        request,
        "learning/reports/library.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "words": filters.words,
            "querystring": others.urlencode(),
        },
    )


def library_entry(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_library_entry(pk)
    author = "Anonymous" if report.anonymous else report.author.get_full_name()
    return render(
        request, "learning/reports/library_entry.html", {"report": report, "author": author}
    )
