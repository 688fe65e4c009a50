"""Two managers of one borough save the same month's pressure report at the
same moment: one report is kept, the other is told to change it, never a 500."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from boroughs.models import PressureReport
from tests.concurrency import all_at_once
from tests.factories import UserFactory
from tests.personas import TwoFactorClient, with_totp

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_reports_for_one_month_at_once_keep_one_and_explain_the_other(
    haringey, haringey_manager, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    second = with_totp(
        UserFactory(email="second@haringey.gov.uk", role=haringey_manager.role, borough=haringey)
    )
    url = reverse("pressure_report_new", args=[haringey.gss_code])
    month = timezone.localdate().replace(day=1).isoformat()

    def saving(person, vacancy: str):
        client = TwoFactorClient()
        client.force_login(person)
        data = {
            "month": month,
            "vacancy_rate": vacancy,
            "agency_rate": "10",
            "average_caseload": "15",
            "assessment_backlog": "3",
        }
        return lambda: client.post(url, data)

    results = all_at_once([lambda: saving(haringey_manager, "20"), lambda: saving(second, "30")])

    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    assert sorted(r.status_code for r in results) == [302, 400]
    refused = next(r for r in results if r.status_code == 400).content.decode()
    assert "Haringey already has a report for" in refused
    assert PressureReport.objects.filter(borough=haringey).count() == 1
    assert AuditEvent.objects.filter(action="pressure_report_created").count() == 1
