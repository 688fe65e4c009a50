"""Coordinators filter the audit log by dates typed in GOV.UK date inputs: day, month
and year boxes, with GOV.UK's messages when a date is incomplete or unreal."""

import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from secondments import services
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

AUDIT_LOG = reverse("audit_log")


@pytest.fixture
def two_days_of_changes(camden_manager) -> None:
    """A help request created on 10 January 2025 and published on the 11th."""
    draft = services.help_request_create(by=camden_manager, data=request_data())
    services.help_request_publish(help_request=draft, by=camden_manager)
    assert AuditEvent.objects.count() == 2
    for action, day in (("request_created", 10), ("request_published", 11)):
        AuditEvent.objects.filter(action=action).update(
            at=datetime.datetime(2025, 1, day, 12, 0, tzinfo=datetime.UTC)
        )


def _rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def _summary_links(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return [
        (href, " ".join(text.split()))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', summary, flags=re.S)
    ]


def _get(client, coordinator, **filters) -> str:
    client.force_login(coordinator)
    # Signing in is audited too; these tests are about the changes made before it.
    AuditEvent.objects.filter(action="signed_in", actor=coordinator).delete()
    response = client.get(AUDIT_LOG, filters)
    assert response.status_code == 200
    return response.content.decode()


def test_the_filter_has_day_month_and_year_boxes(client, coordinator):
    html = _get(client, coordinator)

    for name in ("date_from", "date_to"):
        for part in ("day", "month", "year"):
            assert f'id="id_{name}-{part}" name="{name}-{part}"' in html
    assert 'type="date"' not in html


def test_dates_typed_in_the_boxes_narrow_the_log(client, coordinator, two_days_of_changes):
    html = _get(
        client,
        coordinator,
        **{"date_from-day": "11", "date_from-month": "1", "date_from-year": "2025"},
        **{"date_to-day": "11", "date_to-month": "01", "date_to-year": "2025"},
    )

    (row,) = _rows(html)
    assert row.startswith("11 Jan 2025") and "Help request published" in row
    # The boxes keep what was typed.
    assert 'name="date_to-month" type="text" value="01"' in html


@pytest.mark.parametrize(
    ("filters", "message", "anchor", "shown"),
    [
        (
            {"date_from-day": "11", "date_from-year": "2025"},
            "From date must include a month",
            "#id_date_from-month",
            2,
        ),
        (
            {"date_to-day": "29", "date_to-month": "2", "date_to-year": "2025"},
            "To date must be a real date",
            "#id_date_to-day",
            2,
        ),
        (
            {"date_to-day": "1", "date_to-month": "2", "date_to-year": "25"},
            "Year must include 4 numbers",
            "#id_date_to-year",
            2,
        ),
        (
            {"date_from-day": "11", "date_from-month": "1", "date_from-year": "2025"}
            | {"date_to-day": "10", "date_to-month": "1", "date_to-year": "2025"},
            "To date must be the same as or after the from date",
            "#id_date_to-day",
            1,
        ),
    ],
)
def test_an_incomplete_or_unreal_date_is_explained_and_left_out(
    client, coordinator, two_days_of_changes, filters, message, anchor, shown
):
    html = _get(client, coordinator, **filters)

    assert _summary_links(html) == [(anchor, message)]
    assert "<title>Error: Audit log" in html
    # The date in error is left out; any other filter still applies.
    assert len(_rows(html)) == shown
