"""Crisis call pages: the list, raising a call, the board, answering, the
worker's agreement, closing."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from config.http import post_only
from pressure.crisis import services
from pressure.crisis.access import get_ask_for_user, get_call_for_user, get_offer_for_user
from pressure.crisis.forms import OfferForm, RaiseForm, ReasonForm
from pressure.models import CrisisAsk, CrisisCall, CrisisOffer, OfferStatus
from secondments.models import ApplicationStatus

PER_PAGE = 20


def _add_errors(form: Form, error: ValidationError) -> None:
    problems = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error)]
    for field, messages_ in problems:
        form.add_error(field if field in form.fields else None, messages_)


def crisis_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    calls = (
        CrisisCall.objects.visible_to(user)
        .with_answer_counts()
        .select_related("borough", "help_request")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(calls, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "pressure/crisis/crisis_list.html",
        {"page": page, "can_raise": user.is_coordinator or (user.is_manager and user.borough_id)},
    )


def crisis_raise(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_coordinator or (user.is_manager and user.borough_id)):
        raise PermissionDenied("Only borough managers and coordinators raise crisis calls")
    form = RaiseForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            borough = form.cleaned_data.get("borough") or user.borough
            try:
                call = services.crisis_call_raise(
                    borough=borough,
                    people_needed=form.cleaned_data["people_needed"],
                    data=form.request_terms(),
                    by=user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Crisis call raised: the first boroughs have been asked")
                return redirect(call)
        status = 400
    return render(
        request,
        "pressure/crisis/crisis_raise.html",
        {"form": form, "widen_days": settings.CRISIS_WIDEN_AFTER_WORKING_DAYS},
        status=status,
    )


def _board_asks(call: CrisisCall) -> list[CrisisAsk]:
    offers = CrisisOffer.objects.select_related("worker", "application").order_by("created_at")
    return list(
        call.asks.select_related("borough", "answered_by").prefetch_related(
            Prefetch("offers", queryset=offers)
        )
    )


def crisis_board(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    user = request.user
    asks = _board_asks(call)
    agreed = [(o, a) for a in asks for o in a.offers.all() if o.status == OfferStatus.AGREED]
    mine = next((a for a in asks if user.is_manager and a.borough_id == user.borough_id), None)
    return render(
        request,
        "pressure/crisis/crisis_board.html",
        {
            "call": call,
            "asks": asks,
            "asked_count": sum(1 for a in asks if a.is_asked),
            "answered_count": sum(1 for a in asks if a.answered_at),
            "agreed": agreed,
            "is_host": user.manages(call.borough),
            # Offered workers are candidates: named to the caller, coordinators
            # and their own borough only (DESIGN.md); other asked boroughs see
            # that an offer was made and how it stands.
            "names_all_offers": user.coordinates(call.borough) or user.manages(call.borough),
            "can_close": call.can_be_changed_by(user) and not call.is_closed,
            "my_ask": mine if mine is not None and mine.is_asked else None,
            "selectable": ApplicationStatus.INTERESTED,
            "close_form": ReasonForm(label="Why are you closing the call? (optional)"),
        },
    )


def _answer_page(request, ask: CrisisAsk, *, offer_form=None, decline_form=None, status=200):
    decline_form = decline_form or ReasonForm(
        label="Why can your borough not offer anyone?"
        if ask.needs_reason_to_decline
        else "Why can your borough not offer anyone? (optional)",
    )
    return render(
        request,
        "pressure/crisis/crisis_answer.html",
        {
            "ask": ask,
            "call": ask.call,
            "offer_form": offer_form or OfferForm(borough=ask.borough),
            "decline_form": decline_form,
            "error": "",
        },
        status=status,
    )


def _already_answered(request, ask: CrisisAsk, error: ValidationError) -> HttpResponse:
    return render(
        request,
        "pressure/crisis/crisis_answer.html",
        {"ask": ask, "call": ask.call, "error": error.messages[0]},
        status=409,
    )


def crisis_answer(request: HttpRequest, pk: int) -> HttpResponse:
    ask = get_ask_for_user(request.user, pk)
    if not ask.is_waiting or ask.call.is_closed:
        return redirect(ask.call)
    return _answer_page(request, ask)


def crisis_offer_make(request: HttpRequest, pk: int) -> HttpResponse:
    ask = get_ask_for_user(request.user, pk)
    if (answer := post_only(request, "crisis_answer", pk=pk)) is not None:
        return answer
    form = OfferForm(request.POST, borough=ask.borough)
    if not form.is_valid():
        return _answer_page(request, ask, offer_form=form, status=400)
    try:
        services.crisis_offer_make(
            ask=ask,
            worker=form.cleaned_data["worker"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return _already_answered(request, ask, error)
        _add_errors(form, error)
        return _answer_page(request, ask, offer_form=form, status=400)
    messages.success(
        request, f"{form.cleaned_data['worker']} is offered: we have asked them to agree"
    )
    return redirect(ask.call)


def crisis_decline(request: HttpRequest, pk: int) -> HttpResponse:
    ask = get_ask_for_user(request.user, pk)
    if (answer := post_only(request, "crisis_answer", pk=pk)) is not None:
        return answer
    form = ReasonForm(request.POST, required=ask.needs_reason_to_decline)
    if not form.is_valid():
        return _answer_page(request, ask, decline_form=form, status=400)
    try:
        services.crisis_ask_decline(ask=ask, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return _already_answered(request, ask, error)
        _add_errors(form, error)
        return _answer_page(request, ask, decline_form=form, status=400)
    messages.success(request, f"You declined {ask.call.borough}'s crisis call")
    return redirect(ask.call)


def crisis_close(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk, write=True)
    if (answer := post_only(request, call)) is not None:
        return answer
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.crisis_call_close(
                call=call, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(call)
        messages.success(request, "Crisis call closed: no more boroughs will be asked")
    else:
        messages.error(request, form.errors["reason"][0])
    return redirect(call)


def _offer_page(request, offer: CrisisOffer, *, form=None, error: str = "", status: int = 200):
    return render(
        request,
        "pressure/crisis/crisis_offer.html",
        {
            "offer": offer,
            "call": offer.ask.call,
            "is_worker": request.user.pk == offer.worker_id,
            "form": form or ReasonForm(label="Why can you not go? (optional)"),
            "error": error,
        },
        status=status,
    )


def crisis_offer(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_page(request, get_offer_for_user(request.user, pk))


def crisis_offer_agree(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk, write=True)
    if (answer := post_only(request, offer)) is not None:
        return answer
    try:
        services.crisis_offer_agree(offer=offer, by=request.user)
    except ValidationError as error:
        return _offer_page(request, offer, error=error.messages[0], status=409)
    messages.success(
        request, f"You agreed: {offer.ask.call.borough} can now select you, already released"
    )
    return redirect(offer)


def crisis_offer_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk, write=True)
    if (answer := post_only(request, offer)) is not None:
        return answer
    form = ReasonForm(request.POST, label="Why can you not go? (optional)")
    if not form.is_valid():
        return _offer_page(request, offer, form=form, status=400)
    try:
        services.crisis_offer_refuse(
            offer=offer, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        return _offer_page(request, offer, error=error.messages[0], status=409)
    messages.success(request, "You said no: your manager has been told")
    return redirect(offer)
