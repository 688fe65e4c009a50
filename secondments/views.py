from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from audit.models import AuditEvent
from boroughs.models import Agreement, Borough
from config.http import post_only
from secondments import services
from secondments.access import get_request_for_user
from secondments.forms import HelpRequestForm, ReasonForm
from secondments.newly_qualified import not_suitable_for


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _agreements_of(borough: Borough) -> list[Agreement]:
    """Shown beside a request's funding: the funding that follows the agreement
    with the worker's home borough, whatever the request offers."""
    return list(
        Agreement.objects.involving(borough)
        .in_force_or_ahead(timezone.localdate())
        .select_related("borough_a", "borough_b")
        .order_by("starts_on", "pk")
    )


def request_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_manager:
        raise PermissionDenied("Only borough managers can ask for help")
    form = HelpRequestForm(request.POST or None, borough=user.borough)
    if request.method == "POST" and form.is_valid():
        try:
            help_request = services.help_request_create(
                by=user,
                data=form.cleaned_data,
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                format_html(
                    "Draft saved. Check it, then publish it so others can see it. Find it again"
                    ' in <a class="govuk-notification-banner__link" href="{}">your borough\'s'
                    " help requests</a>.",
                    reverse("our_requests"),
                ),
            )
            return redirect(help_request)
    return render(
        request,
        "secondments/request_form.html",
        {"form": form, "agreements": _agreements_of(user.borough)},
    )


def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for_user(request.user, pk, write=True)
    form = HelpRequestForm(
        request.POST or None, instance=help_request, borough=help_request.borough
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.help_request_update(
                help_request=help_request, by=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Help request saved")
            return redirect(help_request)
    return render(
        request,
        "secondments/request_form.html",
        {
            "form": form,
            "help_request": help_request,
            "agreements": _agreements_of(help_request.borough),
        },
    )


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for_user(request.user, pk)
    user = request.user
    is_host = help_request.can_be_changed_by(user)
    history = applicants = None
    if is_host or user.coordinates(help_request.borough):
        history = AuditEvent.objects.about(help_request).select_related("actor")
        applicants = help_request.applications.select_related(
            "worker__borough", "worker__worker_profile"
        )
    elif user.is_coordinator:
        # Another region's coordinator: only their own regions' workers, as a home manager.
        applicants = help_request.applications.filter(
            user.coordinator_scope("worker__borough")
        ).select_related("worker__borough", "worker__worker_profile")
    elif user.is_manager:
        # The home manager sees their own staff's applications, and no one else's.
        applicants = help_request.applications.filter(
            worker__borough_id=user.borough_id
        ).select_related("worker__borough", "worker__worker_profile")
    own_application = (
        help_request.applications.filter(worker=user).select_related("worker__borough").first()
        if user.is_worker
        else None
    )
    return render(
        request,
        "secondments/request_detail.html",
        {
            "help_request": help_request,
            "specialisms": help_request.specialisms.all(),
            "is_host": is_host,
            "can_cancel": help_request.can_be_cancelled_by(user) and not help_request.is_final,
            "history": history,
            "applicants": applicants,
            "own_application": own_application,
            "not_suitable_for_you": not_suitable_for(user, help_request)
            if user.is_worker and help_request.is_open and own_application is None
            else "",
            "can_volunteer": user.is_worker
            and help_request.is_open
            and own_application is None
            and user.borough_id != help_request.borough_id,
        },
    )


def request_publish(request: HttpRequest, pk: int) -> HttpResponse:
    # Access first, so others learn nothing from a 405 about a draft's existence.
    help_request = get_request_for_user(request.user, pk, write=True)
    if (answer := post_only(request, help_request)) is not None:
        return answer
    try:
        services.help_request_publish(help_request=help_request, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Your help request is published: social workers can now find it")
    return redirect(help_request)


def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for_user(request.user, pk, write=True)
    return _end_request(request, help_request, services.help_request_close, closing=True)


def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for_user(request.user, pk)
    if not help_request.can_be_cancelled_by(request.user):
        raise PermissionDenied("Only the host borough's managers or a coordinator can cancel this")
    return _end_request(request, help_request, services.help_request_cancel, closing=False)


def _end_request(request, help_request, service, *, closing: bool) -> HttpResponse:
    form = ReasonForm(request.POST or None, required=not closing)
    if request.method == "POST" and form.is_valid():
        try:
            service(help_request=help_request, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, "Help request closed" if closing else "Help request cancelled"
            )
            return redirect(help_request)
    return render(
        request,
        "secondments/request_end.html",
        {"form": form, "help_request": help_request, "closing": closing},
    )
