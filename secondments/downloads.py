"""The help request and placement lists as CSV (config/csv_download.py): the
rows the page shows, every page of them, under the same filters, with the
page's columns plainly named. Each query runs once, however many rows."""

from collections.abc import Iterable

from django.http import StreamingHttpResponse

from config.csv_download import csv_response, date, number, text
from secondments.models import HelpRequest, Placement

CHUNK = 500


def _rows(queryset) -> Iterable:
    # Prefetches need a chunk size to run once per chunk, not once per row.
    return queryset.iterator(chunk_size=CHUNK)


def placements_csv(placements: Iterable[Placement]) -> StreamingHttpResponse:
    """A manager's or coordinator's placement list (secondments.lists.placement_list)."""
    header = ["Social worker", "Host borough", "Home borough", "Start date", "End date", "Status"]
    rows = (
        [
            text(placement.worker),
            text(placement.host.name),
            text(placement.home.name),
            date(placement.starts_on),
            date(placement.ends_on),
            placement.get_status_display(),
        ]
        for placement in _rows(placements)
    )
    return csv_response("placements", header, rows)


def my_placements_csv(placements: Iterable[Placement]) -> StreamingHttpResponse:
    """A social worker's own placements: no money, as on their page."""
    header = ["Host borough", "Start date", "End date", "Days a week", "Status"]
    rows = (
        [
            text(placement.host.name),
            date(placement.starts_on),
            date(placement.ends_on),
            number(placement.days_per_week),
            placement.get_status_display(),
        ]
        for placement in _rows(placements)
    )
    return csv_response("my-placements", header, rows)


def requests_csv(requests: Iterable[HelpRequest], *, for_worker: bool) -> StreamingHttpResponse:
    """The open help requests (secondments.browse.request_list)."""
    header = [
        "Help request",
        "Host borough",
        "Start date",
        "End date",
        "Days a week",
        "Job level",
        "Urgency",
        "Places",
        "Places filled",
        "Suitable for newly qualified",
    ]
    if for_worker:
        header.append("Your application")

    def row(help_request: HelpRequest) -> list[str]:
        cells = [
            text(help_request.title),
            text(help_request.borough.name),
            date(help_request.starts_on),
            date(help_request.ends_on),
            number(help_request.days_per_week),
            help_request.get_job_level_display(),
            help_request.get_urgency_display(),
            number(help_request.places),
            number(help_request.places_filled),
            "Yes" if help_request.newly_qualified_suitable else "No",
        ]
        if for_worker:
            status = help_request.my_application_status
            cells.append("Invited" if status == "invited" else "Applied" if status else "")
        return cells

    return csv_response("help-requests", header, (row(r) for r in _rows(requests)))


def our_requests_csv(requests: Iterable[HelpRequest], next_actions) -> StreamingHttpResponse:
    """A borough's own help requests (secondments.our_requests.our_requests)."""
    header = [
        "Help request",
        "Status",
        "Next action",
        "Places",
        "Places filled",
        "Waiting for your decision",
        "Waiting for release",
        "Waiting for approval",
        "Start date",
        "End date",
        "Published",
    ]
    rows = (
        [
            text(help_request.title),
            help_request.get_status_display(),
            text("; ".join(next_actions(help_request))),
            number(help_request.places),
            number(help_request.places_filled),
            number(help_request.interested_count),
            number(help_request.selected_count),
            number(help_request.released_count),
            date(help_request.starts_on),
            date(help_request.ends_on),
            date(help_request.published_at),
        ]
        for help_request in _rows(requests)
    )
    return csv_response("our-help-requests", header, rows)
