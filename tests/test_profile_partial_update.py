"""A profile change touches only what it is given: nothing the worker set is
wiped because a key was left out."""

import pytest

from accounts.models import TravelScope
from audit.models import AuditEvent
from people import services
from tests.factories import AvailabilityFactory, BoroughFactory

pytestmark = pytest.mark.django_db


def test_leaving_out_the_chosen_boroughs_keeps_them(camden_worker):
    profile = camden_worker.worker_profile
    islington = BoroughFactory(name="Islington")
    services.worker_profile_update(
        profile=profile,
        data={"travel_scope": TravelScope.CHOSEN, "willing_boroughs": [islington]},
        by=camden_worker,
    )

    services.worker_profile_update(
        profile=profile, data={"travel_scope": TravelScope.CHOSEN}, by=camden_worker
    )
    services.worker_profile_update(profile=profile, data={"languages": "Welsh"}, by=camden_worker)

    assert list(profile.willing_boroughs.all()) == [islington]
    profile.refresh_from_db()
    assert profile.languages == "Welsh"


def test_removing_one_period_twice_records_it_once(camden_worker):
    period = AvailabilityFactory(profile=camden_worker.worker_profile)
    stale_copy = type(period).objects.select_related("profile__user").get(pk=period.pk)

    services.availability_remove(availability=period, by=camden_worker)
    services.availability_remove(availability=stale_copy, by=camden_worker)

    assert AuditEvent.objects.filter(action="availability_removed").count() == 1
