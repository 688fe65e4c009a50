"""The reports pages: each reads its filters (period, and borough for people
who see more than one), its figures, and answers as a page or, with
`format=csv`, as a CSV download of the same figures."""

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.csv_download import csv_response, csv_url, wants_csv
from config.forms import error_title
from pressure.reports import charts
from pressure.reports.crisis import crisis_figures
from pressure.reports.figures import flow_figures, request_figures, trend_figures
from pressure.reports.forms import ReportFilterForm, govuk_month_field
from pressure.reports.scope import ReportScope, report_scope
from pressure.reports.tables import (
    crisis_borough_rows,
    crisis_call_rows,
    flow_rows,
    request_rows,
    trend_rows,
)
from secondments.models import Urgency

DASH = "\u2013"

REPORTS = [
    (
        "report_requests",
        "Requests and fill rate",
        "Requests posted, how many were filled and how fast, and those still open by urgency.",
    ),
    (
        "report_flows",
        "Who helped whom",
        "Signed-off days each borough lent to each other borough, as a heat map and a table.",
    ),
    (
        "report_trends",
        "Month by month",
        "Requests posted, requests filled and signed-off days in each month.",
    ),
    (
        "report_crisis",
        "Crisis calls",
        "Crisis calls raised, how the boroughs asked answered, and how fast.",
    ),
]


def rate_text(value: Decimal | None) -> str:
    return DASH if value is None else f"{value:f}%"


def days_text(value: Decimal | None) -> str:
    if value is None:
        return DASH
    return f"{charts.number_text(value)} day{'' if value == 1 else 's'}"


FORMATTERS = {"rate_text": rate_text, "days_text": days_text, "number_text": charts.number_text}


def _filters(request: HttpRequest) -> tuple[ReportScope, ReportFilterForm]:
    scope = report_scope(request.user, request.GET.get("borough", ""))
    form = ReportFilterForm(request.GET)
    form.is_valid()
    return scope, form


def _bad_filters(form: ReportFilterForm) -> HttpResponse:
    """A CSV asked for with filters that do not make sense: say which, plainly."""
    problems = "; ".join(str(error) for errors in form.errors.values() for error in errors)
    return HttpResponse(
        f"These filters are not valid: {problems}", status=400, content_type="text/plain"
    )


def _filename(stem: str, scope: ReportScope, form: ReportFilterForm) -> str:
    period = form.period
    where = scope.code or "all-boroughs"
    return f"{stem}-{where}-{period.first:%Y-%m}-to-{period.last:%Y-%m}"


def _page(
    request: HttpRequest, template: str, scope: ReportScope, form: ReportFilterForm, **context
) -> HttpResponse:
    borough_items = [{"value": "", "text": "All boroughs", "selected": scope.chosen is None}] + [
        {"value": b.gss_code, "text": b.name, "selected": b == scope.chosen} for b in scope.boroughs
    ]
    return render(
        request,
        template,
        {
            "scope": scope,
            "form": form,
            "period": form.period,
            "error_prefix": error_title(form),
            "month_field": govuk_month_field,
            "borough_items": borough_items,
            "csv_link": csv_url(request),
            "reports": REPORTS,
            "query": request.GET.urlencode(),
            **FORMATTERS,
            **context,
        },
    )


@require_GET
def reports_index(request: HttpRequest) -> HttpResponse:
    scope, form = _filters(request)
    return _page(request, "pressure/reports/index.html", scope, form)


@require_GET
def requests_report(request: HttpRequest) -> HttpResponse:
    scope, form = _filters(request)
    if form.period is None:
        if wants_csv(request):
            return _bad_filters(form)
        return _page(request, "pressure/reports/requests.html", scope, form)
    figures = request_figures(scope, form.period)
    if wants_csv(request):
        header, rows = request_rows(figures)
        return csv_response(_filename("requests-and-fill-rate", scope, form), header, rows)
    return _page(
        request,
        "pressure/reports/requests.html",
        scope,
        form,
        figures=figures,
        urgencies=Urgency.choices,
    )


@require_GET
def flows_report(request: HttpRequest) -> HttpResponse:
    scope, form = _filters(request)
    if form.period is None:
        if wants_csv(request):
            return _bad_filters(form)
        return _page(request, "pressure/reports/flows.html", scope, form)
    flows = flow_figures(scope, form.period)
    if wants_csv(request):
        header, rows = flow_rows(flows)
        return csv_response(_filename("who-helped-whom", scope, form), header, rows)
    chart = charts.heat_map(
        "flows-chart",
        f"Signed-off days lent from borough to borough, {form.period.label}",
        [b.name for b in flows.lenders],
        [b.name for b in flows.hosts],
        [days for _, days, _ in flows.matrix],
    )
    return _page(request, "pressure/reports/flows.html", scope, form, flows=flows, chart=chart)


@require_GET
def trends_report(request: HttpRequest) -> HttpResponse:
    scope, form = _filters(request)
    if form.period is None:
        if wants_csv(request):
            return _bad_filters(form)
        return _page(request, "pressure/reports/trends.html", scope, form)
    months = trend_figures(scope, form.period)
    if wants_csv(request):
        header, rows = trend_rows(months)
        return csv_response(_filename("month-by-month", scope, form), header, rows)
    labels = [f"{row.month:%b %Y}" for row in months]
    requests_chart = charts.bar_chart(
        "requests-chart",
        f"Requests posted and filled each month, {form.period.label}",
        labels,
        [("Posted", [row.posted for row in months]), ("Filled", [row.filled for row in months])],
    )
    days_chart = charts.bar_chart(
        "days-chart",
        f"Signed-off days each month, {form.period.label}",
        labels,
        [("Signed-off days", [row.days for row in months])],
    )
    return _page(
        request,
        "pressure/reports/trends.html",
        scope,
        form,
        months=months,
        requests_chart=requests_chart,
        days_chart=days_chart,
        busiest=_busiest(months),
    )


def _busiest(months) -> dict:
    """The months the text summary names: most posted, most filled, most days."""
    if not months:
        return {}
    return {
        "posted": max(months, key=lambda row: (row.posted, row.month)),
        "filled": max(months, key=lambda row: (row.filled, row.month)),
        "days": max(months, key=lambda row: (row.days, row.month)),
        "total_posted": sum(row.posted for row in months),
        "total_filled": sum(row.filled for row in months),
        "total_days": sum((row.days for row in months), Decimal("0.0")),
    }


@require_GET
def crisis_report(request: HttpRequest) -> HttpResponse:
    scope, form = _filters(request)
    if form.period is None:
        if wants_csv(request):
            return _bad_filters(form)
        return _page(request, "pressure/reports/crisis.html", scope, form)
    figures = crisis_figures(scope, form.period)
    if wants_csv(request):
        if request.GET.get("table") == "boroughs":
            header, rows = crisis_borough_rows(figures)
            return csv_response(_filename("crisis-answers", scope, form), header, rows)
        header, rows = crisis_call_rows(figures)
        return csv_response(_filename("crisis-calls", scope, form), header, rows)
    return _page(
        request,
        "pressure/reports/crisis.html",
        scope,
        form,
        figures=figures,
        boroughs_csv_link=f"{csv_url(request)}&table=boroughs",
    )
