"""The agreement pages: the list, proposing, one agreement with the steps the
person may take, and each step (accept, amend, decline, withdraw, end)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import MAX_AGREEMENT_DAY_RATE, Agreement, AgreementStatus
from config.http import post_only
from money.agreements import services
from money.agreements.access import agreements_visible_to, get_agreement_for_user
from money.agreements.forms import (
    AgreementFilterForm,
    AgreementTermsForm,
    DeclineForm,
    EndForm,
    ProposeForm,
    RecordForm,
    add_service_errors,
)


def _group(agreement: Agreement, borough_id: int | None, today) -> str:
    if agreement.status == AgreementStatus.PROPOSED:
        return "theirs" if agreement.proposed_by_id == borough_id else "waiting"
    if agreement.status == AgreementStatus.ACCEPTED and (
        agreement.ends_on is None or agreement.ends_on >= today
    ):
        return "in_force"
    return "finished"


def agreement_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_coordinator or user.is_manager):
        raise Http404("No such page")
    today = timezone.localdate()
    agreements = agreements_visible_to(user).select_related("borough_a", "borough_b", "proposed_by")
    filters = None
    if user.is_coordinator:
        filters = AgreementFilterForm(request.GET or None)
        if filters.is_valid():
            borough, status = filters.cleaned_data["borough"], filters.cleaned_data["status"]
            if borough is not None:
                agreements = agreements.involving(borough)
            if status == "in_force":
                agreements = agreements.in_force_or_ahead(today)
            elif status == "ended":
                agreements = agreements.accepted().filter(ends_on__lt=today)
            elif status:
                agreements = agreements.filter(status=status)
    groups: dict[str, list[Agreement]] = {
        "waiting": [],
        "theirs": [],
        "in_force": [],
        "finished": [],
    }
    for agreement in agreements.order_by("-proposed_at", "-starts_on", "pk"):
        groups[_group(agreement, user.borough_id, today)].append(agreement)
    return render(
        request,
        "money/agreements/agreement_list.html",
        {"groups": groups, "filters": filters, "today": today},
    )


def agreement_propose(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_manager or user.borough is None:
        raise Http404("No such page")
    form = ProposeForm(request.POST or None, own=user.borough)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_propose(
                from_borough=user.borough,
                to_borough=form.cleaned_data["other_borough"],
                by=user,
                **form.terms(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Agreement proposed. {agreement.other(user.borough)} will be told."
            )
            return redirect(agreement)
    return render(
        request,
        "money/agreements/agreement_form.html",
        {"form": form, "agreement": None, "max_day_rate": MAX_AGREEMENT_DAY_RATE},
        status=400 if form.errors else 200,
    )


def agreement_record(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise Http404("No such page")
    form = RecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_record(
                borough_a=form.cleaned_data["borough_a"],
                borough_b=form.cleaned_data["borough_b"],
                by=request.user,
                **form.terms(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Agreement recorded")
            return redirect(agreement)
    return render(
        request,
        "money/agreements/agreement_form.html",
        {"form": form, "agreement": None, "max_day_rate": MAX_AGREEMENT_DAY_RATE},
        status=400 if form.errors else 200,
    )


def agreement_detail(
    request: HttpRequest,
    pk: int,
    *,
    decline_form: DeclineForm | None = None,
    end_form: EndForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    user, today = request.user, timezone.localdate()
    earliest_end = max(services.earliest_end(user, today), agreement.starts_on)
    return render(
        request,
        "money/agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "history": AuditEvent.objects.about(agreement).select_related("actor"),
            "can_answer": agreement.can_be_answered_by(user),
            "can_withdraw": agreement.can_be_withdrawn_by(user),
            "can_end": agreement.can_be_ended_by(user, today),
            "decline_form": decline_form or DeclineForm(),
            "end_form": end_form or EndForm(earliest=earliest_end),
            "notice_days": services.NOTICE_DAYS,
            "today": today,
            "action_error": error,
        },
        status=status,
    )


def agreement_amend(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    if not agreement.can_be_answered_by(request.user):
        if agreement.status != AgreementStatus.PROPOSED:
            return agreement_detail(
                request, pk, error="This agreement is no longer waiting for an answer", status=409
            )
        return agreement_detail(
            request, pk, error="The other borough has still to answer your terms", status=403
        )
    form = AgreementTermsForm(
        request.POST or None, initial=AgreementTermsForm.initial_from(agreement)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_amend(agreement=agreement, by=request.user, **form.terms())
        except services.AgreementConflict as conflict:
            return agreement_detail(request, pk, error=conflict.messages[0], status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Amended terms sent")
            return redirect(agreement)
    return render(
        request,
        "money/agreements/agreement_form.html",
        {"form": form, "agreement": agreement, "max_day_rate": MAX_AGREEMENT_DAY_RATE},
        status=400 if form.errors else 200,
    )


def _step(request: HttpRequest, pk: int, run, done: str) -> HttpResponse:
    """A POST-only step with nothing to fill in (accept, withdraw)."""
    agreement = get_agreement_for_user(request.user, pk, write=True)
    if (answer := post_only(request, agreement)) is not None:
        return answer
    try:
        run(agreement=agreement, by=request.user)
    except ValidationError as error:
        return agreement_detail(request, pk, error=error.messages[0], status=409)
    messages.success(request, done)
    return redirect(agreement)


def agreement_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.agreement_accept, "Agreement accepted")


def agreement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.agreement_withdraw, "Proposal withdrawn")


def agreement_decline(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    if (answer := post_only(request, agreement)) is not None:
        return answer
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return agreement_detail(request, pk, decline_form=form, status=400)
    try:
        services.agreement_decline(
            agreement=agreement, reason=form.cleaned_data["reason"], by=request.user
        )
    except services.AgreementConflict as conflict:
        return agreement_detail(request, pk, error=conflict.messages[0], status=409)
    except ValidationError as error:
        add_service_errors(form, error)
        return agreement_detail(request, pk, decline_form=form, status=400)
    messages.success(request, "Agreement declined")
    return redirect(agreement)


def agreement_end(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    if (answer := post_only(request, agreement)) is not None:
        return answer
    earliest = max(services.earliest_end(request.user), agreement.starts_on)
    form = EndForm(request.POST, earliest=earliest)
    if not form.is_valid():
        return agreement_detail(request, pk, end_form=form, status=400)
    try:
        services.agreement_end(
            agreement=agreement,
            ends_on=form.cleaned_data["ends_on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except services.AgreementConflict as conflict:
        return agreement_detail(request, pk, error=conflict.messages[0], status=409)
    except ValidationError as error:
        add_service_errors(form, error)
        return agreement_detail(request, pk, end_form=form, status=400)
    messages.success(request, "Agreement ended")
    return redirect(agreement)
