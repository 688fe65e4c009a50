"""A social worker adds, changes and removes the periods they are available."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Availability
from tests.factories import AvailabilityFactory

pytestmark = pytest.mark.django_db


def _day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def test_worker_adds_availability(client, camden_worker):
    client.force_login(camden_worker)

    response = client.post(
        reverse("availability_add"),
        {"starts_on": _day(10), "ends_on": _day(70), "days_per_week": "3"},
    )

    assert response.status_code == 302
    period = Availability.objects.get(profile__user=camden_worker)
    assert period.days_per_week == 3
    page = client.get(reverse("profile")).content.decode()
    assert "Availability added" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"starts_on": _day(30), "ends_on": _day(20), "days_per_week": "3"},
            "End date must be the same as or after the start date",
        ),
        (
            {"starts_on": _day(10), "ends_on": _day(20), "days_per_week": "0"},
            "Days per week must be between 1 and 5",
        ),
        (
            {"starts_on": _day(10), "ends_on": _day(20), "days_per_week": "6"},
            "Days per week must be between 1 and 5",
        ),
        (
            {"starts_on": _day(10), "ends_on": _day(20), "days_per_week": "two"},
            "Days per week must be a whole number between 1 and 5",
        ),
        ({"starts_on": "", "ends_on": _day(20), "days_per_week": "2"}, "Enter a start date"),
        (
            {"starts_on": _day(-40), "ends_on": _day(-10), "days_per_week": "2"},
            "End date must be today or in the future",
        ),
    ],
)
def test_bad_availability_gets_a_specific_error_and_saves_nothing(
    client, camden_worker, data, message
):
    client.force_login(camden_worker)

    response = client.post(reverse("availability_add"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not Availability.objects.exists()


def test_overlapping_availability_is_refused_with_the_clashing_dates(client, camden_worker):
    existing = AvailabilityFactory(profile=camden_worker.worker_profile)
    client.force_login(camden_worker)

    response = client.post(
        reverse("availability_add"),
        {
            "starts_on": (existing.ends_on - datetime.timedelta(days=5)).isoformat(),
            "ends_on": (existing.ends_on + datetime.timedelta(days=30)).isoformat(),
            "days_per_week": "2",
        },
    )

    page = response.content.decode()
    assert f"This period overlaps your availability from {existing.starts_on:%-d %B %Y}" in page
    assert Availability.objects.count() == 1


def test_the_database_refuses_overlaps_the_form_did_not_see(camden_worker):
    existing = AvailabilityFactory(profile=camden_worker.worker_profile)
    with pytest.raises(IntegrityError), transaction.atomic():
        Availability.objects.create(
            profile=existing.profile,
            starts_on=existing.ends_on,
            ends_on=existing.ends_on + datetime.timedelta(days=3),
            days_per_week=1,
        )
    assert Availability.objects.count() == 1


def test_another_worker_may_overlap_the_same_dates(camden_worker, hackney_worker):
    mine = AvailabilityFactory(profile=camden_worker.worker_profile)
    AvailabilityFactory(
        profile=hackney_worker.worker_profile, starts_on=mine.starts_on, ends_on=mine.ends_on
    )
    assert Availability.objects.count() == 2


def test_worker_changes_a_period_without_clashing_with_itself(client, camden_worker):
    period = AvailabilityFactory(profile=camden_worker.worker_profile)
    client.force_login(camden_worker)

    response = client.post(
        reverse("availability_edit", args=[period.pk]),
        {
            "starts_on": period.starts_on.isoformat(),
            "ends_on": (period.ends_on + datetime.timedelta(days=7)).isoformat(),
            "days_per_week": "5",
        },
    )

    assert response.status_code == 302
    period.refresh_from_db()
    assert period.days_per_week == 5


def test_worker_removes_a_period_after_confirming(client, camden_worker):
    period = AvailabilityFactory(profile=camden_worker.worker_profile)
    client.force_login(camden_worker)

    confirm = client.get(reverse("availability_remove", args=[period.pk]))
    assert "Are you sure you want to remove this availability?" in confirm.content.decode()
    assert Availability.objects.count() == 1

    client.post(reverse("availability_remove", args=[period.pk]))
    assert not Availability.objects.exists()


@pytest.mark.parametrize("url_name", ["availability_edit", "availability_remove"])
def test_others_cannot_touch_a_workers_availability(
    client, camden_worker, hackney_worker, hackney_manager, camden_manager, coordinator, url_name
):
    period = AvailabilityFactory(profile=camden_worker.worker_profile)
    url = reverse(url_name, args=[period.pk])
    expected = {hackney_worker: 404, hackney_manager: 404, camden_manager: 403, coordinator: 403}

    for person, status in expected.items():
        client.force_login(person)
        assert client.get(url).status_code == status, person
        assert client.post(url, {"days_per_week": "1"}).status_code == status, person

    period.refresh_from_db()
    assert period.days_per_week == 3
    assert Availability.objects.count() == 1
