"""Whose figures a person may see in the reports.

One function, `boroughs_in_scope`, says which boroughs a person's reports
cover: a borough's managers see their own borough; coordinators the boroughs
of their regions (a national coordinator every borough), and every report
and its totals follow. Social workers have no reports: 404.

A report's borough filter (`?borough=<GSS code>`) narrows the scope to one
borough in it; a code outside the person's scope answers 404, so another
borough's manager learns nothing from trying one.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from boroughs.models import Borough

# A GSS code is 9 characters; anything much longer is not one.
BOROUGH_CODE_MAX = 12


def boroughs_in_scope(user: User) -> QuerySet[Borough]:
    """The boroughs whose figures `user` may see."""
    if user.is_coordinator:
        return Borough.objects.filter(user.coordinator_scope())
    if user.is_manager and user.borough_id:
        return Borough.objects.filter(pk=user.borough_id)
    return Borough.objects.none()


def may_see_reports(user: User) -> bool:
    return user.is_coordinator or (user.is_manager and bool(user.borough_id))


@dataclass(frozen=True)
class ReportScope:
    """The boroughs a report covers: all those the person may see, or one of them."""

    boroughs: list[Borough]  # every borough the person may choose from, by name
    chosen: Borough | None  # the one borough the report is narrowed to, if any

    @property
    def borough_ids(self) -> list[int]:
        return [self.chosen.pk] if self.chosen else [b.pk for b in self.boroughs]

    @property
    def can_choose(self) -> bool:
        """Only someone who sees more than one borough has a borough filter."""
        return len(self.boroughs) > 1

    @property
    def label(self) -> str:
        return self.chosen.name if self.chosen is not None else "All boroughs"

    @property
    def code(self) -> str:
        return self.chosen.gss_code if self.chosen is not None else ""


def report_scope(user: User, code: str = "") -> ReportScope:
    """The scope of a report for `user`, narrowed to the borough `code` names
    (404 for a code outside their scope, or for someone with no reports)."""
    if not may_see_reports(user):
        raise Http404("No such page")
    boroughs = list(boroughs_in_scope(user).order_by("name"))
    code = (code or "").strip()[:BOROUGH_CODE_MAX]
    chosen = None
    if code:
        chosen = next((b for b in boroughs if b.gss_code == code), None)
        if chosen is None:
            raise Http404("No such borough in your reports")
    if chosen is None and len(boroughs) == 1:
        chosen = boroughs[0]
    return ReportScope(boroughs=boroughs, chosen=chosen)
