"""Pages for a person's data rights (their copy, erasure) and the coordinators'
queue of erasure requests."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.input_limits import bound_text
from accounts.models import ERASURE_REASON_MAX, ErasureRequest, ErasureStatus, User
from audit.services import audit_record
from config.http import post_only
from home.privacy import erasure
from home.privacy.anonymise import placeholder_name
from home.privacy.export import personal_data_json
from home.privacy.retention import schedule

ACTIONS = {"personal_data_exported": "Downloaded a copy of their personal data"}


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why do you want your details removed? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_text(self.fields["reason"], "Your reason", ERASURE_REASON_MAX)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Why are you refusing this request?",
        help_text="The person sees this. Say when they could ask again, if they can.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are refusing the request"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_text(self.fields["reason"], "Reason", ERASURE_REASON_MAX)


def get_erasure_request_for_user(user: User, pk: int, *, write: bool = False) -> ErasureRequest:
    """Coordinators see the requests of people in their regions (national ones
    every request); anyone else is told there is no such page.

    Deciding one's own request is refused (403): another coordinator must.
    """
    if not user.is_coordinator:
        raise Http404("No such request")
    found = ErasureRequest.objects.select_related("person__borough", "decided_by").filter(
        user.coordinator_scope("person__borough"), pk=pk
    )
    request = found.first()
    if request is None:
        raise Http404("No such request")
    if write and request.person_id == user.pk:
        raise PermissionDenied("Another coordinator must decide your own request")
    return request


# --- The person's own pages ------------------------------------------------------


def my_data(request: HttpRequest) -> HttpResponse:
    person = request.user
    if request.method == "POST":
        audit_record(actor=person, action="personal_data_exported", obj=person)
        response = HttpResponse(
            personal_data_json(person), content_type="application/json; charset=utf-8"
        )
        filename = f"secondment-exchange-my-data-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {
        "pending": ErasureRequest.objects.pending().filter(person=person).first(),
        "last_decided": ErasureRequest.objects.filter(person=person)
        .exclude(status=ErasureStatus.PENDING)
        .order_by("-decided_at")
        .first(),
    }
    return render(request, "privacy/my_data.html", context)


def erasure_request_new(request: HttpRequest) -> HttpResponse:
    person = request.user
    pending = ErasureRequest.objects.pending().filter(person=person).first()
    form = ErasureRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and pending is None:
        if form.is_valid():
            try:
                erasure.erasure_request(person=person, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your request has been sent to the coordinators")
                return redirect("my_data")
        status = 400
    context = {
        "form": form,
        "pending": pending,
        "blocking_placement": erasure.placement_blocking_erasure(person),
        "lines": schedule(),
    }
    return render(request, "privacy/erasure_request.html", context, status=status)


# --- Coordinators ---------------------------------------------------------------------


def erasure_request_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise Http404("No such page")
    requests = ErasureRequest.objects.select_related("person__borough", "decided_by").filter(
        request.user.coordinator_scope("person__borough")
    )
    context = {
        "pending": list(requests.pending()),
        "decided": list(
            requests.exclude(status=ErasureStatus.PENDING).order_by("-decided_at", "-pk")[:20]
        ),
    }
    return render(request, "privacy/erasure_request_list.html", context)


def erasure_request_detail(
    request: HttpRequest,
    pk: int,
    *,
    refuse_form: RefuseForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    erasure_request = get_erasure_request_for_user(request.user, pk)
    context = {
        "erasure_request": erasure_request,
        "person": erasure_request.person,
        "blocking_placement": erasure.placement_blocking_erasure(erasure_request.person),
        "refuse_form": refuse_form or RefuseForm(),
        "action_error": error,
        "own": erasure_request.person_id == request.user.pk,
        "placeholder": placeholder_name(erasure_request.person),
    }
    return render(request, "privacy/erasure_request_detail.html", context, status=status)


def erasure_request_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    erasure_request = get_erasure_request_for_user(request.user, pk, write=True)
    if (answer := post_only(request, "erasure_request_detail", pk=pk)) is not None:
        return answer
    try:
        erasure.erasure_confirm(request=erasure_request, by=request.user)
    except ValidationError as problem:
        return erasure_request_detail(request, pk, error=problem.messages[0], status=409)
    messages.success(request, "Personal details removed")
    return redirect("erasure_request_list")


def erasure_request_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    erasure_request = get_erasure_request_for_user(request.user, pk, write=True)
    if (answer := post_only(request, "erasure_request_detail", pk=pk)) is not None:
        return answer
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return erasure_request_detail(request, pk, refuse_form=form, status=400)
    try:
        erasure.erasure_refuse(
            request=erasure_request, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as problem:
        return erasure_request_detail(request, pk, error=problem.messages[0], status=409)
    messages.success(request, "Request refused: the person has been told why")
    return redirect("erasure_request_list")
