"""The statements list as CSV (config/csv_download.py): the same pairs and
months, under the same borough and month filters, with the page's columns.
Only managers and coordinators reach the list, so the totals are theirs to see."""

from collections.abc import Iterable

from django.http import StreamingHttpResponse

from accounts.models import User
from config.csv_download import csv_response, number, text
from money.statements.listing import Row


def statements_csv(user: User, rows: Iterable[Row]) -> StreamingHttpResponse:
    header = ["Month", "From", "To"]
    if not user.is_coordinator:
        header.append("Direction")
    header += ["Status", "Reference", "Total (£)"]

    def row(statement: Row) -> list[str]:
        cells = [
            f"{statement.month:%Y-%m}",
            text(statement.issuer.name),
            text(statement.billed.name),
        ]
        if not user.is_coordinator:
            cells.append(
                f"We charge {statement.billed.name}"
                if statement.issuer.pk == user.borough_id
                else f"We are charged by {statement.issuer.name}"
            )
        return [*cells, statement.status, text(statement.reference), number(statement.total)]

    return csv_response("statements", header, (row(r) for r in rows))
