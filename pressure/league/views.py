"""The published league table: the page, its CSV and JSON, and one authority's
page. Public: no sign-in, as the practitioners who asked for it wanted."""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from boroughs.models import BoroughKind
from config.csv_download import csv_response, number, text
from pressure.index import MEASURE_LABELS, MEASURES, OWN_REPORT_MONTHS
from pressure.league.chart import short_trend, sparkline
from pressure.league.table import (
    ATTRIBUTION,
    CSV_HEADER,
    FORMULA_TEXT,
    LICENCE,
    SOURCES,
    BadFilter,
    Filters,
    as_record,
    flags,
    kind_label,
    league,
    metadata,
    read_filters,
    year_rows,
)

# A CSV file has nowhere to say its licence: the response header does.
LICENCE_LINK = f'<{LICENCE["url"]}>; rel="license"'

PAGE_HELPERS = {
    "MEASURES": MEASURES,
    "MEASURE_LABELS": MEASURE_LABELS,
    "OWN_REPORT_MONTHS": OWN_REPORT_MONTHS,
    "LICENCE": LICENCE,
    "SOURCES": SOURCES,
    "ATTRIBUTION": ATTRIBUTION,
    "FORMULA_TEXT": FORMULA_TEXT,
    "flags": flags,
    "kind_label": kind_label,
    "sparkline": sparkline,
    "short_trend": short_trend,
}


@login_not_required
@require_safe
def league_table(request: HttpRequest) -> HttpResponse:
    table = league()
    error = None
    try:
        filters = read_filters(request.GET, table.regions)
    except BadFilter as bad:
        filters, error = Filters(), str(bad)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "pressure/league/table.html",
        {
            "league": table,
            "rows": table.filtered(filters),
            "filters": filters,
            "error": error,
            "kinds": BoroughKind.choices,
            "query": query.urlencode(),
            **PAGE_HELPERS,
        },
        status=400 if error else 200,
    )


def _filtered(request: HttpRequest):
    table = league()
    try:
        filters = read_filters(request.GET, table.regions)
    except BadFilter as bad:
        return table, None, HttpResponse(str(bad), status=400, content_type="text/plain")
    return table, filters, None


@login_not_required
@require_safe
def league_table_csv(request: HttpRequest) -> HttpResponse:
    table, filters, bad = _filtered(request)
    if bad:
        return bad
    rows = (
        [
            number(record["rank"]),
            record["gss_code"],
            text(record["name"]),
            text(record["region"]),
            text(record["kind"]),
            _plain(record["pressure_index"]),
            _plain(record["fte"]),
            record["fte_source"],
            *[
                cell
                for measure in MEASURES
                for cell in (
                    _plain(record["measures"][measure]["value"]),
                    record["measures"][measure]["source"],
                )
            ],
            record["own_report_month"] or "",
            "true" if record["combined_reporting"] else "false",
            text("; ".join(record["notes"])),
        ]
        for record in map(as_record, table.filtered(filters))
    )
    response = csv_response("pressure-league-table", CSV_HEADER, rows)
    response["Link"] = LICENCE_LINK
    return response


def _plain(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@login_not_required
@require_safe
def league_table_json(request: HttpRequest) -> HttpResponse:
    table, filters, bad = _filtered(request)
    if bad:
        return JsonResponse({"error": bad.content.decode()}, status=400)
    body = {
        "metadata": metadata(table, filters),
        "authorities": [as_record(standing) for standing in table.filtered(filters)],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Link"] = LICENCE_LINK
    return response


@login_not_required
@require_safe
def league_authority(request: HttpRequest, gss_code: str) -> HttpResponse:
    table = league()
    standing = table.find(gss_code)
    if standing is None:
        raise Http404("No such authority in the league table")
    return render(
        request,
        "pressure/league/authority.html",
        {
            "league": table,
            "standing": standing,
            "years": year_rows(standing),
            "total": sum(1 for s in table.standings if s.rank),
            **PAGE_HELPERS,
        },
    )
