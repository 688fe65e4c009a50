"""The reports pages: each reads its filters (period, and borough for people
who see more than one), its figures, and answers as a page or, with
`format=csv`, as a CSV download of the same figures."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.csv_download import csv_response, csv_url, wants_csv
from config.forms import error_title
from pressure.reports import charts
from pressure.reports.crisis import crisis_figures
from pressure.reports.figures import flow_figures, request_figures, trend_figures
from pressure.reports.forms import Period, ReportFilterForm, govuk_month_field
from pressure.reports.scope import ReportScope, report_scope
from pressure.reports.tables import (
    Table,
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
        "Crisis call responses",
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


@dataclass(frozen=True)
class Report:
    """What a report page needs: its figures, its CSV (a file name's stem and
    the table), and what its template shows beyond the figures."""

    template: str
    figures: Callable[[ReportScope, Period], object]
    download: Callable[[object, HttpRequest], tuple[str, Table]]
    context: Callable[[object, Period, HttpRequest], dict]


def _answer(request: HttpRequest, report: Report) -> HttpResponse:
    """The page, or its CSV; with filters that make no sense, the form's errors."""
    scope, form = _filters(request)
    if form.period is None:
        if wants_csv(request):
            return _bad_filters(form)
        return _page(request, report.template, scope, form)
    figures = report.figures(scope, form.period)
    if wants_csv(request):
        stem, (header, rows) = report.download(figures, request)
        return csv_response(_filename(stem, scope, form), header, rows)
    context = report.context(figures, form.period, request)
    return _page(request, report.template, scope, form, **context)


@require_GET
def reports_index(request: HttpRequest) -> HttpResponse:
    scope, form = _filters(request)
    return _page(request, "pressure/reports/index.html", scope, form)


REQUESTS = Report(
    template="pressure/reports/requests.html",
    figures=request_figures,
    download=lambda figures, request: ("requests-and-fill-rate", request_rows(figures)),
    context=lambda figures, period, request: {"figures": figures, "urgencies": Urgency.choices},
)


@require_GET
def requests_report(request: HttpRequest) -> HttpResponse:
    return _answer(request, REQUESTS)


def _flows_context(flows, period: Period, request: HttpRequest) -> dict:
    chart = charts.heat_map(
        "flows-chart",
        f"Signed-off days lent from borough to borough, {period.label}",
        [b.name for b in flows.lenders],
        [b.name for b in flows.hosts],
        [days for _, days, _ in flows.matrix],
    )
    # The grid's column grows with its hosts, so its text stays about the size of the page's.
    hosts = len(flows.hosts)
    width = "one-third" if hosts <= 2 else "one-half" if hosts <= 5 else "two-thirds"
    return {"flows": flows, "chart": chart, "chart_width": width}


FLOWS = Report(
    template="pressure/reports/flows.html",
    figures=flow_figures,
    download=lambda flows, request: ("who-helped-whom", flow_rows(flows)),
    context=_flows_context,
)


@require_GET
def flows_report(request: HttpRequest) -> HttpResponse:
    return _answer(request, FLOWS)


def _trends_context(months, period: Period, request: HttpRequest) -> dict:
    labels = [f"{row.month:%b %Y}" for row in months]
    posted = [row.posted for row in months]
    filled = [row.filled for row in months]
    return {
        "months": months,
        "requests_chart": charts.bar_chart(
            "requests-chart",
            f"Requests posted and filled each month, {period.label}",
            labels,
            [("Posted", posted), ("Filled", filled)],
        ),
        "days_chart": charts.bar_chart(
            "days-chart",
            f"Signed-off days each month, {period.label}",
            labels,
            [("Signed-off days", [row.days for row in months])],
        ),
        "busiest": _busiest(months),
    }


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


TRENDS = Report(
    template="pressure/reports/trends.html",
    figures=trend_figures,
    download=lambda months, request: ("month-by-month", trend_rows(months)),
    context=_trends_context,
)


@require_GET
def trends_report(request: HttpRequest) -> HttpResponse:
    return _answer(request, TRENDS)


def _crisis_download(figures, request: HttpRequest) -> tuple[str, Table]:
    """The calls, or with `table=boroughs` the answers by asked borough."""
    if request.GET.get("table") == "boroughs":
        return "crisis-answers", crisis_borough_rows(figures)
    return "crisis-calls", crisis_call_rows(figures)


CRISIS = Report(
    template="pressure/reports/crisis.html",
    figures=crisis_figures,
    download=_crisis_download,
    context=lambda figures, period, request: {
        "figures": figures,
        "boroughs_csv_link": f"{csv_url(request)}&table=boroughs",
    },
)


@require_GET
def crisis_report(request: HttpRequest) -> HttpResponse:
    return _answer(request, CRISIS)
