"""Proposals and answers made at the same moment on PostgreSQL: the pair's dates
are held by one proposal only, and a proposal is answered once."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import Agreement, AgreementStatus, FundingModel
from money.agreements.services import agreement_propose
from tests.concurrency import all_at_once
from tests.personas import TwoFactorClient

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate()


def _signed_in(user, url: str, data: dict):
    client = TwoFactorClient()
    client.force_login(user)
    return lambda: client.post(url, data)


def test_two_boroughs_proposing_overlapping_agreements_at_once_make_one(
    camden, hackney, camden_manager, hackney_manager, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    url = reverse("agreement_propose")

    def proposal(other, days_ahead: int) -> dict:
        return {
            "other_borough": str(other.pk),
            "funding_model": FundingModel.HOME_FUNDED,
            "starts_on": (TODAY + datetime.timedelta(days=days_ahead)).isoformat(),
        }

    jobs = [
        lambda: _signed_in(camden_manager, url, proposal(hackney, 10)),
        lambda: _signed_in(hackney_manager, url, proposal(camden, 20)),
    ] * 3

    results = all_at_once(jobs)

    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors[:3]
    assert sorted(response.status_code for response in results) == [302] + [400] * 5
    refused = [response.text for response in results if response.status_code == 400]
    assert all(
        "Camden and Hackney already have an agreement" in page
        or "Hackney and Camden already have an agreement" in page
        for page in refused
    )
    assert Agreement.objects.count() == 1
    assert AuditEvent.objects.filter(action="agreement_proposed").count() == 1


def test_two_managers_accepting_at_once_accept_it_once(
    camden, hackney, camden_manager, hackney_manager, coordinator, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    agreement = agreement_propose(
        from_borough=camden,
        to_borough=hackney,
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY,
        by=camden_manager,
    )
    url = reverse("agreement_accept", args=[agreement.pk])

    results = all_at_once(
        [lambda: _signed_in(hackney_manager, url, {}), lambda: _signed_in(coordinator, url, {})]
    )

    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors[:3]
    assert sorted(response.status_code for response in results) == [302, 409]
    assert Agreement.objects.get().status == AgreementStatus.ACCEPTED
    assert AuditEvent.objects.filter(action="agreement_accepted").count() == 1
