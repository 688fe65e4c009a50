"""What happened and who was told: the coordinators' audit log and each person's notifications."""

import datetime

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.forms import DateInput
from accounts.input_limits import DateWithin, years_from
from accounts.models import User
from secondments.models import AuditEvent, AuditEventQuerySet, Notification

AUDIT_PER_PAGE = 50
NOTIFICATIONS_PER_PAGE = 25

# The action codes services.audit() writes, in the order of the workflow, as
# people say them. A code missing here is shown with its underscores as spaces.
ACTION_LABELS = {
    "request_created": "Help request created",
    "request_edited": "Help request changed",
    "request_published": "Help request published",
    "request_filled": "Help request filled",
    "request_closed": "Help request closed",
    "request_cancelled": "Help request cancelled",
    "request_expired": "Help request expired",
    "application_invited": "Worker invited",
    "application_interested": "Offer of help made",
    "application_selected": "Application selected",
    "application_declined": "Application declined",
    "application_released": "Worker released by home borough",
    "application_refused": "Release refused",
    "application_approved": "Application approved",
    "application_rejected": "Application rejected",
    "application_withdrawn": "Application withdrawn",
    "application_lapsed": "Application lapsed",
    "placement_confirmed": "Placement confirmed",
    "placement_cancelled": "Placement cancelled",
}

# object_type (the model name) -> (what people call it, the URL name of its page)
OBJECT_TYPES = {
    "helprequest": ("Help request", "request_detail"),
    "application": ("Application", "application_detail"),
    "placement": ("Placement", "placement_detail"),
}


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code) or code.replace("_", " ").capitalize()


# Long before the service: a date filter reaching further back is a typing mistake.
AUDIT_EARLIEST = datetime.date(2000, 1, 1)


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
        choices=[("", "Any type"), *((code, label) for code, (label, _) in OBJECT_TYPES.items())],
        required=False,
        error_messages={"invalid_choice": "Select a type of record from the list"},
    )
    action = forms.ChoiceField(
        label="Action",
        choices=[("", "Any action"), *ACTION_LABELS.items()],
        required=False,
        error_messages={"invalid_choice": "Select an action from the list"},
    )
    date_from = forms.DateField(
        label="From date",
        required=False,
        widget=DateInput(),
        help_text="Changes on or after this day",
        error_messages={"invalid": "From date must be a real date"},
        validators=[
            DateWithin(
                "From date", earliest=AUDIT_EARLIEST, latest=lambda today: years_from(today, 1)
            )
        ],
    )
    date_to = forms.DateField(
        label="To date",
        required=False,
        widget=DateInput(),
        help_text="Changes on or before this day",
        error_messages={"invalid": "To date must be a real date"},
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
            worded = [code for code, label in ACTION_LABELS.items() if text in label.lower()]
            events = events.search(filters["q"], actions=worded)
        return events


def _describe(event: AuditEvent) -> AuditEvent:
    """Add what the table shows; reversing a URL needs only the id, not the object."""
    label, url_name = OBJECT_TYPES.get(event.object_type, (event.object_type, None))
    event.action_label = action_label(event.action)
    event.object_label = f"{label} {event.object_id}"
    event.object_url = (
        reverse(url_name, args=[event.object_id]) if url_name and event.object_exists else ""
    )
    return event


def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise Http404("No such page")
    form = AuditFilterForm(request.GET)
    form.is_valid()
    events = form.filter(
        AuditEvent.objects.select_related("actor").with_object_exists().order_by("-at", "-pk")
    )
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [_describe(event) for event in page.object_list]
    return render(request, "secondments/audit_log.html", {"form": form, "page": page})


def _get_notification_for_user(user: User, pk: int) -> Notification:
    """Only the recipient knows a notification exists."""
    notification = Notification.objects.for_recipient(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def _safe_link(link: str) -> str:
    # Links are paths the services wrote; never send anyone off the service.
    return link if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None) else ""


def _back_to_list(request: HttpRequest) -> str:
    url = reverse("notifications")
    page = request.POST.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


def notifications(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.for_recipient(request.user).order_by("-created_at", "-pk")
    page = Paginator(rows, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    for notification in page.object_list:
        notification.safe_link = _safe_link(notification.link)
    return render(request, "secondments/notifications.html", {"page": page})


def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _get_notification_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    Notification.objects.filter(pk=notification.pk).mark_read()
    messages.success(request, f"Marked as read: {notification.title}")
    return redirect(_back_to_list(request))


def notifications_read_all(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    marked = Notification.objects.for_recipient(request.user).mark_read()
    if marked:
        messages.success(request, "All your notifications are marked as read")
    return redirect("notifications")
