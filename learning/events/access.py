"""Who may see and change learning events and bookings (DESIGN.md's access table:
open events are for every signed-in user; the host's managers change them)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from learning.models import Booking, LearningEvent


def get_event_for_user(user: User, pk: int, *, write: bool = False) -> LearningEvent:
    """404 for an event this person may not see (a cancelled one not theirs);
    403 when they may see it but `write` asks for the host's managers."""
    event = LearningEvent.objects.visible_to(user).select_related("borough").filter(pk=pk).first()
    if event is None:
        raise Http404("No such event")
    if write and not event.can_be_changed_by(user):
        raise PermissionDenied("Only the host borough's managers can change this event")
    return event


def booking_visible_to(booking: Booking, user: User) -> bool:
    person = booking.person
    return (
        user.coordinates(booking.event.borough, person.borough)
        or user.pk == person.pk
        or user.manages(booking.event.borough)
        or (user.is_manager and user.borough_id == person.borough_id)
    )


def get_booking_for_user(user: User, pk: int) -> Booking:
    """The person, their home managers, the host's managers and the coordinators
    of the host's or the person's region see a booking; anyone else is told it does not exist. The service checks who may
    do what with it (403)."""
    booking = (
        Booking.objects.select_related("event__borough", "person__borough").filter(pk=pk).first()
    )
    if booking is None or not booking_visible_to(booking, user):
        raise Http404("No such booking")
    return booking
