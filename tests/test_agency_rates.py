"""Coordinators set each region's reference agency day rates; managers may look."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import JobLevel
from audit.models import AuditEvent
from money.models import AgencyDayRate
from money.statements.services import agency_rates_set

pytestmark = pytest.mark.django_db

SW, SP = JobLevel.SOCIAL_WORKER.value, JobLevel.SENIOR_PRACTITIONER.value


def test_a_coordinator_sets_a_regions_rates(client, camden, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("agency_rates"),
        {"region": "London", f"rate_{SW}": "£450", f"rate_{SP}": "1,200.50"},
    )

    assert response.status_code == 302
    assert dict(AgencyDayRate.objects.values_list("job_level", "day_rate")) == {
        SW: Decimal("450.00"),
        SP: Decimal("1200.50"),
    }
    page = client.get(reverse("agency_rates")).content.decode()
    assert "£1,200.50" in page
    assert "Save agency rates" in page
    assert AuditEvent.objects.filter(action="agency_rate_set").count() == 2


def test_clearing_a_box_removes_the_rate(camden, coordinator):
    agency_rates_set(region="London", rates={SW: Decimal("450")}, by=coordinator)

    changed = agency_rates_set(region="London", rates={SW: None}, by=coordinator)

    assert changed == 1
    assert not AgencyDayRate.objects.exists()
    assert AuditEvent.objects.filter(action="agency_rate_removed").count() == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0.50", "Enter a social worker agency day rate from £1 to £2,000"),
        ("2000.01", "Enter a social worker agency day rate from £1 to £2,000"),
        ("-5", "Enter a social worker agency day rate from £1 to £2,000"),
        ("lots", "Enter a social worker agency day rate as a number, like 450.00"),
        ("450.123", "Enter a social worker agency day rate to no more than 2 decimal places"),
    ],
)
def test_bad_rates_get_a_specific_error_and_save_nothing(
    client, camden, coordinator, typed, message
):
    client.force_login(coordinator)

    response = client.post(reverse("agency_rates"), {"region": "London", f"rate_{SW}": typed})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AgencyDayRate.objects.exists()


def test_managers_may_look_but_not_change(client, camden, camden_manager):
    client.force_login(camden_manager)

    page = client.get(reverse("agency_rates"))
    post = client.post(reverse("agency_rates"), {"region": "London", f"rate_{SW}": "450"})

    assert page.status_code == 200
    assert "Save agency rates" not in page.content.decode()
    assert post.status_code == 403
    assert not AgencyDayRate.objects.exists()
    with pytest.raises(PermissionDenied):
        agency_rates_set(region="London", rates={SW: Decimal("450")}, by=camden_manager)


def test_workers_do_not_see_agency_rates(client, camden_worker):
    client.force_login(camden_worker)

    assert client.get(reverse("agency_rates")).status_code == 404


def test_an_unknown_region_is_refused(client, camden, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("agency_rates"), {"region": "Atlantis", f"rate_{SW}": "450"})

    assert response.status_code == 404
    assert not AgencyDayRate.objects.exists()
