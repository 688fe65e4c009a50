"""Recharge statement pages: the list, a statement (live draft or frozen), its
earlier versions, its CSV, and the issue / mark paid / query actions."""

import csv
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import User
from boroughs.models import Borough
from config.csv_download import wants_csv
from config.http import post_only
from money.models import RechargeStatement, StatementStatus
from money.statements import services
from money.statements.access import (
    get_statement_pair_for_user,
    get_statement_version_for_user,
    parse_month,
    require_manager_or_coordinator,
)
from money.statements.downloads import statements_csv
from money.statements.forms import IssueForm, QueryForm
from money.statements.listing import statement_rows
from money.statements.statements import (
    FORMATTERS,
    ROUNDING_NOTE,
    Figures,
    current_of,
    draft_figures,
    frozen_figures,
    month_has_ended,
    versions_of,
)


def statement_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_manager_or_coordinator(user)
    borough = month = None
    boroughs = []
    if user.is_coordinator:
        # A coordinator chooses among the boroughs of their regions.
        boroughs = list(Borough.objects.filter(user.coordinator_scope()).only("gss_code", "name"))
        borough = next((b for b in boroughs if b.gss_code == request.GET.get("borough")), None)
    if request.GET.get("month"):
        try:
            month = parse_month(request.GET["month"])
        except Http404:
            month = None
    rows = statement_rows(user, borough=borough, month=month)
    if wants_csv(request):
        return statements_csv(user, rows)
    return render(
        request,
        "money/statements/statement_list.html",
        {
            "rows": rows,
            "boroughs": boroughs,
            "chosen_borough": borough,
            "chosen_month": f"{month:%Y-%m}" if month else "",
            **FORMATTERS,
        },
    )


def _actions(user: User, issuer: Borough, billed: Borough, month, current) -> dict:
    coordinates = user.coordinates(issuer, billed)
    issuing = current is None and (coordinates or user.manages(issuer))
    issued = current is not None and current.status == StatementStatus.ISSUED
    return {
        "can_issue": issuing and month_has_ended(month),
        "waits_for_month_end": issuing and not month_has_ended(month),
        "can_mark_paid": issued and (coordinates or user.manages(issuer) or user.manages(billed)),
        "can_query": issued and (coordinates or user.manages(billed)),
    }


def _detail(
    request: HttpRequest,
    issuer: Borough,
    billed: Borough,
    month: datetime.date,
    *,
    issue_form: IssueForm | None = None,
    query_form: QueryForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    versions = versions_of(issuer, billed, month)
    current = current_of(versions)
    figures = frozen_figures(current) if current else draft_figures(issuer, billed, month)
    # Weeks signed off after issuing are never added to an issued statement
    # (it is frozen): say so, so the billed borough can query it for a new version.
    since = None
    if current is not None and current.status == StatementStatus.ISSUED:
        now = draft_figures(issuer, billed, month)
        if now.days != figures.days:
            since = {"days": now.days - figures.days, "amount": now.total - figures.total}
    return render(
        request,
        "money/statements/statement_detail.html",
        {
            "figures": figures,
            "statement": current,
            "signed_off_since": since,
            "versions": versions,
            "month_code": f"{month:%Y-%m}",
            "issue_form": issue_form or IssueForm(),
            "query_form": query_form or QueryForm(),
            "error": error,
            "rounding_note": ROUNDING_NOTE,
            **FORMATTERS,
            **_actions(request.user, issuer, billed, month, current),
        },
        status=status,
    )


def statement_detail(
    request: HttpRequest, issuer_code: str, billed_code: str, month: str
) -> HttpResponse:
    issuer, billed, first = get_statement_pair_for_user(
        request.user, issuer_code, billed_code, month
    )
    return _detail(request, issuer, billed, first)


def statement_version(
    request: HttpRequest, issuer_code: str, billed_code: str, month: str, version: int
) -> HttpResponse:
    statement = get_statement_version_for_user(
        request.user, issuer_code, billed_code, month, version
    )
    return render(
        request,
        "money/statements/statement_version.html",
        {
            "statement": statement,
            "figures": frozen_figures(statement),
            "month_code": month,
            "rounding_note": ROUNDING_NOTE,
            **FORMATTERS,
        },
    )


def _page(issuer: Borough, billed: Borough, month: datetime.date) -> str:
    return reverse("statement_detail", args=[issuer.gss_code, billed.gss_code, f"{month:%Y-%m}"])


def _back(issuer: Borough, billed: Borough, month: datetime.date) -> HttpResponse:
    return redirect(_page(issuer, billed, month))


def _conflict(request, issuer, billed, month, error: ValidationError, **forms) -> HttpResponse:
    status = 409 if isinstance(error, services.StatementConflict) else 400
    return _detail(request, issuer, billed, month, error=error.messages[0], status=status, **forms)


def statement_issue(
    request: HttpRequest, issuer_code: str, billed_code: str, month: str
) -> HttpResponse:
    issuer, billed, first = get_statement_pair_for_user(
        request.user, issuer_code, billed_code, month
    )
    if (answer := post_only(request, _page(issuer, billed, first))) is not None:
        return answer
    form = IssueForm(request.POST)
    form.is_valid()
    try:
        statement = services.statement_issue(
            issuer=issuer,
            billed=billed,
            month=first,
            confirm_unsigned=form.cleaned_data.get("confirm_unsigned", False),
            by=request.user,
        )
    except ValidationError as error:
        if error.messages and getattr(error, "code", None) == "unsigned":
            form.add_error("confirm_unsigned", error.messages[0])
            return _detail(request, issuer, billed, first, issue_form=form, status=400)
        return _conflict(request, issuer, billed, first, error)
    messages.success(request, f"Statement {statement.reference} issued")
    return _back(issuer, billed, first)


def _current_or_404(issuer: Borough, billed: Borough, month: datetime.date) -> RechargeStatement:
    current = current_of(versions_of(issuer, billed, month))
    if current is None:
        raise Http404("No statement has been issued for this month")
    return current


def statement_mark_paid(
    request: HttpRequest, issuer_code: str, billed_code: str, month: str
) -> HttpResponse:
    issuer, billed, first = get_statement_pair_for_user(
        request.user, issuer_code, billed_code, month
    )
    if (answer := post_only(request, _page(issuer, billed, first))) is not None:
        return answer
    statement = _current_or_404(issuer, billed, first)
    try:
        services.statement_mark_paid(statement=statement, by=request.user)
    except ValidationError as error:
        return _conflict(request, issuer, billed, first, error)
    messages.success(request, f"Statement {statement.reference} marked as paid")
    return _back(issuer, billed, first)


def statement_query(
    request: HttpRequest, issuer_code: str, billed_code: str, month: str
) -> HttpResponse:
    issuer, billed, first = get_statement_pair_for_user(
        request.user, issuer_code, billed_code, month
    )
    if (answer := post_only(request, _page(issuer, billed, first))) is not None:
        return answer
    statement = _current_or_404(issuer, billed, first)
    form = QueryForm(request.POST)
    if not form.is_valid():
        return _detail(request, issuer, billed, first, query_form=form, status=400)
    try:
        services.statement_query(
            statement=statement, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        return _conflict(request, issuer, billed, first, error, query_form=form)
    messages.success(
        request, f"Statement {statement.reference} queried: the month is a draft again"
    )
    return _back(issuer, billed, first)


def _csv_number(value) -> str:
    return "" if value is None else f"{value:f}"


# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    """Text people typed (a worker's name), shown as text by a spreadsheet: a
    leading quote stops "=HYPERLINK(...)" being run when finance opens the file."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_rows(figures: Figures, statement: RechargeStatement | None) -> list[list[str]]:
    rows = [
        ["Reference", statement.reference if statement else "Draft (no reference yet)"],
        ["Status", statement.get_status_display() if statement else "Draft"],
        ["From", _csv_text(figures.issuer.name)],
        ["To", _csv_text(figures.billed.name)],
        ["Month", f"{figures.month:%B %Y}"],
        [],
        [
            "Worker",
            "Funding",
            "Days",
            "Daily rate",
            "Amount",
            "Agency day rate",
            "Agency cost",
            "Saving",
        ],
    ]
    for line in figures.lines:
        rows.append(
            [
                _csv_text(line.worker_name),
                line.funding_shown,
                _csv_number(line.days),
                _csv_number(line.rate) or "No charge",
                _csv_number(line.amount),
                _csv_number(line.agency_rate),
                _csv_number(line.agency_amount),
                _csv_number(line.saving),
            ]
        )
    rows.append(
        [
            "Total",
            "",
            _csv_number(figures.days),
            "",
            _csv_number(figures.total),
            "",
            _csv_number(figures.agency_total),
            _csv_number(figures.saving),
        ]
    )
    return rows


def statement_csv(
    request: HttpRequest, issuer_code: str, billed_code: str, month: str
) -> HttpResponse:
    issuer, billed, first = get_statement_pair_for_user(
        request.user, issuer_code, billed_code, month
    )
    current = current_of(versions_of(issuer, billed, first))
    figures = frozen_figures(current) if current else draft_figures(issuer, billed, first)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = current.reference if current else f"SX-{issuer_code}-{billed_code}-{first:%Y%m}-draft"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    csv.writer(response).writerows(csv_rows(figures, current))
    return response
