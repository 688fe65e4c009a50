"""A social worker gives their availability's dates in GOV.UK date inputs:
day, month and year boxes, with GOV.UK's messages when a date is incomplete or unreal."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Availability

pytestmark = pytest.mark.django_db


def _parts(name: str, when: datetime.date | None = None, /, **typed: str) -> dict[str, str]:
    """The three boxes of a date input, from a date, then with some boxes as typed."""
    parts = {"day": "", "month": "", "year": ""}
    if when is not None:
        parts = {"day": str(when.day), "month": str(when.month), "year": str(when.year)}
    parts.update(typed)
    return {f"{name}-{part}": value for part, value in parts.items()}


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _summary_links(page: str) -> list[tuple[str, str]]:
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return [
        (href, " ".join(text.split()))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', summary, flags=re.S)
    ]


def test_the_form_shows_day_month_and_year_boxes(client, camden_worker):
    client.force_login(camden_worker)

    page = client.get(reverse("availability_add")).content.decode()

    for name in ("starts_on", "ends_on"):
        for part in ("day", "month", "year"):
            assert f'id="id_{name}-{part}" name="{name}-{part}"' in page
    assert 'type="date"' not in page


def test_dates_typed_in_the_boxes_are_saved(client, camden_worker):
    client.force_login(camden_worker)
    starts_on, ends_on = _in(20), _in(80)

    response = client.post(
        reverse("availability_add"),
        {**_parts("starts_on", starts_on), **_parts("ends_on", ends_on), "days_per_week": "2"},
    )

    assert response.status_code == 302
    period = Availability.objects.get(profile__user=camden_worker)
    assert (period.starts_on, period.ends_on) == (starts_on, ends_on)


def test_changing_a_period_shows_its_dates_in_the_boxes(client, camden_worker):
    client.force_login(camden_worker)
    starts_on = _in(15)
    client.post(
        reverse("availability_add"),
        {**_parts("starts_on", starts_on), **_parts("ends_on", _in(40)), "days_per_week": "4"},
    )
    period = Availability.objects.get(profile__user=camden_worker)

    page = client.get(reverse("availability_edit", args=[period.pk])).content.decode()

    assert re.search(rf'name="starts_on-day" type="text"[^>]*value="{starts_on.day}"', page)
    assert re.search(rf'name="starts_on-year" type="text"[^>]*value="{starts_on.year}"', page)


@pytest.mark.parametrize(
    ("starts_on", "message", "highlighted"),
    [
        ({"month": ""}, "Start date must include a month", ["month"]),
        ({"day": "", "year": ""}, "Start date must include a day and year", ["day", "year"]),
        ({"day": "31", "month": "2"}, "Start date must be a real date", ["day", "month", "year"]),
        ({"month": "March"}, "Start date must be a real date", ["day", "month", "year"]),
        ({"year": "27"}, "Year must include 4 numbers", ["year"]),
    ],
)
def test_an_incomplete_or_unreal_start_date_is_refused_with_the_box_to_fix(
    client, camden_worker, starts_on, message, highlighted
):
    client.force_login(camden_worker)
    data = {
        **_parts("starts_on", _in(20), **starts_on),
        **_parts("ends_on", _in(80)),
        "days_per_week": "3",
    }

    response = client.post(reverse("availability_add"), data)

    assert response.status_code == 200
    page = response.content.decode()
    # The summary links to the first box to fix, and only those boxes are highlighted.
    assert _summary_links(page) == [(f"#id_starts_on-{highlighted[0]}", message)]
    assert "<title>Error: Add availability" in page
    in_error = re.findall(r'class="[^"]*govuk-input--error[^"]*" id="id_starts_on-(\w+)"', page)
    assert in_error == highlighted
    assert f'name="starts_on-month" type="text" value="{data["starts_on-month"]}"' in page
    assert not Availability.objects.exists()


def test_a_missing_end_date_keeps_its_own_message(client, camden_worker):
    client.force_login(camden_worker)

    response = client.post(
        reverse("availability_add"),
        {**_parts("starts_on", _in(20)), **_parts("ends_on"), "days_per_week": "3"},
    )

    assert _summary_links(response.content.decode()) == [("#id_ends_on-day", "Enter an end date")]
    assert not Availability.objects.exists()


def test_an_end_before_the_start_keeps_its_own_message(client, camden_worker):
    client.force_login(camden_worker)

    response = client.post(
        reverse("availability_add"),
        {**_parts("starts_on", _in(30)), **_parts("ends_on", _in(29)), "days_per_week": "3"},
    )

    assert _summary_links(response.content.decode()) == [
        ("#id_ends_on-day", "End date must be the same as or after the start date")
    ]
    assert not Availability.objects.exists()
