"""Each person's notifications: the notification centre, how they hear about
things (email and text message per event type, their mobile number), and the
unsubscribe link in every email."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.phone_numbers import UK_MOBILE_ERROR, UK_PHONE_MAX, normalise_uk_mobile
from config.http import post_only
from notifications import services
from notifications.events import event_type, event_types_for
from notifications.models import Notification
from notifications.preferences import Choice, preferences_for, read_unsubscribe_token


class MobileNumberForm(forms.Form):
    phone_number = forms.CharField(
        label="Mobile number for text messages (optional)",
        help_text="A UK mobile number, like 07700 900 982. We only use it for the text messages you choose. Leave it empty to get none.",
        required=False,
        max_length=UK_PHONE_MAX,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "data-width": "20"}),
        error_messages={"max_length": UK_MOBILE_ERROR},
    )

    def clean_phone_number(self) -> str:
        value = self.cleaned_data["phone_number"].strip()
        return normalise_uk_mobile(value) if value else ""


def notification_preferences(request: HttpRequest) -> HttpResponse:
    person = request.user
    # Text messages are offered once there is a number to send them to.
    offer_sms = bool(person.phone_number)
    events = event_types_for(person)
    choices = preferences_for(person)
    form = MobileNumberForm(
        request.POST if request.method == "POST" else None,
        initial={"phone_number": person.phone_number},
    )
    if request.method == "POST":
        posted = {
            event.name: Choice(
                email=f"email-{event.name}" in request.POST,
                sms=f"sms-{event.name}" in request.POST if offer_sms else choices[event.name].sms,
            )
            for event in events
        }
        if form.is_valid():
            services.notification_preferences_update(
                person=person, choices=posted, phone_number=form.cleaned_data["phone_number"]
            )
            messages.success(request, "Your notification settings have been saved")
            return redirect("notification_preferences")
        choices |= posted
    rows = [
        {"event": event, "email": choices[event.name].email, "sms": choices[event.name].sms}
        for event in events
    ]
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "rows": rows,
            "offer_sms": offer_sms,
            "texts_switched_on": bool(settings.GOVUK_NOTIFY_API_KEY),
        },
    )


@login_not_required
@csrf_exempt  # mail clients POST here (RFC 8058 one-click); the signed token is the secret
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners open links); POST turns the emails off."""
    found = read_unsubscribe_token(token)
    person = User.objects.filter(pk=found[0]).first() if found else None
    if person is None:
        raise Http404("This unsubscribe link is not valid")
    kind = event_type(found[1])
    done = False
    if request.method == "POST":
        services.notification_unsubscribe(person=person, event=kind.name)
        done = True
    response = render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})
    response["X-Robots-Tag"] = "noindex"
    return response


NOTIFICATIONS_PER_PAGE = 25


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
    return render(request, "notifications/centre.html", {"page": page})


@require_http_methods(["GET"])
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way.

    A GET that writes, on purpose: it only marks the reader's own notification
    read, and doing so twice changes nothing, so a prefetch or a reload is harmless.
    """
    notification = _get_notification_for_user(request.user, pk)
    Notification.objects.filter(pk=notification.pk).mark_read()
    return redirect(_safe_link(notification.link) or "notifications")


def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _get_notification_for_user(request.user, pk)
    if (answer := post_only(request, "notifications")) is not None:
        return answer
    Notification.objects.filter(pk=notification.pk).mark_read()
    messages.success(request, f"Marked as read: {notification.title}")
    return redirect(_back_to_list(request))


def notifications_read_all(request: HttpRequest) -> HttpResponse:
    if (answer := post_only(request, "notifications")) is not None:
        return answer
    marked = Notification.objects.for_recipient(request.user).mark_read()
    if marked:
        messages.success(request, "All your notifications are marked as read")
    return redirect("notifications")
