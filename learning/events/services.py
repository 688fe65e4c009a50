"""Learning events and their bookings: every change audited, the people it
concerns notified, in the change's own transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Borough
from learning.events.invitation import invitation_ics
from learning.models import (
    ACTIVE_BOOKING_STATES,
    Booking,
    BookingStatus,
    EventStatus,
    LearningEvent,
)
from learning.models.events import HOLDING_PLACE
from notifications.services import managers_of, notify

ACTIONS = {
    "event_created": "Learning event posted",
    "event_updated": "Learning event changed",
    "event_cancelled": "Learning event cancelled",
    "booking_made": "Learning event booked",
    "booking_cancelled": "Learning event booking cancelled",
    "booking_promoted": "Moved up from the waiting list",
    "booking_home_agreed": "Home manager agreed to a booking",
    "booking_home_declined": "Home manager declined a booking",
    "attendance_recorded": "Attendance recorded",
}

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_link",
    "capacity",
    "job_levels",
    "home_manager_must_agree",
)


def _check_host(event_borough: Borough, by: User) -> None:
    if not (by.coordinates(event_borough) or by.manages(event_borough)):
        raise PermissionDenied("Only the host borough's managers can change this event")


def _locked(event: LearningEvent) -> LearningEvent:
    return LearningEvent.objects.select_for_update().select_related("borough").get(pk=event.pk)


def _active(event: LearningEvent):
    return event.bookings.filter(status__in=ACTIVE_BOOKING_STATES).select_related("person")


# --- Events -------------------------------------------------------------------


@transaction.atomic
def event_create(*, borough: Borough, data: dict, specialisms=(), by: User) -> LearningEvent:
    _check_host(borough, by)
    event = LearningEvent(borough=borough, created_by=by, **data)
    event.full_clean()
    event.save()
    event.specialisms.set(specialisms)
    audit_record(actor=by, action="event_created", obj=event, to_state=event.status)
    return event


@transaction.atomic
def event_update(*, event: LearningEvent, data: dict, specialisms=None, by: User) -> list[str]:
    """Change an open event; everyone booked or waiting is told, with a fresh invitation."""
    event = _locked(event)
    _check_host(event.borough, by)
    if not event.is_open:
        raise ValidationError("A cancelled event cannot be changed")
    changed = [name for name, value in data.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, data[name])
    if specialisms is not None and set(event.specialisms.values_list("pk", flat=True)) != {
        s.pk for s in specialisms
    }:
        event.specialisms.set(specialisms)
        changed.append("specialisms")
    if not changed:
        return []
    taken = event.bookings.filter(status__in=HOLDING_PLACE).count()
    if event.capacity < taken:
        raise ValidationError(
            {"capacity": f"{taken} people have booked: places cannot go below {taken}"}
        )
    event.full_clean()
    event.save()
    audit_record(actor=by, action="event_updated", obj=event, changed_fields=changed)
    _fill_free_places(event, by=by)
    when = timezone.now().isoformat()
    people = [booking.person for booking in _active(event)]
    notify(
        recipients=people,
        event="event_changed",
        title=f"{event.title} has changed",
        body=f"{event.borough} changed this event. Check the date, time and place.",
        link=event.get_absolute_url(),
        key=f"{event.pk}:{when}",
        attachment_ics=invitation_ics(event, sequence=_sequence()),
    )
    return changed


def _sequence() -> int:
    """A newer invitation replaces an older one in a calendar: seconds since 2025."""
    return int(timezone.now().timestamp()) - 1_735_689_600


@transaction.atomic
def event_cancel(*, event: LearningEvent, reason: str = "", by: User) -> LearningEvent:
    event = _locked(event)
    _check_host(event.borough, by)
    if not event.is_open:
        raise ValidationError("This event is already cancelled")
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="event_cancelled",
        obj=event,
        from_state=EventStatus.OPEN,
        to_state=event.status,
        reason=reason,
    )
    notify(
        recipients=[booking.person for booking in _active(event)],
        event="event_changed",
        title=f"{event.title} is cancelled",
        body=reason or f"{event.borough} cancelled this event.",
        link=event.get_absolute_url(),
        key=f"{event.pk}:cancelled",
    )
    return event


# --- Bookings -----------------------------------------------------------------


def _confirm(booking: Booking, *, event: str, title: str) -> None:
    notify(
        recipients=[booking.person],
        event=event,
        title=title,
        body=f"{timezone.localtime(booking.event.starts_at):%A %-d %B %Y, %H:%M} "
        f"at {booking.event.location}. "
        "The calendar invitation is attached.",
        link=booking.event.get_absolute_url(),
        key=f"{booking.pk}:{booking.status}",
        attachment_ics=invitation_ics(booking.event),
    )


def _status_for_a_place(event: LearningEvent, person: User) -> str:
    if event.home_manager_must_agree and not person.manages(event.borough):
        return BookingStatus.PENDING_HOME_AGREEMENT
    return BookingStatus.BOOKED


def _announce(booking: Booking) -> None:
    event = booking.event
    if booking.status == BookingStatus.BOOKED:
        _confirm(booking, event="event_booked", title=f"You are booked on {event.title}")
    elif booking.status == BookingStatus.WAITING:
        notify(
            recipients=[booking.person],
            event="event_booked",
            title=f"You are on the waiting list for {event.title}",
            body="We will tell you if a place comes free.",
            link=event.get_absolute_url(),
            key=f"{booking.pk}:{booking.status}",
        )
    else:
        notify(
            recipients=managers_of(booking.person.borough_id),
            event="event_agreement_needed",
            title=f"{booking.person} asks to attend {event.title}",
            body=f"{event.borough} asks for a home manager to agree first.",
            link=event.get_absolute_url(),
            key=f"{booking.pk}:{booking.status}",
        )


@transaction.atomic
def booking_make(*, event: LearningEvent, by: User) -> Booking:
    """A place if there is one, else the waiting list; never more bookings than places.

    The event's row is locked while places are counted, so bookings made at the
    same moment queue behind each other and take positions in turn.
    """
    if by.is_coordinator:
        raise PermissionDenied("Social workers and managers book events")
    event = _locked(event)
    if not event.is_open:
        raise ValidationError("This event is cancelled: it cannot be booked")
    if event.has_started:
        raise ValidationError("This event has started: it can no longer be booked")
    if event.bookings.filter(person=by, status__in=ACTIVE_BOOKING_STATES).exists():
        raise ValidationError("You have already booked this event or are on its waiting list")
    taken = event.bookings.filter(status__in=HOLDING_PLACE).count()
    last = event.bookings.aggregate(last=Max("position"))["last"] or 0
    status = _status_for_a_place(event, by) if taken < event.capacity else BookingStatus.WAITING
    booking = Booking.objects.create(event=event, person=by, status=status, position=last + 1)
    audit_record(actor=by, action="booking_made", obj=booking, to_state=status)
    _announce(booking)
    return booking


def _fill_free_places(event: LearningEvent, *, by: User) -> list[Booking]:
    """Move the first on the waiting list into free places (event row locked)."""
    if not event.is_open or event.has_started:
        return []
    free = event.capacity - event.bookings.filter(status__in=HOLDING_PLACE).count()
    if free <= 0:
        return []
    promoted = list(
        event.bookings.filter(status=BookingStatus.WAITING)
        .select_related("person")
        .order_by("position")[:free]
    )
    for booking in promoted:
        booking.event = event
        booking.status = _status_for_a_place(event, booking.person)
        booking.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            action="booking_promoted",
            obj=booking,
            from_state=BookingStatus.WAITING,
            to_state=booking.status,
        )
        if booking.status == BookingStatus.BOOKED:
            _confirm(
                booking,
                event="event_place_offered",
                title=f"A place came free: you are booked on {event.title}",
            )
        else:
            _announce(booking)
    return promoted


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User) -> Booking:
    """The person's own (or the host's) cancellation; the waiting list moves up."""
    event = _locked(booking.event)
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("person").get(pk=booking.pk)
    )
    if not (by.pk == booking.person_id or event.can_be_changed_by(by)):
        raise PermissionDenied("Only the person who booked or the host can cancel a booking")
    if not booking.is_active:
        raise ValidationError("This booking is already cancelled")
    before = booking.status
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        action="booking_cancelled",
        obj=booking,
        from_state=before,
        to_state=booking.status,
    )
    if before in HOLDING_PLACE:
        _fill_free_places(event, by=by)
    return booking


@transaction.atomic
def booking_home_decide(*, booking: Booking, agree: bool, by: User) -> Booking:
    """The person's home manager agrees (the place is theirs) or declines (it is freed)."""
    event = _locked(booking.event)  # the event first, as booking_make locks it
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("person__borough")
        .get(pk=booking.pk)
    )
    booking.event = event
    if not (by.coordinates(booking.person.borough) or by.manages(booking.person.borough)):
        raise PermissionDenied("Only the person's home managers can agree to this booking")
    if booking.status != BookingStatus.PENDING_HOME_AGREEMENT:
        raise ValidationError("This booking is not waiting for a home manager")
    booking.status = BookingStatus.BOOKED if agree else BookingStatus.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    action = "booking_home_agreed" if agree else "booking_home_declined"
    audit_record(
        actor=by,
        action=action,
        obj=booking,
        from_state=BookingStatus.PENDING_HOME_AGREEMENT,
        to_state=booking.status,
    )
    if agree:
        _confirm(
            booking,
            event="event_agreement_decided",
            title=f"Your manager agreed: you are booked on {event.title}",
        )
    else:
        notify(
            recipients=[booking.person],
            event="event_agreement_decided",
            title=f"Your manager declined your booking on {event.title}",
            link=event.get_absolute_url(),
            key=f"{booking.pk}:declined",
        )
        _fill_free_places(event, by=by)
    return booking


@transaction.atomic
def attendance_record(*, event: LearningEvent, attended: dict[int, bool | None], by: User) -> int:
    """The host records who came; how many bookings changed."""
    event = _locked(event)
    _check_host(event.borough, by)
    if not event.has_started:
        raise ValidationError("Attendance can be recorded once the event has started")
    changes = 0
    for booking in event.bookings.filter(status=BookingStatus.BOOKED, pk__in=attended):
        value = attended[booking.pk]
        if booking.attended == value:
            continue
        booking.attended = value
        booking.save(update_fields=["attended", "updated_at"])
        audit_record(
            actor=by, action="attendance_recorded", obj=booking, changed_fields=["attended"]
        )
        changes += 1
    return changes
