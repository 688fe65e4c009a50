"""Who may see recharge statements, agency rates and the reciprocity ledger.

A statement is for the two boroughs' managers and the coordinators of either
borough's region: anyone else is told there is nothing there (404), workers included, so no one learns
another placement's rates. What each may do with a statement the services
check (403).

The ledger's days (who lent whom how many placement-days) are the
reciprocity picture the partnership runs on, shown on the borough page that
every signed-in user may read, so every signed-in user may see any borough's
days ledger. Its money columns (what was charged, what it saved) are for that
borough's own managers and its region's coordinators only. The coordinators'
report across boroughs is for coordinators, over the boroughs of their regions.
"""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from boroughs.models import Borough
from money.models import RechargeStatement

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def parse_month(text: str) -> datetime.date:
    """The first day of the month "2026-10" names, or 404 for anything else."""
    try:
        year, month = (int(part) for part in text.split("-"))
        if not (EARLIEST_YEAR <= year <= LATEST_YEAR) or len(text) != 7:
            raise ValueError
        return datetime.date(year, month, 1)
    except ValueError:
        raise Http404("No such month") from None


def may_see_statements_between(user: User, issuer: Borough, billed: Borough) -> bool:
    return user.coordinates(issuer, billed) or user.manages(issuer) or user.manages(billed)


def get_statement_pair_for_user(
    user: User, issuer_code: str, billed_code: str, month: str
) -> tuple[Borough, Borough, datetime.date]:
    boroughs = {
        b.gss_code: b for b in Borough.objects.filter(gss_code__in=[issuer_code, billed_code])
    }
    issuer, billed = boroughs.get(issuer_code), boroughs.get(billed_code)
    if issuer is None or billed is None or issuer == billed:
        raise Http404("No such statement")
    if not may_see_statements_between(user, issuer, billed):
        raise Http404("No such statement")
    return issuer, billed, parse_month(month)


def get_statement_version_for_user(
    user: User, issuer_code: str, billed_code: str, month: str, version: int
) -> RechargeStatement:
    issuer, billed, first = get_statement_pair_for_user(user, issuer_code, billed_code, month)
    return get_object_or_404(
        RechargeStatement.objects.select_related(
            "issuer", "billed", "issued_by", "paid_by", "queried_by"
        ),
        issuer=issuer,
        billed=billed,
        month=first,
        version=version,
    )


def get_ledger_borough_for_user(user: User, code: str) -> Borough:
    return get_object_or_404(Borough, gss_code=code)


def sees_ledger_money(user: User, borough: Borough) -> bool:
    return user.coordinates(borough) or user.manages(borough)


def require_manager_or_coordinator(user: User) -> None:
    if not (user.is_coordinator or user.is_manager):
        raise Http404("No such page")
