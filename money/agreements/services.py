"""Agreements between boroughs: one borough's managers propose the default funding
for secondments between the two, the other's accept, amend or decline, and either
side ends an agreement in force with notice. Coordinators record agreements
outright and may take any step on either borough's behalf."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.input_limits import long_date
from accounts.models import User
from audit.services import audit_record
from boroughs.models import Agreement, AgreementStatus, Borough
from money.agreements.terms import check_terms, overlap_message, pounds
from notifications.services import managers_of, notify

# A borough's managers must give the other borough this much notice when
# ending an agreement in force: placements already agreed need time to settle.
NOTICE_DAYS = 30

ACTIONS = {
    "agreement_created": "Agreement recorded",
    "agreement_proposed": "Agreement proposed",
    "agreement_amended": "Agreement terms amended",
    "agreement_accepted": "Agreement accepted",
    "agreement_declined": "Agreement declined",
    "agreement_withdrawn": "Agreement proposal withdrawn",
    "agreement_ended": "Agreement ended",
}

TERMS = ["funding_model", "day_rate", "recharge_terms", "starts_on", "ends_on", "notes"]


class AgreementConflict(ValidationError):
    """The agreement has moved on (already accepted, declined, withdrawn or ended):
    views answer 409."""


def _save(agreement: Agreement) -> None:
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as error:
        # Two proposals for the pair at the same moment both passed the check.
        raise ValidationError(overlap_message(agreement.borough_a, agreement.borough_b)) from error


def _tell(agreement: Agreement, *, by: User, event: str, title: str, key: str) -> None:
    """The managers of the borough(s) on the other side from the person acting."""
    boroughs = {agreement.borough_a_id, agreement.borough_b_id} - {by.borough_id}
    recipients = [person for pk in boroughs for person in managers_of(pk)]
    notify(
        recipients=recipients,
        event=event,
        title=title,
        link=agreement.get_absolute_url(),
        key=f"agreement:{agreement.pk}:{key}",
    )


def _locked(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("borough_a", "borough_b", "proposed_by")
        .get(pk=agreement.pk)
    )


def _outside_regions(agreement: Agreement, by: User) -> bool:
    """A coordinator acts on an agreement only when either borough is in their regions."""
    return by.is_coordinator and not by.coordinates(agreement.borough_a, agreement.borough_b)


def _answerable(agreement: Agreement, by: User, doing: str) -> Agreement:
    """The proposal, locked; only the borough that did not make it answers it."""
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.PROPOSED:
        raise AgreementConflict(
            f"This agreement is already {agreement.get_status_display().lower()}: "
            f"it can no longer be {doing}"
        )
    if not agreement.can_be_answered_by(by) or _outside_regions(agreement, by):
        raise PermissionDenied("Only the other borough's managers can answer this proposal")
    return agreement


def _new_agreement(
    one: Borough,
    other: Borough,
    *,
    funding_model: str,
    day_rate: Decimal | None,
    recharge_terms: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    notes: str,
    **state,
) -> Agreement:
    """Check the terms and save a new agreement between two boroughs, pair in code order."""
    day_rate = pounds(day_rate)
    check_terms(
        first=one,
        second=other,
        funding_model=funding_model,
        day_rate=day_rate,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    first, second = sorted((one, other), key=lambda borough: borough.pk)
    agreement = Agreement(
        borough_a=first,
        borough_b=second,
        funding_model=funding_model,
        day_rate=day_rate,
        recharge_terms=recharge_terms,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
        **state,
    )
    agreement.full_clean(validate_constraints=False)
    _save(agreement)
    return agreement


@transaction.atomic
def agreement_propose(
    *,
    from_borough: Borough,
    to_borough: Borough,
    funding_model: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    day_rate: Decimal | None = None,
    recharge_terms: str = "",
    notes: str = "",
    by: User,
) -> Agreement:
    """A manager proposes the default funding for secondments between their
    borough and another; nothing applies until the other borough accepts."""
    if not by.manages(from_borough):
        raise PermissionDenied("Only a borough's managers can propose an agreement for it")
    agreement = _new_agreement(
        from_borough,
        to_borough,
        funding_model=funding_model,
        day_rate=day_rate,
        recharge_terms=recharge_terms,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
        status=AgreementStatus.PROPOSED,
        proposed_by=from_borough,
        proposed_at=timezone.now(),
    )
    audit_record(
        actor=by,
        action="agreement_proposed",
        obj=agreement,
        to_state=AgreementStatus.PROPOSED,
        changed_fields=TERMS,
    )
    _tell(
        agreement,
        by=by,
        event="agreement_proposed",
        title=f"{from_borough} proposes an agreement with {to_borough}",
        key="proposed",
    )
    return agreement


@transaction.atomic
def agreement_amend(
    *,
    agreement: Agreement,
    funding_model: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    day_rate: Decimal | None = None,
    recharge_terms: str = "",
    notes: str = "",
    by: User,
) -> Agreement:
    """The other borough answers with different terms: a counter-proposal,
    which the first borough in turn accepts, amends or declines."""
    agreement = _answerable(agreement, by, "amended")
    day_rate = pounds(day_rate)
    check_terms(
        first=agreement.borough_a,
        second=agreement.borough_b,
        funding_model=funding_model,
        day_rate=day_rate,
        starts_on=starts_on,
        ends_on=ends_on,
        replacing=agreement,
    )
    new = {
        "funding_model": funding_model,
        "day_rate": day_rate,
        "recharge_terms": recharge_terms,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "notes": notes,
    }
    changed = [name for name, value in new.items() if getattr(agreement, name) != value]
    for name, value in new.items():
        setattr(agreement, name, value)
    # A coordinator amends on behalf of the borough that was to answer.
    agreement.proposed_by = agreement.other(agreement.proposed_by)
    agreement.proposed_at = timezone.now()
    agreement.full_clean(validate_constraints=False)
    _save(agreement)
    audit_record(
        actor=by,
        action="agreement_amended",
        obj=agreement,
        from_state=AgreementStatus.PROPOSED,
        to_state=AgreementStatus.PROPOSED,
        changed_fields=[*changed, "proposed_by"],
    )
    _tell(
        agreement,
        by=by,
        event="agreement_proposed",
        title=f"{agreement.proposed_by} sends amended terms for the agreement with "
        f"{agreement.other(agreement.proposed_by)}",
        key=f"amended:{agreement.proposed_at.isoformat()}",
    )
    return agreement


@transaction.atomic
def agreement_accept(*, agreement: Agreement, by: User) -> Agreement:
    agreement = _answerable(agreement, by, "accepted")
    agreement.status = AgreementStatus.ACCEPTED
    agreement.decided_at = timezone.now()
    agreement.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=by,
        action="agreement_accepted",
        obj=agreement,
        from_state=AgreementStatus.PROPOSED,
        to_state=AgreementStatus.ACCEPTED,
    )
    _tell(
        agreement,
        by=by,
        event="agreement_answered",
        title=f"The agreement between {agreement} is accepted",
        key="accepted",
    )
    return agreement


@transaction.atomic
def agreement_decline(*, agreement: Agreement, reason: str, by: User) -> Agreement:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are declining this agreement"})
    agreement = _answerable(agreement, by, "declined")
    agreement.status = AgreementStatus.DECLINED
    agreement.decided_at = timezone.now()
    agreement.decline_reason = reason
    agreement.full_clean(validate_constraints=False)
    agreement.save(update_fields=["status", "decided_at", "decline_reason", "updated_at"])
    audit_record(
        actor=by,
        action="agreement_declined",
        obj=agreement,
        from_state=AgreementStatus.PROPOSED,
        to_state=AgreementStatus.DECLINED,
        reason=reason,
    )
    _tell(
        agreement,
        by=by,
        event="agreement_answered",
        title=f"The proposed agreement between {agreement} is declined",
        key="declined",
    )
    return agreement


@transaction.atomic
def agreement_withdraw(*, agreement: Agreement, by: User) -> Agreement:
    """The proposing borough takes back its own proposal before an answer."""
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.PROPOSED:
        raise AgreementConflict(
            f"This agreement is already {agreement.get_status_display().lower()}: "
            "it can no longer be withdrawn"
        )
    if not (
        by.coordinates(agreement.borough_a, agreement.borough_b)
        or by.manages(agreement.proposed_by)
    ):
        raise PermissionDenied("Only the proposing borough's managers can withdraw a proposal")
    agreement.status = AgreementStatus.WITHDRAWN
    agreement.decided_at = timezone.now()
    agreement.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=by,
        action="agreement_withdrawn",
        obj=agreement,
        from_state=AgreementStatus.PROPOSED,
        to_state=AgreementStatus.WITHDRAWN,
    )
    return agreement


def earliest_end(by: User, today: datetime.date | None = None) -> datetime.date:
    """Managers give NOTICE_DAYS' notice; a coordinator may end an agreement today."""
    today = today or timezone.localdate()
    return today if by.is_coordinator else today + datetime.timedelta(days=NOTICE_DAYS)


@transaction.atomic
def agreement_end(*, agreement: Agreement, ends_on: datetime.date, reason: str, by: User):
    """Either borough ends an agreement in force from a date far enough ahead.

    Placements already approved keep the terms they copied; the pair's dates
    after the end are free for a new agreement.
    """
    agreement = _locked(agreement)
    if not (
        by.coordinates(agreement.borough_a, agreement.borough_b)
        or by.manages(agreement.borough_a)
        or by.manages(agreement.borough_b)
    ):
        raise PermissionDenied("Only the two boroughs' managers can end this agreement")
    today = timezone.localdate()
    if agreement.status != AgreementStatus.ACCEPTED or (
        agreement.ends_on is not None and agreement.ends_on < today
    ):
        raise AgreementConflict("Only an agreement in force or yet to start can be ended")
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter why the agreement is ending"
    earliest = max(earliest_end(by, today), agreement.starts_on)
    if ends_on < earliest:
        notice = "" if by.is_coordinator else f" ({NOTICE_DAYS} days' notice)"
        errors["ends_on"] = f"End date must be the same as or after {long_date(earliest)}{notice}"
    elif agreement.ends_on is not None and ends_on > agreement.ends_on:
        errors["ends_on"] = (
            f"End date must be the same as or before {long_date(agreement.ends_on)}, "
            "when the agreement already ends"
        )
    if errors:
        raise ValidationError(errors)
    agreement.ends_on = ends_on
    agreement.end_reason = reason
    agreement.full_clean(validate_constraints=False)
    agreement.save(update_fields=["ends_on", "end_reason", "updated_at"])
    audit_record(
        actor=by,
        action="agreement_ended",
        obj=agreement,
        from_state=AgreementStatus.ACCEPTED,
        to_state=AgreementStatus.ACCEPTED,
        changed_fields=["ends_on", "end_reason"],
        reason=reason,
    )
    _tell(
        agreement,
        by=by,
        event="agreement_ended",
        title=f"The agreement between {agreement} ends on {long_date(ends_on)}",
        key=f"ended:{ends_on.isoformat()}",
    )
    return agreement


@transaction.atomic
def agreement_record(
    *,
    borough_a: Borough,
    borough_b: Borough,
    funding_model: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    day_rate: Decimal | None = None,
    recharge_terms: str = "",
    notes: str = "",
    by: User,
) -> Agreement:
    """A coordinator records an agreement the boroughs made elsewhere: it is in
    force at once, with no proposal (and the demo's data comes this way)."""
    if not by.is_coordinator:
        raise PermissionDenied("Only a coordinator can record an agreement")
    if not by.coordinates(borough_a, borough_b):
        raise PermissionDenied(
            "Only a coordinator of either borough's region can record an agreement between them"
        )
    agreement = _new_agreement(
        borough_a,
        borough_b,
        funding_model=funding_model,
        day_rate=day_rate,
        recharge_terms=recharge_terms,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
        status=AgreementStatus.ACCEPTED,
        decided_at=timezone.now(),
    )
    audit_record(
        actor=by,
        action="agreement_created",
        obj=agreement,
        to_state=AgreementStatus.ACCEPTED,
        changed_fields=["funding_model", "day_rate", "starts_on", "notes"],
    )
    _tell(
        agreement,
        by=by,
        event="agreement_recorded",
        title=f"An agreement between {agreement.borough_a} and {agreement.borough_b} is recorded",
        key="recorded",
    )
    return agreement
