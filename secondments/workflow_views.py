"""Pages for applications and placements: one page per object that says who
must act next, with the actions the signed-in person may take."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse

from accounts.access import can_see_person
from accounts.input_limits import too_long
from audit.models import AuditEvent
from config.http import post_only
from secondments import decisions, services, transitions
from secondments.access import (
    get_application_for_user,
    get_placement_for_user,
    get_request_for_user,
)
from secondments.forms import MessageForm, PlacementArrangementsForm, ReasonForm
from secondments.models import ApplicationStatus

# action name -> (service, success message). Who may take each action, from
# which states and whether it needs a reason are in secondments/transitions.py.
ACTIONS = {
    "accept": (services.application_accept, "You accepted the invitation"),
    "withdraw": (services.application_withdraw, "You withdrew your offer of help"),
    "select": (
        services.application_select,
        "Selected: their home manager is asked to release them",
    ),
    "decline": (services.application_decline, "Offer declined"),
    "release": (services.application_release, "Released: a coordinator is asked to approve"),
    "refuse": (services.application_refuse, "Release refused"),
    "approve": (services.application_approve, "Approved: the placement is confirmed"),
    "reject": (services.application_reject, "Placement rejected"),
}


class VolunteerForm(forms.Form):
    note = forms.CharField(
        label="Note to the host manager (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say briefly why you are a good fit, for example your experience of similar work",
        max_length=2000,
        error_messages={"max_length": too_long("Note", 2000)},
    )


def volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for_user(request.user, pk)
    if not request.user.is_worker:
        raise PermissionDenied("Only social workers can offer to help")
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_volunteer(
                help_request=help_request, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, "You offered to help. The host borough's manager will decide."
            )
            return redirect(application)
    status = 409 if form.non_field_errors() else 200
    return render(
        request,
        "secondments/volunteer.html",
        {"form": form, "help_request": help_request},
        status=status,
    )


def application_detail(
    request: HttpRequest,
    pk: int,
    *,
    error: str = "",
    reason_form=None,
    message_form=None,
    status: int = 200,
) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    history = AuditEvent.objects.about(application).select_related("actor")
    actions = transitions.allowed_actions(application, request.user)
    decisions.load([application], details=True)
    viewer_is_worker = application.worker_id == request.user.pk
    thread = application.messages.select_related("author__borough")
    return render(
        request,
        "secondments/application_detail.html",
        {
            "application": application,
            "help_request": application.help_request,
            "actions": actions,
            "facts": decisions.facts_for(application, details=True),
            "viewer_is_worker": viewer_is_worker,
            # The decisions that take the worker's time: warnings first.
            "deciding": next((a for a in actions if a in decisions.DECIDING_ACTIONS), None),
            "show_contact": not viewer_is_worker and application.selected_at is not None,
            "show_profile_link": not viewer_is_worker
            and can_see_person(request.user, application.worker),
            "reason_form": reason_form or ReasonForm(required=False),
            "history": history,
            "thread": thread,
            "message_form": message_form or MessageForm(),
            "action_error": error,
            "placement": getattr(application, "placement", None)
            if application.status == ApplicationStatus.APPROVED
            else None,
        },
        status=status,
    )


def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404("No such action")
    if (answer := post_only(request, application)) is not None:
        return answer
    service, done = ACTIONS[action]
    needs_reason = transitions.TRANSITIONS[action].needs_reason
    form = ReasonForm(request.POST, required=needs_reason)
    if not form.is_valid():
        return application_detail(request, pk, reason_form=form, status=400)
    kwargs = {"application": application, "by": request.user}
    if needs_reason or action == "withdraw":
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        result = service(**kwargs)
    except services.PlacementConflict as conflict:
        return application_detail(request, pk, error=conflict.messages[0], status=409)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for messages_ in error.message_dict.values():
                form.add_error("reason", messages_)
            return application_detail(request, pk, reason_form=form, status=400)
        return application_detail(request, pk, error=error.messages[0], status=409)
    if action == "select" and result.status == ApplicationStatus.RELEASED:
        # Released in advance (a crisis call's agreed offer): no release to wait for.
        done = "Selected: already released by their home borough, a coordinator is asked to approve"
    messages.success(request, done)
    return redirect(result if action == "approve" else application)


class CancelPlacementForm(ReasonForm):
    pass


def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_user(request.user, pk)
    # A TemplateResponse, so that home/placement_page.py can add the money side.
    return TemplateResponse(
        request,
        "secondments/placement_detail.html",
        {
            "placement": placement,
            "can_cancel": placement.can_be_cancelled_by(request.user)
            and placement.status in ("confirmed", "active"),
            "can_change_first_day": placement.is_booked
            and placement.arrangements_can_be_changed_by(request.user),
            "history": AuditEvent.objects.about(placement).select_related("actor"),
        },
    )


def placement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_user(request.user, pk)
    if not placement.can_be_cancelled_by(request.user):
        raise PermissionDenied("Only the host or home managers or a coordinator can cancel")
    form = CancelPlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_cancel(
                placement=placement, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Placement cancelled. Everyone involved has been told.")
            return redirect(placement)
    return render(
        request, "secondments/placement_cancel.html", {"form": form, "placement": placement}
    )


def placement_arrangements(request: HttpRequest, pk: int) -> HttpResponse:
    """The host's form for the first-day details shown on the placement page."""
    placement = get_placement_for_user(request.user, pk)
    if not placement.arrangements_can_be_changed_by(request.user):
        raise PermissionDenied(
            "Only the host borough's managers or a coordinator can change the first-day details"
        )
    form = PlacementArrangementsForm(request.POST or None, placement=placement)
    if not placement.is_booked:
        form.add_error(
            None,
            f"This placement is {placement.get_status_display().lower()}: "
            "its first-day details can no longer be changed",
        )
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.placement_arrangements_update(
                placement=placement, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if saved.updated_at == placement.updated_at:
                messages.info(request, "Nothing was changed")
            else:
                messages.success(
                    request, f"First-day details saved. {placement.worker} has been told."
                )
            return redirect(placement)
    return render(
        request,
        "secondments/placement_arrangements.html",
        {"form": form, "placement": placement},
        status=409 if form.non_field_errors() else 200,
    )


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)
