"""Every timesheet week a person may see, across placements (/timesheets/).

A host borough's managers see the weeks of the placements their borough hosts
(finance finds what waits for sign-off), and their own staff's weeks elsewhere,
read only; a coordinator every week hosted or lent in their regions; a social
worker their own. Filtered by status and the month a week starts in; also as
CSV (config/csv_download.py).
Two queries for the rows however many there are: the count and the page.
"""

import re

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from accounts.models import User
from config.csv_download import csv_response, date, number, text, wants_csv
from money.models import Timesheet, TimesheetStatus
from money.timesheets.weeks import days_shown
from secondments.models import Placement

PER_PAGE = 50
ALL = ""
INCOMING = "in"
OUTGOING = "out"
MONTH = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")


class TimesheetFilterForm(forms.Form):
    """GET only; an invalid filter is shown as an error and left out."""

    direction = forms.ChoiceField(
        label="Which weeks to show",
        choices=[(ALL, "All")],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select which weeks to show"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), *TimesheetStatus.choices],
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    month = forms.CharField(
        label="Month the week starts in",
        help_text="For example, 2026-10 for October 2026",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"data-width": "10"}),
        error_messages={"max_length": "Enter a month like 2026-10"},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.borough = user.borough
        if user.is_manager:
            self.fields["direction"].choices = [
                (ALL, f"All weeks in and out of {self.borough}"),
                (INCOMING, f"Coming in: {self.borough} signs them off"),
                (OUTGOING, f"Going out: {self.borough} staff in other boroughs (read only)"),
            ]
        else:
            del self.fields["direction"]

    def clean_month(self) -> tuple[int, int] | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        found = MONTH.match(value)
        if not found:
            raise forms.ValidationError("Enter a month like 2026-10")
        return int(found[1]), int(found[2])

    def filter(self, timesheets):
        filters = getattr(self, "cleaned_data", {})
        if filters.get("direction") == INCOMING:
            timesheets = timesheets.filter(placement__host=self.borough)
        elif filters.get("direction") == OUTGOING:
            timesheets = timesheets.filter(placement__home=self.borough)
        if filters.get("status"):
            timesheets = timesheets.filter(status=filters["status"])
        if filters.get("month"):
            year, month = filters["month"]
            timesheets = timesheets.filter(week_starting__year=year, week_starting__month=month)
        return timesheets


def timesheets_visible_to(user: User):
    timesheets = Timesheet.objects.filter(placement__in=Placement.objects.visible_to(user))
    if user.is_coordinator:
        # A coordinator sees the weeks of placements hosted or lent in their regions.
        timesheets = timesheets.filter(user.coordinator_scope("placement__host", "placement__home"))
    return timesheets


def timesheets_csv(user: User, timesheets) -> StreamingHttpResponse:
    header = ["Week starting"]
    if not user.is_worker:
        header.append("Social worker")
    header += ["Host borough", "Home borough", "Days worked", "Status", "Submitted", "Signed off"]

    def row(timesheet: Timesheet) -> list[str]:
        placement = timesheet.placement
        cells = [date(timesheet.week_starting)]
        if not user.is_worker:
            cells.append(text(placement.worker))
        return [
            *cells,
            text(placement.host.name),
            text(placement.home.name),
            number(timesheet.days_worked),
            timesheet.get_status_display(),
            date(timesheet.submitted_at),
            date(timesheet.signed_off_at),
        ]

    rows = (row(t) for t in timesheets.iterator(chunk_size=500))
    return csv_response("timesheets", header, rows)


def timesheet_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = TimesheetFilterForm(request.GET or None, user=user)
    form.is_valid()
    timesheets = (
        form.filter(timesheets_visible_to(user))
        .select_related("placement__worker", "placement__host", "placement__home")
        .order_by("-week_starting", "placement__worker__full_name", "pk")
    )
    if wants_csv(request):
        return timesheets_csv(user, timesheets)
    page = Paginator(timesheets, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "money/timesheets/timesheet_list.html",
        {"form": form, "page": page, "days": days_shown},
    )
