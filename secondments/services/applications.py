"""Applications: volunteer or invite, select, release, approve (creating the placement)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User, WorkerProfile
from audit.services import audit_record
from boroughs.models import Agreement, FundingModel, RechargeSalary
from notifications.services import coordinators, managers_of, notify
from secondments import transitions
from secondments.decisions import conflict_message
from secondments.models import (
    HOLDING_STATES,
    MAX_DAY_RATE,
    Application,
    ApplicationStatus,
    FundingSource,
    HelpRequest,
    Placement,
    RequestStatus,
)
from secondments.newly_qualified import refuse_unless_suitable
from secondments.services.records import (
    _locked,
    _locked_application,
    _move,
    required_reason,
)
from secondments.services.requests import _end


def _terms_in_force(help_request: HelpRequest, worker: User) -> dict:
    """The funding agreed on approval: the two boroughs' agreement when one is
    in force on the first day, else what the help request offered."""
    agreement = (
        Agreement.objects.between(help_request.borough_id, worker.borough_id)
        .in_force_on(help_request.starts_on)
        .first()
    )
    terms, source = (
        (agreement, FundingSource.AGREEMENT) if agreement else (help_request, FundingSource.REQUEST)
    )
    day_rate = terms.day_rate if terms.funding_model == FundingModel.DAY_RATE else None
    if day_rate is not None and day_rate > MAX_DAY_RATE:
        raise ValidationError(
            f"A day rate of £{day_rate:,} is more than £{MAX_DAY_RATE:,}: "
            f"correct {'the agreement' if agreement else 'the help request'} before approving"
        )
    return {
        "funding_model": terms.funding_model,
        "day_rate": day_rate,
        "funding_source": source,
        **(_recharge(worker) if terms.funding_model == FundingModel.HOST_RECHARGE else {}),
    }


def _recharge(worker: User) -> dict:
    """The home borough's recharge for the worker's job level today, copied so
    that a later change to its salaries never rewrites an agreed placement."""
    profile = getattr(worker, "worker_profile", None)
    salary = RechargeSalary.objects.filter(
        borough_id=worker.borough_id, job_level=profile.job_level if profile else None
    ).first()
    if salary is None:
        return {}
    return {
        "recharge_annual_salary": salary.annual_salary,
        "recharge_on_cost_percent": salary.on_cost_percent,
        "daily_recharge": salary.daily_recharge,
    }


def _clashing_placement(worker: User, help_request: HelpRequest) -> Placement | None:
    return (
        Placement.objects.booked()
        .filter(worker=worker)
        .overlapping(help_request.starts_on, help_request.ends_on)
        .first()
    )


class PlacementConflict(ValidationError):
    """The worker is already booked on some of these dates; views answer 409."""


def _refuse_double_booking(worker: User, help_request: HelpRequest) -> None:
    # Selecting or releasing someone who cannot be approved wastes everyone's
    # time: refuse with the message approval would give.
    clash = _clashing_placement(worker, help_request)
    if clash:
        raise PlacementConflict(conflict_message(worker, clash))


def _check_can_apply(help_request: HelpRequest, worker: User, *, inviting: bool = False) -> None:
    if not help_request.is_open:
        raise ValidationError("This request is not taking offers of help")
    if worker.borough_id == help_request.borough_id:
        raise ValidationError(
            f"{worker} works for {help_request.borough}: invite social workers from other boroughs"
            if inviting
            else "This request is from your own borough: talk to your manager instead"
        )
    if Application.objects.filter(help_request=help_request, worker=worker).exists():
        raise ValidationError(f"{worker} has already applied for this request")
    clash = _clashing_placement(worker, help_request)
    if clash:
        raise ValidationError(
            f"{worker} already has a placement in {clash.host} from "
            f"{clash.starts_on:%-d %B %Y} to {clash.ends_on:%-d %B %Y}, which overlaps these dates"
        )


def _check_registration(worker: User, help_request: HelpRequest, *, by: User) -> None:
    """Refuse a worker whose registration is missing, unverified or ends before
    the placement does. The profile is read afresh: a registration changed or
    lapsed a moment ago counts, whatever the caller's copy says."""
    profile = WorkerProfile.objects.filter(user_id=worker.pk).first()
    if profile is None:
        # Never filled in a profile: no registration number to go on.
        profile = WorkerProfile(user_id=worker.pk)
    problem = profile.registration_problem(
        through=help_request.ends_on, name=None if by.pk == worker.pk else str(worker)
    )
    if problem:
        raise ValidationError(problem)


@transaction.atomic
def application_volunteer(*, help_request: HelpRequest, by: User, note: str = "") -> Application:
    """A social worker offers to help with another borough's request."""
    if not by.is_worker:
        raise PermissionDenied("Only social workers can offer to help")
    help_request = _locked(help_request)
    _check_can_apply(help_request, by)
    refuse_unless_suitable(by, help_request, by=by)
    _check_registration(by, help_request, by=by)
    application = Application.objects.create(
        help_request=help_request, worker=by, status=ApplicationStatus.INTERESTED, note=note
    )
    audit_record(actor=by, action="application_interested", obj=application, to_state="interested")
    notify(
        recipients=managers_of(help_request.borough_id),
        event="application_volunteered",
        title=f"{by} from {by.borough} offered to help: {help_request.title}",
        body=note,
        link=application.get_absolute_url(),
        key=application.pk,
    )
    return application


@transaction.atomic
def application_invite(*, help_request: HelpRequest, worker: User, by: User) -> Application:
    """The host manager invites a named social worker to help."""
    help_request = _locked(help_request)
    if not help_request.can_be_changed_by(by):
        raise PermissionDenied("Only the host borough's managers can invite social workers")
    if not worker.is_worker:
        raise ValidationError("Only social workers can be invited")
    _check_can_apply(help_request, worker, inviting=True)
    refuse_unless_suitable(worker, help_request, by=by)
    application = Application.objects.create(
        help_request=help_request, worker=worker, status=ApplicationStatus.INVITED, invited_by=by
    )
    audit_record(actor=by, action="application_invited", obj=application, to_state="invited")
    notify(
        recipients=[worker],
        event="application_invited",
        title=f"{help_request.borough} invites you to help: {help_request.title}",
        body="You need to accept the invitation or withdraw.",
        link=application.get_absolute_url(),
        key=application.pk,
    )
    return application


@transaction.atomic
def application_accept(*, application: Application, by: User) -> Application:
    """The worker accepts an invitation."""
    application = _locked_application(application)
    step = transitions.check(application, "accept", by)
    _check_registration(by, application.help_request, by=by)
    _move(application, by=by, to_state=step.to_state)
    notify(
        recipients=managers_of(application.help_request.borough_id),
        event="application_accepted",
        title=f"{by} accepted your invitation: {application.help_request.title}",
        body="You need to select or decline.",
        link=application.get_absolute_url(),
        key=application.pk,
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: User, reason: str = "") -> Application:
    application = _locked_application(application)
    step = transitions.check(application, "withdraw", by)
    was = application.status
    _move(application, by=by, to_state=step.to_state, reason=reason)
    people = list(managers_of(application.help_request.borough_id))
    if was in (ApplicationStatus.SELECTED, ApplicationStatus.RELEASED):
        people += list(managers_of(application.worker.borough_id))
    if was == ApplicationStatus.RELEASED:
        people += list(coordinators(application.help_request.borough))
    notify(
        recipients=people,
        event="application_withdrawn",
        title=f"{by} withdrew from {application.help_request.title}",
        body=reason,
        link=application.get_absolute_url(),
        key=application.pk,
    )
    return application


@transaction.atomic
def application_select(*, application: Application, by: User) -> Application:
    """The host manager picks this worker; their home manager must now release them."""
    application = _locked_application(application)
    step = transitions.check(application, "select", by)
    if not application.help_request.is_open:
        raise ValidationError("This request is not taking offers of help")
    _check_registration(application.worker, application.help_request, by=by)
    _refuse_double_booking(application.worker, application.help_request)
    # Working days towards reminders and escalation count from selected_at.
    _move(application, by=by, to_state=step.to_state, stamp="selected_at")
    worker = application.worker
    if application.released_in_advance_by_id is not None:
        # Released before selection (a crisis call's agreed offer): it goes
        # straight to the coordinators, as the home manager's release.
        return _release(application, by=application.released_in_advance_by)
    # Each told in their own words: the home managers act, the worker waits.
    for recipients, body in (
        (managers_of(worker.borough_id), f"You need to release {worker} or refuse."),
        ([worker], f"Waiting for {worker.borough} to release you."),
    ):
        notify(
            recipients=recipients,
            event="application_selected",
            title=f"{application.help_request.borough} selected {worker}: {application.help_request.title}",
            body=body,
            link=application.get_absolute_url(),
            key=application.pk,
        )
    return application


@transaction.atomic
def application_decline(*, application: Application, by: User, reason: str) -> Application:
    application = _locked_application(application)
    step = transitions.check(application, "decline", by)
    reason = required_reason(reason, "Enter why you are declining")
    _move(application, by=by, to_state=step.to_state, reason=reason)
    notify(
        recipients=[application.worker],
        event="application_declined",
        title=f"{application.help_request.borough} declined your offer: {application.help_request.title}",
        body=reason,
        link=application.get_absolute_url(),
        key=application.pk,
    )
    return application


@transaction.atomic
def application_release(*, application: Application, by: User) -> Application:
    """The home manager lets their worker go for the period."""
    application = _locked_application(application)
    transitions.check(application, "release", by)
    _check_registration(application.worker, application.help_request, by=by)
    _refuse_double_booking(application.worker, application.help_request)
    return _release(application, by=by)


def _release(application: Application, *, by: User) -> Application:
    _move(application, by=by, to_state=ApplicationStatus.RELEASED, stamp="released_at")
    waiting = [
        application.worker,
        *managers_of(application.help_request.borough_id),
        # After an escalation the coordinator decided for the home borough.
        *(managers_of(application.worker.borough_id) if by.is_coordinator else []),
    ]
    for recipients, body in (
        # The host's region's coordinators approve.
        (
            coordinators(application.help_request.borough),
            "You need to approve or reject the placement.",
        ),
        (waiting, "Waiting for a coordinator to approve or reject the placement."),
    ):
        notify(
            recipients=recipients,
            event="application_released",
            title=f"{application.worker.borough} released {application.worker} for {application.help_request.title}",
            body=body,
            link=application.get_absolute_url(),
            key=application.pk,
        )
    return application


@transaction.atomic
def application_refuse(*, application: Application, by: User, reason: str) -> Application:
    application = _locked_application(application)
    step = transitions.check(application, "refuse", by)
    reason = required_reason(reason, "Enter why you cannot release this social worker")
    _move(application, by=by, to_state=step.to_state, reason=reason)
    notify(
        recipients=[application.worker, *managers_of(application.help_request.borough_id)],
        event="application_refused",
        title=f"{application.worker.borough} cannot release {application.worker}: {application.help_request.title}",
        body=reason,
        link=application.get_absolute_url(),
        key=application.pk,
    )
    return application


@transaction.atomic
def application_approve(*, application: Application, by: User) -> Placement:
    """A coordinator approves; the placement is created in the same transaction."""
    if not by.is_coordinator:
        raise PermissionDenied("Only a coordinator can approve a placement")
    # Locks are always taken request first, then application, then worker:
    # closing or filling a request locks its applications after the request,
    # and the opposite order here would deadlock with it.
    help_request = _locked(application.help_request)
    application = _locked_application(application)
    step = transitions.check(application, "approve", by)
    worker = application.worker
    # One approval at a time per worker: concurrent inserts checked against
    # an exclusion constraint can deadlock in PostgreSQL, so the constraint
    # stays the last guard rather than the usual one.
    User.objects.select_for_update(no_key=True).filter(pk=worker.pk).first()
    _check_registration(worker, help_request, by=by)
    _refuse_double_booking(worker, help_request)
    terms = _terms_in_force(help_request, worker)
    try:
        # The exclusion constraint is the real guard: two coordinators
        # approving at the same moment both pass the check above.
        with transaction.atomic():
            placement = Placement.objects.create(
                application=application,
                help_request=help_request,
                worker=worker,
                host=help_request.borough,
                home_id=worker.borough_id,
                starts_on=help_request.starts_on,
                ends_on=help_request.ends_on,
                days_per_week=help_request.days_per_week,
                **terms,
            )
    except IntegrityError as error:
        clash = _clashing_placement(worker, help_request)
        message = (
            conflict_message(worker, clash)
            if clash
            else f"{worker} already has a placement on some of these dates"
        )
        raise PlacementConflict(message) from error
    _move(application, by=by, to_state=step.to_state)
    audit_record(
        actor=by,
        action="placement_confirmed",
        obj=placement,
        to_state=placement.status,
        changed_fields=terms,
    )
    people = [
        worker,
        *managers_of(help_request.borough_id),
        *managers_of(worker.borough_id),
        *coordinators(help_request.borough, worker.borough),
    ]
    notify(
        recipients=people,
        event="application_approved",
        title=f"Placement agreed: {worker} in {help_request.borough}, {placement.starts_on:%-d %B %Y} to {placement.ends_on:%-d %B %Y}",
        link=placement.get_absolute_url(),
        key=application.pk,
    )
    filled = Placement.objects.filter(help_request=help_request, status__in=HOLDING_STATES).count()
    if filled >= help_request.places:
        _end(
            help_request,
            by=by,
            to_state=RequestStatus.FILLED,
            reason="",
            action="request_filled",
        )
    return placement


@transaction.atomic
def application_reject(*, application: Application, by: User, reason: str) -> Application:
    application = _locked_application(application)
    step = transitions.check(application, "reject", by)
    reason = required_reason(reason, "Enter why you are rejecting this placement")
    _move(application, by=by, to_state=step.to_state, reason=reason)
    notify(
        recipients=[
            application.worker,
            *managers_of(application.help_request.borough_id),
            *managers_of(application.worker.borough_id),
        ],
        event="application_rejected",
        title=f"Placement not approved: {application.worker} for {application.help_request.title}",
        body=reason,
        link=application.get_absolute_url(),
        key=application.pk,
    )
    return application
