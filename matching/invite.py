"""Inviting a social worker to a request: chosen from the people the request
already knows (its ranked matches, and whoever has applied or been invited),
never by typing an email address. A typed address would tell a manager
whether that person has an account; a list of the request's own candidates
tells them nothing new.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.input_limits import NAME_MAX, too_long
from accounts.models import User, UserQuerySet
from matching.models import Match
from secondments import services
from secondments.access import get_request_for_user
from secondments.models import HelpRequest

CANDIDATES_LISTED = 50
# The same words whatever was sent: nobody learns from them who has an account.
NOT_A_CANDIDATE = "Choose a social worker from the list"


def invitable_workers(help_request: HelpRequest) -> UserQuerySet:
    """The request's matches and the people who have applied or been invited, best match first."""
    score = Match.objects.filter(help_request=help_request, worker=OuterRef("pk")).values("score")
    return (
        User.objects.workers()
        .filter(
            Q(pk__in=Match.objects.filter(help_request=help_request).values("worker"))
            | Q(pk__in=help_request.applications.values("worker"))
        )
        .annotate(match_score=Subquery(score[:1]))
        .select_related("borough")
        .order_by(F("match_score").desc(nulls_last=True), "full_name", "pk")
    )


class InviteForm(forms.Form):
    worker = forms.ModelChoiceField(
        queryset=User.objects.none(),
        error_messages={"required": NOT_A_CANDIDATE, "invalid_choice": NOT_A_CANDIDATE},
    )

    def __init__(self, *args, help_request: HelpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = invitable_workers(help_request)


class CandidateSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name",
        required=False,
        max_length=NAME_MAX,
        error_messages={"max_length": too_long("Name", NAME_MAX)},
    )


def _label(worker: User) -> str:
    borough = f", {worker.borough}" if worker.borough_id else ""
    return f"{worker.full_name or worker.email}{borough}"


def request_invite(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for_user(request.user, pk, write=True)
    form = InviteForm(request.POST if request.method == "POST" else None, help_request=help_request)
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data["worker"]
        try:
            application = services.application_invite(
                help_request=help_request, worker=worker, by=request.user
            )
        except ValidationError as error:
            form.add_error("worker", error.messages)
        else:
            messages.success(
                request, f"{worker} has been invited and will see it in their notifications"
            )
            return redirect(application)
    search = CandidateSearchForm(request.GET)
    candidates = invitable_workers(help_request)
    if search.is_valid() and search.cleaned_data["q"]:
        candidates = candidates.filter(full_name__icontains=search.cleaned_data["q"].strip())
    listed = list(candidates[: CANDIDATES_LISTED + 1])
    chosen = str(form["worker"].value() or "")
    items = [
        {
            "value": str(worker.pk),
            "text": _label(worker),
            "hint": {
                "text": f"Match score {worker.match_score}"
                if worker.match_score is not None
                else "Applied or invited before"
            },
            "checked": chosen == str(worker.pk),
        }
        for worker in listed[:CANDIDATES_LISTED]
    ]
    return render(
        request,
        "secondments/invite.html",
        {
            "form": form,
            "search": search,
            "help_request": help_request,
            "items": items,
            "more": len(listed) > CANDIDATES_LISTED,
            "listed": CANDIDATES_LISTED,
        },
    )
