"""CSV downloads of lists and reports: one way to write them, used by every app.

A list page offers its rows as CSV at the same URL with `format=csv` added to
its query string, so the download carries the filters the person chose
(`csv_url`). Cells people typed are guarded against spreadsheet formulas
(`text`), numbers are written plainly (`number`), and large lists stream.
"""

import csv
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpRequest, StreamingHttpResponse

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def csv_url(request: HttpRequest) -> str:
    """This page's URL with its filters, asking for CSV."""
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return f"{request.path}?{query.urlencode()}"


def text(value: object) -> str:
    """Text people typed, kept as text by a spreadsheet: a leading quote stops
    "=HYPERLINK(...)" being run when someone opens the file."""
    shown = "" if value is None else str(value)
    return f"'{shown}" if shown.startswith(FORMULA_STARTS) else shown


def number(value: Decimal | int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def date(value: datetime.date | None) -> str:
    """ISO 8601 dates and times (UTC for times), which spreadsheets read."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """Stream `rows` under `header` as an attachment named `filename` (no
    extension needed). Cells must already be strings from the helpers above."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stem = filename.removesuffix(".csv")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response
