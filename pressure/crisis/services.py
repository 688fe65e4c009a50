"""Crisis calls: raised, answered (a named worker offered, or a reason given),
agreed or refused by the worker, closed. Each change is one transaction with
its audit row; the people it concerns are notified once it commits.

The call's help request (secondments) carries the terms; an agreed offer
becomes an application on it, already released by the worker's home borough,
and the usual select-and-approve workflow places whoever the host chooses.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Borough
from notifications.services import managers_of, notify
from pressure.crisis.duplicate_calls import refuse_duplicate_call
from pressure.index import indexes_for
from pressure.models import (
    CRISIS_TEXT_MAX,
    MAX_PEOPLE_NEEDED,
    AskAnswer,
    CrisisAsk,
    CrisisCall,
    CrisisOffer,
    CrisisStage,
    CrisisStatus,
    OfferStatus,
)
from secondments import services as secondments
from secondments.models import Purpose

ACTIONS = {
    "crisis_raised": "Crisis call raised",
    "crisis_widened": "Crisis call widened to more boroughs",
    "crisis_ask_reminded": "Borough reminded of a crisis call",
    "crisis_ask_escalated": "Unanswered crisis call told to coordinators",
    "crisis_offer_made": "Social worker offered to a crisis call",
    "crisis_ask_declined": "Crisis call declined",
    "crisis_offer_agreed": "Social worker agreed to a crisis offer",
    "crisis_offer_refused": "Social worker said no to a crisis offer",
    "crisis_call_met": "Crisis call has enough agreed offers",
    "crisis_call_closed": "Crisis call closed",
}

STAGE_ORDER = [CrisisStage.NEIGHBOURS, CrisisStage.REGION, CrisisStage.EVERYWHERE]

# The help request's terms a call sets from what the caller gives; the title,
# places and urgency come from the call itself.
REQUEST_TERMS = frozenset(secondments.REQUEST_FIELDS) - {"title", "places", "urgency"} | {
    "specialisms"
}


def _bounded(text: str, name: str) -> str:
    text = text.strip()
    if len(text) > CRISIS_TEXT_MAX:
        raise ValidationError({"reason": f"{name} must be {CRISIS_TEXT_MAX:,} characters or fewer"})
    return text


# --- Raising --------------------------------------------------------------------


def _sort_key(index: Decimal | None) -> tuple[bool, Decimal]:
    # Least pressured first; a borough with no index after those with one.
    return (index is None, index if index is not None else Decimal(0))


def plan_asks(caller: Borough) -> tuple[Decimal | None, list[CrisisAsk]]:
    """Every other borough with a manager, in the order it will be asked: its
    circle (neighbours, region, everywhere), then least pressured first.
    Boroughs under more pressure than the caller are held to the last circle."""
    boroughs = list(
        Borough.objects.exclude(pk=caller.pk).filter(members__role="manager").distinct()
    )
    neighbours = set(caller.neighbours.values_list("pk", flat=True))
    indexes = indexes_for([caller, *boroughs])
    caller_index = indexes[caller.pk]
    asks = []
    for borough in boroughs:
        index = indexes[borough.pk]
        more_pressured = caller_index is not None and index is not None and index > caller_index
        if more_pressured:
            stage = CrisisStage.EVERYWHERE
        elif borough.pk in neighbours:
            stage = CrisisStage.NEIGHBOURS
        elif borough.region == caller.region:
            stage = CrisisStage.REGION
        else:
            stage = CrisisStage.EVERYWHERE
        asks.append(
            CrisisAsk(
                borough=borough, stage=stage, pressure_index=index, more_pressured=more_pressured
            )
        )
    asks.sort(
        key=lambda a: (
            STAGE_ORDER.index(a.stage),
            a.more_pressured,
            _sort_key(a.pressure_index),
            a.borough.name,
        )
    )
    for position, ask in enumerate(asks, start=1):
        ask.position = position
    return caller_index, asks


def ask_stage(call: CrisisCall, stage: str, *, now) -> list[CrisisAsk]:
    """Ask every borough of this circle not yet asked: stamp asked_at (a
    conditional update, so a second run asks no one twice) and tell each
    borough's managers, in the call's order."""
    asks = list(
        call.asks.filter(stage=stage, asked_at__isnull=True)
        .select_related("borough")
        .order_by("position")
    )
    asked = []
    for ask in asks:
        if not CrisisAsk.objects.filter(pk=ask.pk, asked_at__isnull=True).update(asked_at=now):
            continue
        ask.asked_at = now
        asked.append(ask)
        help_request = call.help_request
        pressed = (
            f"{call.borough} is under less pressure than {ask.borough}: "
            "answer if you can, no reason needed to decline."
            if ask.more_pressured
            else "Offer one named social worker, or decline with a reason."
        )
        notify(
            recipients=managers_of(ask.borough_id),
            event="crisis_asked",
            title=f"Crisis call from {call.borough}: {help_request.get_purpose_display().lower()}",
            body=f"{call.borough} asks {ask.borough} for one social worker from "
            f"{help_request.starts_on:%-d %B %Y} to {help_request.ends_on:%-d %B %Y}. {pressed}",
            link=call.get_absolute_url(),
            key=ask.pk,
        )
    return asked


@transaction.atomic
def crisis_call_raise(*, borough: Borough, people_needed: int, data: dict, by: User) -> CrisisCall:
    """A borough's manager (or a coordinator for it) raises a crisis call: an
    open crisis help request, the call, and one ask for every other borough
    with a manager; the first circle is asked at once."""
    if not (by.manages(borough) or by.coordinates(borough)):
        raise PermissionDenied(
            "Only the borough's own managers or a coordinator can raise its crisis call"
        )
    if not isinstance(people_needed, int) or not 1 <= people_needed <= MAX_PEOPLE_NEEDED:
        raise ValidationError(
            {"people_needed": f"Ask for between 1 and {MAX_PEOPLE_NEEDED} social workers"}
        )
    refuse_duplicate_call(borough, data)
    caller_index, asks = plan_asks(borough)
    if not asks:
        raise ValidationError("No other borough has a manager to ask yet")
    terms = {name: data[name] for name in REQUEST_TERMS if name in data}
    purpose_label = dict(Purpose.choices).get(terms.get("purpose"), "Crisis cover")
    help_request = secondments.help_request_open_for_crisis(
        borough=borough,
        by=by,
        data={
            **terms,
            "title": f"Crisis call: {purpose_label.lower()} in {borough}"[:150],
            "places": people_needed,
        },
    )
    now = timezone.now()
    first_stage = asks[0].stage
    call = CrisisCall.objects.create(
        help_request=help_request,
        borough=borough,
        raised_by=by,
        people_needed=people_needed,
        stage=first_stage,
        stage_started_at=now,
        caller_index=caller_index,
    )
    for ask in asks:
        ask.call = call
    CrisisAsk.objects.bulk_create(asks)
    audit_record(actor=by, action="crisis_raised", obj=call, to_state=CrisisStatus.OPEN)
    ask_stage(call, first_stage, now=now)
    return call


# --- Answering ------------------------------------------------------------------


def _locked_ask(ask: CrisisAsk) -> CrisisAsk:
    return (
        CrisisAsk.objects.select_for_update(of=("self",))
        .select_related("borough", "call__borough", "call__help_request")
        .get(pk=ask.pk)
    )


def _check_answer(ask: CrisisAsk, by: User) -> None:
    if not by.manages(ask.borough):
        raise PermissionDenied(f"Only {ask.borough}'s managers can answer for {ask.borough}")
    if not ask.is_asked:
        raise PermissionDenied(f"{ask.borough} has not been asked yet")
    if ask.call.is_closed:
        raise ValidationError("This crisis call is closed: it takes no more answers")
    if ask.answer != AskAnswer.WAITING:
        raise ValidationError(
            f"{ask.borough} has already answered this crisis call: "
            f"{ask.get_answer_display().lower()}"
        )


@transaction.atomic
def crisis_offer_make(*, ask: CrisisAsk, worker: User, by: User, note: str = "") -> CrisisOffer:
    """An asked borough's manager offers one named social worker from their staff;
    the worker is asked to agree."""
    ask = _locked_ask(ask)
    _check_answer(ask, by)
    note = _bounded(note, "Note")
    if worker.borough_id != ask.borough_id:
        # Not named: any worker's id can be posted, and another borough's
        # manager may not learn who works where (DESIGN.md, who may see a worker).
        raise ValidationError(
            {
                "worker": f"That social worker does not work for {ask.borough}: choose one of your staff"
            }
        )
    if ask.offers.filter(
        worker=worker, status__in=(OfferStatus.AWAITING_WORKER, OfferStatus.AGREED)
    ).exists():
        raise ValidationError({"worker": f"{worker} is already offered to this crisis call"})
    try:
        secondments.refuse_unless_placeable(worker, ask.call.help_request, by=by)
    except ValidationError as error:
        raise ValidationError({"worker": error.messages}) from error
    try:
        with transaction.atomic():
            offer = CrisisOffer.objects.create(ask=ask, worker=worker, offered_by=by, note=note)
    except IntegrityError as error:
        raise ValidationError(
            {"worker": f"{worker} is already offered to this crisis call"}
        ) from error
    ask.answer, ask.answered_at, ask.answered_by = AskAnswer.OFFERED, timezone.now(), by
    ask.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(
        actor=by, action="crisis_offer_made", obj=offer, to_state=OfferStatus.AWAITING_WORKER
    )
    call = ask.call
    notify(
        recipients=[worker],
        event="crisis_offer_to_agree",
        title=f"{ask.borough} offers you to {call.borough}'s crisis call: will you agree?",
        body=f"From {call.help_request.starts_on:%-d %B %Y} to "
        f"{call.help_request.ends_on:%-d %B %Y}. {note}".strip(),
        link=offer.get_absolute_url(),
        key=offer.pk,
    )
    return offer


@transaction.atomic
def crisis_ask_decline(*, ask: CrisisAsk, by: User, reason: str = "") -> CrisisAsk:
    """An asked borough says it cannot help; a borough under more pressure than
    the caller need not say why."""
    ask = _locked_ask(ask)
    _check_answer(ask, by)
    reason = _bounded(reason, "Reason")
    if not reason and ask.needs_reason_to_decline:
        raise ValidationError({"reason": "Enter why your borough cannot offer anyone"})
    ask.answer, ask.answered_at, ask.answered_by = AskAnswer.DECLINED, timezone.now(), by
    ask.decline_reason = reason
    ask.save(update_fields=["answer", "answered_at", "answered_by", "decline_reason"])
    audit_record(
        actor=by,
        action="crisis_ask_declined",
        obj=ask.call,
        from_state=AskAnswer.WAITING,
        to_state=AskAnswer.DECLINED,
        reason=reason,
    )
    notify(
        recipients=managers_of(ask.call.borough_id),
        event="crisis_answered",
        title=f"{ask.borough} cannot offer anyone to your crisis call",
        body=reason,
        link=ask.call.get_absolute_url(),
        key=ask.pk,
    )
    return ask


# --- The worker's answer --------------------------------------------------------


def _locked_offer(offer: CrisisOffer) -> CrisisOffer:
    return (
        CrisisOffer.objects.select_for_update(of=("self",))
        .select_related("ask__borough", "ask__call__borough", "ask__call__help_request", "worker")
        .get(pk=offer.pk)
    )


def _check_worker(offer: CrisisOffer, by: User) -> None:
    if by.pk != offer.worker_id:
        raise PermissionDenied("Only the social worker offered can agree or say no")
    if not offer.is_awaiting_worker:
        raise ValidationError(
            f"You have already answered this offer: {offer.get_status_display().lower()}"
        )
    if offer.ask.call.is_closed:
        raise ValidationError("This crisis call is closed")


def _tell_decision(offer: CrisisOffer, title: str, body: str = "") -> None:
    call = offer.ask.call
    notify(
        recipients=[
            *managers_of(offer.ask.borough_id),
            *managers_of(call.borough_id),
        ],
        event="crisis_offer_decided",
        title=title,
        body=body,
        link=call.get_absolute_url(),
        key=f"{offer.pk}:{offer.status}",
    )


@transaction.atomic
def crisis_offer_agree(*, offer: CrisisOffer, by: User) -> CrisisOffer:
    """The worker agrees: an application on the call's help request, already
    released by their home borough, waits for the host to select it."""
    offer = _locked_offer(offer)
    _check_worker(offer, by)
    call = CrisisCall.objects.select_for_update(of=("self",)).get(pk=offer.ask.call_id)
    if call.is_closed:
        # Closed while this agreement waited for the call's row: the check above
        # read the call before the close committed.
        raise ValidationError("This crisis call is closed")
    application = secondments.application_released_in_advance(
        help_request=call.help_request,
        worker=offer.worker,
        released_by=offer.offered_by,
        by=by,
        note=offer.note,
    )
    offer.status, offer.decided_at, offer.application = (
        OfferStatus.AGREED,
        timezone.now(),
        application,
    )
    offer.save(update_fields=["status", "decided_at", "application"])
    audit_record(
        actor=by,
        action="crisis_offer_agreed",
        obj=offer,
        from_state=OfferStatus.AWAITING_WORKER,
        to_state=OfferStatus.AGREED,
    )
    _tell_decision(
        offer,
        f"{offer.worker} agreed to help {call.borough}: select them from the crisis board",
    )
    agreed = CrisisOffer.objects.filter(ask__call=call, status=OfferStatus.AGREED).count()
    if agreed >= call.people_needed and call.status == CrisisStatus.OPEN:
        call.status, call.met_at = CrisisStatus.MET, timezone.now()
        call.save(update_fields=["status", "met_at"])
        audit_record(
            actor=by,
            action="crisis_call_met",
            obj=call,
            from_state=CrisisStatus.OPEN,
            to_state=CrisisStatus.MET,
        )
    return offer


@transaction.atomic
def crisis_offer_refuse(*, offer: CrisisOffer, by: User, reason: str = "") -> CrisisOffer:
    """The worker says no; their borough has not answered again until its
    managers offer someone else or decline."""
    offer = _locked_offer(offer)
    _check_worker(offer, by)
    reason = _bounded(reason, "Reason")
    offer.status, offer.decided_at, offer.worker_reason = (
        OfferStatus.REFUSED,
        timezone.now(),
        reason,
    )
    offer.save(update_fields=["status", "decided_at", "worker_reason"])
    CrisisAsk.objects.filter(pk=offer.ask_id, answer=AskAnswer.OFFERED).update(
        answer=AskAnswer.WAITING, answered_at=None, answered_by=None
    )
    audit_record(
        actor=by,
        action="crisis_offer_refused",
        obj=offer,
        from_state=OfferStatus.AWAITING_WORKER,
        to_state=OfferStatus.REFUSED,
        reason=reason,
    )
    _tell_decision(
        offer,
        f"{offer.worker} cannot help {offer.ask.call.borough}: "
        f"{offer.ask.borough} can offer someone else or decline",
        reason,
    )
    return offer


# --- Closing --------------------------------------------------------------------


@transaction.atomic
def crisis_call_close(*, call: CrisisCall, by: User, reason: str = "") -> CrisisCall:
    """The caller stops asking (enough people, or no longer needed). Its help
    request stays as it is: agreed offers can still be selected and approved."""
    call = (
        CrisisCall.objects.select_for_update(of=("self",)).select_related("borough").get(pk=call.pk)
    )
    if not call.can_be_changed_by(by):
        raise PermissionDenied("Only the borough's managers or a coordinator can close this call")
    if call.is_closed:
        raise ValidationError("This crisis call is already closed")
    reason = _bounded(reason, "Reason")
    was = call.status
    call.status, call.closed_at, call.closed_by, call.close_reason = (
        CrisisStatus.CLOSED,
        timezone.now(),
        by,
        reason,
    )
    call.save(update_fields=["status", "closed_at", "closed_by", "close_reason"])
    audit_record(
        actor=by,
        action="crisis_call_closed",
        obj=call,
        from_state=was,
        to_state=CrisisStatus.CLOSED,
        reason=reason,
    )
    return call
