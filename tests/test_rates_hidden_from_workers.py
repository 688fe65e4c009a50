"""Acceptance 4 of "who pays": a social worker never sees a rate other than
their own placement's. Day rates are the boroughs' business; a worker browsing
requests sees who pays, not what."""

from decimal import Decimal

import pytest
from django.urls import reverse

from boroughs.models import FundingModel
from secondments import services
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_rate_request(haringey_manager):
    draft = services.help_request_create(
        by=haringey_manager,
        data=request_data(funding_model=FundingModel.DAY_RATE, day_rate=Decimal("1234.50")),
    )
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def test_a_worker_sees_who_pays_but_not_the_request_day_rate(
    client, camden_worker, day_rate_request
):
    client.force_login(camden_worker)
    page = client.get(reverse("request_detail", args=[day_rate_request.pk])).content.decode()
    assert "Agreed day rate" in page
    assert "1,234.50" not in page and "1234.50" not in page


def test_managers_see_the_request_day_rate(client, camden_manager, day_rate_request):
    client.force_login(camden_manager)
    page = client.get(reverse("request_detail", args=[day_rate_request.pk])).content.decode()
    assert "Agreed day rate: £1,234.50 a day" in page
