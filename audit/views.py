"""The coordinators' audit log: every change, who made it and when, searchable."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.input_limits import DateWithin, years_from
from audit import registry
from audit.downloads import audit_log_csv
from audit.models import AuditEvent, AuditEventQuerySet
from config.csv_download import wants_csv
from config.forms import GovUKDateField

AUDIT_PER_PAGE = 50
# Long before the service: a date filter reaching further back is a typing mistake.
AUDIT_EARLIEST = datetime.date(2000, 1, 1)


def _object_type_choices() -> list[tuple[str, str]]:
    types = sorted((found.label, code) for code, found in registry.OBJECT_TYPES.items())
    return [("", "Any type"), *((code, label) for label, code in types)]


def _action_choices() -> list[tuple[str, str]]:
    return [("", "Any action"), *registry.ACTION_LABELS.items()]


class AuditFilterForm(forms.Form):
    """The audit log's filters. Every field is optional; GET, so no side effects."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Name or email address of who made the change, the reason or the action",
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )
    object_type = forms.ChoiceField(
        label="Type of record",
        choices=_object_type_choices,
        required=False,
        error_messages={"invalid_choice": "Select a type of record from the list"},
    )
    action = forms.ChoiceField(
        label="Action",
        choices=_action_choices,
        required=False,
        error_messages={"invalid_choice": "Select an action from the list"},
    )
    date_from = GovUKDateField(
        label="From date",
        required=False,
        help_text="Changes on or after this day, for example, 1 9 2026",
        validators=[
            DateWithin(
                "From date", earliest=AUDIT_EARLIEST, latest=lambda today: years_from(today, 1)
            )
        ],
    )
    date_to = GovUKDateField(
        label="To date",
        required=False,
        help_text="Changes on or before this day, for example, 1 9 2026",
        validators=[
            DateWithin(
                "To date", earliest=AUDIT_EARLIEST, latest=lambda today: years_from(today, 1)
            )
        ],
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return cleaned

    def filter(self, events: AuditEventQuerySet) -> AuditEventQuerySet:
        """Narrow the events by the valid filters; an invalid one is left out."""
        filters = getattr(self, "cleaned_data", {})
        if filters.get("object_type"):
            events = events.filter(object_type=filters["object_type"])
        if filters.get("action"):
            events = events.filter(action=filters["action"])
        if filters.get("date_from"):
            events = events.on_or_after(filters["date_from"])
        if filters.get("date_to"):
            events = events.on_or_before(filters["date_to"])
        if filters.get("q"):
            text = filters["q"].strip().lower()
            worded = [
                code for code, label in registry.ACTION_LABELS.items() if text in label.lower()
            ]
            events = events.search(filters["q"], actions=worded)
        return events


def _describe(event: AuditEvent) -> AuditEvent:
    """Add what the table shows; reversing a URL needs only the id, not the object."""
    found = registry.OBJECT_TYPES.get(event.object_type)
    label = found.label if found else event.object_type.capitalize()
    event.object_label = f"{label} {event.object_id}" if event.object_id else label
    has_page = bool(found and found.url_name and event.object_id)
    event.object_url = (
        reverse(found.url_name, args=[event.object_id]) if has_page and event.object_exists else ""
    )
    event.object_gone = bool(event.object_id) and not event.object_exists
    event.changed_labels = ", ".join(name.replace("_", " ") for name in event.changed_fields)
    return event


def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise Http404("No such page")
    form = AuditFilterForm(request.GET)
    form.is_valid()
    events = form.filter(
        AuditEvent.objects.seen_by(request.user)
        .select_related("actor")
        .with_object_exists()
        .order_by("-at", "-pk")
    )
    if wants_csv(request):
        return audit_log_csv(events, _describe)
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [_describe(event) for event in page.object_list]
    return render(request, "audit/audit_log.html", {"form": form, "page": page})
