"""Acceptance 4 of "who pays": a social worker never sees a rate other than
their own placement's. Day rates are the boroughs' business; a worker browsing
requests sees who pays, not what."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from boroughs.models import FundingModel
from money.agreements.services import agreement_record
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


@pytest.fixture
def day_rate_agreement(camden, haringey, coordinator):
    return agreement_record(
        borough_a=camden,
        borough_b=haringey,
        funding_model=FundingModel.DAY_RATE,
        day_rate=Decimal("987.65"),
        recharge_terms="",
        notes="",
        starts_on=datetime.date(2026, 4, 1),
        by=coordinator,
    )


def test_a_worker_sees_the_boroughs_agreement_but_not_its_rate(
    client, camden, camden_worker, day_rate_agreement
):
    client.force_login(camden_worker)

    page = client.get(reverse("borough_detail", args=[camden.gss_code])).content.decode()

    assert "Agreed day rate" in page and "Haringey" in page
    assert "987.65" not in page


def test_the_boroughs_manager_sees_the_agreements_rate(
    client, camden, camden_manager, day_rate_agreement
):
    client.force_login(camden_manager)

    page = client.get(reverse("borough_detail", args=[camden.gss_code])).content.decode()

    assert "£987.65 a day" in page


def test_a_worker_finds_no_statement_ledger_money_or_agency_rates(
    client, camden, haringey, camden_worker
):
    client.force_login(camden_worker)

    for url in (
        reverse("statement_list"),
        reverse("statement_detail", args=[camden.gss_code, haringey.gss_code, "2026-10"]),
        reverse("statement_csv", args=[camden.gss_code, haringey.gss_code, "2026-10"]),
        reverse("ledger_report"),
        reverse("agency_rates"),
    ):
        assert client.get(url).status_code == 404, url
    ledger = client.get(reverse("borough_ledger", args=[camden.gss_code])).content.decode()
    assert "£" not in ledger
