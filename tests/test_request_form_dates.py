"""A host manager enters a help request's start and end dates in GOV.UK date
inputs (day, month and year boxes) and is told exactly what to fix."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from secondments import services
from secondments.models import HelpRequest
from tests.request_input import request_data, request_form

pytestmark = pytest.mark.django_db

URL = reverse("request_create")
TODAY = timezone.localdate()


def _dated(start: tuple[str, str, str], end: datetime.date | None = None, **overrides) -> dict:
    """The "Ask for help" form with the start date typed into its three boxes."""
    data = request_form(**overrides)
    del data["starts_on"]
    day, month, year = start
    data.update({"starts_on-day": day, "starts_on-month": month, "starts_on-year": year})
    if end is not None:
        del data["ends_on"]
        data.update(
            {
                "ends_on-day": str(end.day),
                "ends_on-month": str(end.month),
                "ends_on-year": str(end.year),
            }
        )
    return data


def _post(client, manager, data: dict) -> str:
    client.force_login(manager)
    response = client.post(URL, data)
    assert response.status_code == 200, "the form should be shown again with its errors"
    return response.content.decode()


def _refused(page: str, message: str, anchor: str) -> None:
    assert "<title>Error: Ask for help" in page
    assert f'<a href="#{anchor}">{message}</a>' in page, "the error summary links to the box"
    assert f'id="{anchor}"' in page
    assert re.search(rf'class="govuk-error-message">\s*<span[^>]*>Error:</span>\s*{message}', page)
    assert not HelpRequest.objects.exists()


def test_the_form_has_day_month_and_year_boxes_for_both_dates(client, camden_manager):
    client.force_login(camden_manager)

    page = client.get(URL).content.decode()

    for name in ("starts_on", "ends_on"):
        for part in ("day", "month", "year"):
            assert f'name="{name}-{part}"' in page
    assert 'type="date"' not in page


def test_a_missing_month_is_named(client, camden_manager):
    page = _post(client, camden_manager, _dated(("3", "", "2027")))

    _refused(page, "Start date must include a month", "id_starts_on-month")
    assert 'name="starts_on-day" type="text" value="3"' in page, "what was typed is kept"


def test_a_date_that_does_not_exist_is_not_a_real_date(client, camden_manager):
    page = _post(client, camden_manager, _dated(("31", "2", str(TODAY.year + 1))))

    _refused(page, "Start date must be a real date", "id_starts_on-day")


def test_a_two_digit_year_asks_for_four_numbers(client, camden_manager):
    start = TODAY + datetime.timedelta(days=10)

    page = _post(client, camden_manager, _dated((str(start.day), str(start.month), "27")))

    _refused(page, "Year must include 4 numbers", "id_starts_on-year")


def test_a_draft_cannot_start_in_the_past_and_nothing_is_saved(client, camden_manager):
    yesterday = TODAY - datetime.timedelta(days=1)

    page = _post(
        client,
        camden_manager,
        _dated(
            (str(yesterday.day), str(yesterday.month), str(yesterday.year)),
            end=yesterday + datetime.timedelta(days=30),
        ),
    )

    _refused(page, "Start date must be today or in the future", "id_starts_on-day")


def test_the_service_refuses_a_draft_starting_in_the_past(haringey_manager):
    yesterday = TODAY - datetime.timedelta(days=1)
    data = request_data(starts_on=yesterday, ends_on=yesterday + datetime.timedelta(days=30))

    with pytest.raises(ValidationError) as error:
        services.help_request_create(by=haringey_manager, data=data)

    assert error.value.message_dict == {"starts_on": ["Start date must be today or in the future"]}
    assert not HelpRequest.objects.exists()


def test_a_draft_starting_today_is_saved_from_the_three_boxes(client, camden_manager):
    end = TODAY + datetime.timedelta(days=60)
    client.force_login(camden_manager)

    response = client.post(
        URL, _dated((str(TODAY.day), f"{TODAY.month:02}", str(TODAY.year)), end=end)
    )

    saved = HelpRequest.objects.get()
    assert response["Location"] == saved.get_absolute_url()
    assert (saved.starts_on, saved.ends_on) == (TODAY, end)


def test_changing_a_draft_shows_its_dates_in_the_boxes(client, haringey_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data())
    client.force_login(haringey_manager)

    page = client.get(reverse("request_edit", args=[draft.pk])).content.decode()

    start = draft.starts_on
    assert f'name="starts_on-day" type="text" value="{start.day}"' in page
    assert f'name="starts_on-month" type="text" value="{start.month}"' in page
    assert f'name="starts_on-year" type="text" value="{start.year}"' in page
