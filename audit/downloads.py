"""The audit log as CSV (config/csv_download.py): every event the filters
find, not only one page, with the columns the page shows."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from audit.models import AuditEvent
from config.csv_download import csv_response, date, text

HEADER = [
    "When",
    "Who",
    "Action",
    "Record",
    "Record no longer exists",
    "From",
    "To",
    "Changed",
    "Reason",
]


def audit_log_csv(
    events: QuerySet[AuditEvent], describe: Callable[[AuditEvent], AuditEvent]
) -> StreamingHttpResponse:
    def row(event: AuditEvent) -> list[str]:
        event = describe(event)
        changed_state = event.from_state or event.to_state
        return [
            date(event.at),
            text(event.actor) if event.actor else "The service",
            text(event.action_label),
            text(event.object_label),
            "Yes" if event.object_gone else "",
            text(event.from_label) if changed_state else "",
            text(event.to_label) if changed_state else "",
            text(event.changed_labels),
            text(event.reason),
        ]

    return csv_response(
        "audit-log", HEADER, (row(event) for event in events.iterator(chunk_size=500))
    )
