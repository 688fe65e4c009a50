"""A newly qualified worker's supervision record on their placement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learning.models import SupervisionSession
from learning.supervision.access import can_record_supervision, get_supervised_placement_for_user
from learning.supervision.forms import SupervisionSessionForm
from learning.supervision.reminders import supervision_due_on
from learning.supervision.services import supervision_record


def placement_supervision(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_supervised_placement_for_user(request.user, pk, write=request.method == "POST")
    can_record = can_record_supervision(request.user, placement)
    form = SupervisionSessionForm(request.POST or None) if can_record else None
    if request.method == "POST" and form.is_valid():
        try:
            supervision_record(placement=placement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Supervision session recorded")
            return redirect("placement_supervision", placement.pk)
    sessions = list(SupervisionSession.objects.of(placement).select_related("recorded_by"))
    return render(
        request,
        "learning/supervision/placement_supervision.html",
        {
            "placement": placement,
            "help_request": placement.help_request,
            "sessions": sessions,
            "form": form,
            "due_on": supervision_due_on(placement, sessions[0].held_on if sessions else None)
            if placement.status == "active"
            else None,
        },
    )
