"""The agency day rates page and the reciprocity ledger pages."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from boroughs.models import Borough, JobLevel
from money.models import AgencyDayRate
from money.statements.access import (
    get_ledger_borough_for_user,
    require_manager_or_coordinator,
    sees_ledger_money,
)
from money.statements.forms import AgencyRatesForm
from money.statements.ledger import NO_DAYS, balances, borough_ledger, pair_figures
from money.statements.services import agency_rates_set, may_set_agency_rates
from money.statements.statements import FORMATTERS, ZERO


def agency_rates(request: HttpRequest) -> HttpResponse:
    """Coordinators set each region's agency day rates; managers may look."""
    user = request.user
    require_manager_or_coordinator(user)
    regions = sorted(set(Borough.objects.values_list("region", flat=True)))
    current: dict[str, dict[int, Decimal]] = {region: {} for region in regions}
    for row in AgencyDayRate.objects.all():
        current.setdefault(row.region, {})[row.job_level] = row.day_rate
    posted = request.POST.get("region") if request.method == "POST" else None
    if request.method == "POST" and not user.is_coordinator:
        # Managers see the rates (the page is theirs to read), so this is 403, not 404.
        raise PermissionDenied("Only coordinators can set agency day rates")
    if posted is not None and posted not in regions:
        raise Http404("No such region")
    if posted is not None and not may_set_agency_rates(user, posted):
        raise PermissionDenied(f"Only {posted}'s coordinators can set its agency day rates")
    forms = {
        region: AgencyRatesForm(
            request.POST if region == posted else None, current=current[region], prefix=None
        )
        for region in regions
    }
    if posted is not None:
        form = forms[posted]
        if form.is_valid():
            try:
                agency_rates_set(region=posted, rates=form.rates(), by=user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Agency day rates for {posted} saved")
                return redirect("agency_rates")
    table = [
        (region, [(level, current[region].get(level.value)) for level in JobLevel])
        for region in regions
    ]
    return render(
        request,
        "money/statements/agency_rates.html",
        {
            "table": table,
            "forms": forms,
            "posted": posted,
            "changeable": {region for region in regions if may_set_agency_rates(user, region)},
            **FORMATTERS,
        },
    )


def ledger_report(request: HttpRequest) -> HttpResponse:
    """The partnership's borough-to-borough table: for coordinators."""
    if not request.user.is_coordinator:
        raise Http404("No such page")
    # A regional coordinator's table: the pairs with either borough in their regions.
    user = request.user
    pairs = pair_figures(scope=user.coordinator_scope("home", "host"))
    return render(
        request,
        "money/statements/ledger_report.html",
        {
            "pairs": pairs,
            "balances": [
                row
                for row in balances(pairs)
                if (row.given or row.received) and user.coordinates(row.borough)
            ],
            "total_days": sum((p.days for p in pairs), NO_DAYS),
            "total_cost": sum((p.cost for p in pairs), ZERO),
            "total_agency": sum((p.agency_cost for p in pairs), ZERO),
            "total_saving": sum((p.saving for p in pairs), ZERO),
            **FORMATTERS,
        },
    )


def ledger_context(user, borough: Borough) -> dict:
    """What the borough ledger page and the borough page's ledger section show."""
    rows = borough_ledger(borough)
    return {
        "ledger_rows": rows,
        "ledger_given": sum((row.given for row in rows), NO_DAYS),
        "ledger_received": sum((row.received for row in rows), NO_DAYS),
        "ledger_money": sees_ledger_money(user, borough),
        **FORMATTERS,
    }


def borough_ledger_page(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_ledger_borough_for_user(request.user, code)
    return render(
        request,
        "money/statements/borough_ledger.html",
        {"borough": borough, **ledger_context(request.user, borough)},
    )
