"""The demo shows learning events: upcoming ones from demo boroughs, one nearly
full with a waiting list; seeding twice makes nothing more."""

import pytest
from django.core.management import call_command

from home.demo.learning_events import seed_events
from learning.models import Booking, BookingStatus, LearningEvent

pytestmark = pytest.mark.django_db


def test_the_demo_has_upcoming_events_one_with_a_waiting_list(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")

    # seed_demo made them; a second run makes nothing more.
    assert seed_events() == 0

    full = LearningEvent.objects.get(title="Contextual safeguarding in practice")
    bookings = Booking.objects.filter(event=full)
    assert bookings.filter(status=BookingStatus.BOOKED).count() == 6
    assert bookings.filter(status=BookingStatus.WAITING).count() == 2
    assert LearningEvent.objects.upcoming().count() == 3
