"""The placement's timesheet page and a week's page, as each person sees them."""

import datetime
import html as html_text
import re

import pytest
import time_machine
from django.urls import reverse

from money.timesheets import services
from tests.clock import at
from tests.timesheet_scenes import (
    FIRST_WEEK,
    FULL,
    SECOND_WEEK,
    THIS_WEEK,
    TODAY,
    haringey_placement,
    submitted,
    three_days,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield


@pytest.fixture
def placement(camden_worker, haringey, haringey_manager):
    """Week one signed off, week two queried, this week waiting with a half day."""
    placement = haringey_placement(camden_worker, haringey)
    wednesday = FIRST_WEEK + datetime.timedelta(days=2)
    first_days = {wednesday + datetime.timedelta(days=n): FULL for n in range(3)}
    services.timesheet_sign_off(
        timesheet=submitted(placement, FIRST_WEEK, days=first_days), by=haringey_manager
    )
    services.timesheet_query(
        timesheet=submitted(placement, SECOND_WEEK),
        reason="Monday was a bank visit, not a working day",
        by=haringey_manager,
    )
    submitted(placement, THIS_WEEK, days=three_days(THIS_WEEK, half_on_wednesday=True))
    return placement


def _text(html: str) -> str:
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _rows(html: str) -> list[str]:
    return [_text(row) for row in re.findall(r"<tbody.*?</tbody>", html, re.S)[0].split("</tr>")][
        :-1
    ]


def _page(client, person, placement) -> str:
    client.force_login(person)
    response = client.get(reverse("placement_timesheets", args=[placement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_weeks_show_their_status_and_days_and_the_totals(client, placement, camden_manager):
    html = _page(client, camden_manager, placement)

    assert _rows(html) == [
        "28 September 2026 Signed off 3 days Signed off by Harry Manager",
        "5 October 2026 Queried 3 days",
        "12 October 2026 Waiting for sign-off 2½ days",
    ]
    text = _text(html)
    assert "Days signed off 3 days" in text
    assert "Days waiting for sign-off 2½ days" in text
    assert "Weeks queried 1" in text
    assert "Sign off" not in text  # the home manager only sees


def test_a_week_not_submitted_shows_so_and_the_worker_is_asked_to_record_it(
    client, camden_worker, haringey
):
    placement = haringey_placement(camden_worker, haringey)

    rows = _rows(_page(client, camden_worker, placement))

    assert rows == [
        "28 September 2026 Not submitted \N{EN DASH} Record week week starting 28 September 2026",
        "5 October 2026 Not submitted \N{EN DASH} Record week week starting 5 October 2026",
        "12 October 2026 Not submitted \N{EN DASH} Record week week starting 12 October 2026",
    ]


def test_the_worker_is_asked_to_correct_a_queried_week(client, placement, camden_worker):
    rows = _rows(_page(client, camden_worker, placement))

    assert rows[1] == "5 October 2026 Queried 3 days Correct week week starting 5 October 2026"
    assert "Record week" not in rows[2] and "Correct week" not in rows[2]


def test_the_host_manager_gets_sign_off_and_query_on_waiting_weeks(
    client, placement, haringey_manager
):
    html = _page(client, haringey_manager, placement)

    rows = _rows(html)
    assert rows[2].endswith(
        "Sign off week starting 12 October 2026 Query week starting 12 October 2026"
    )
    assert "Sign off" not in rows[1]
    timesheet = placement.timesheets.get(week_starting=THIS_WEEK)
    assert reverse("timesheet_sign_off", args=[timesheet.pk]) in html


def test_the_worker_form_has_a_row_of_radios_per_day_so_far(client, camden_worker, haringey):
    placement = haringey_placement(camden_worker, haringey)
    client.force_login(camden_worker)

    html = client.get(
        reverse("timesheet_week", args=[placement.pk, THIS_WEEK.isoformat()])
    ).content.decode()

    legends = re.findall(r"<legend[^>]*>\s*(.*?)\s*</legend>", html, re.S)
    assert legends == [
        "Monday 12 October 2026",
        "Tuesday 13 October 2026",
        "Wednesday 14 October 2026",
    ]
    text = _text(html)
    assert text.count("Not worked Half day Full day") == 3
    assert "Extra days agreed by the host (reason)" in text
    assert "more than the placement's 3 days a week" in text
    assert "Submit timesheet" in text


def test_a_queried_week_shows_the_reason_and_the_form_filled_in(client, placement, camden_worker):
    client.force_login(camden_worker)

    html = client.get(
        reverse("timesheet_week", args=[placement.pk, SECOND_WEEK.isoformat()])
    ).content.decode()

    assert "Haringey queried this week: Monday was a bank visit, not a working day" in _text(html)
    assert 'value="1" checked' in html
    assert "Submit timesheet" in html


def test_a_waiting_week_shows_the_half_day_and_no_form(client, placement, camden_worker):
    client.force_login(camden_worker)

    html = client.get(
        reverse("timesheet_week", args=[placement.pk, THIS_WEEK.isoformat()])
    ).content.decode()

    text = _text(html)
    assert "Wednesday 14 October 2026 Half day (½)" in text
    assert "Days worked 2½ days" in text
    assert "Submit timesheet" not in text
    assert "Sign off week" not in text


def test_the_placement_page_links_to_its_timesheets(client, placement, coordinator):
    client.force_login(coordinator)

    html = client.get(placement.get_absolute_url()).content.decode()

    assert reverse("placement_timesheets", args=[placement.pk]) in html


def test_the_workers_dashboard_counts_weeks_to_record_and_links_to_them(
    client, placement, camden_worker
):
    # Week one signed off, week two queried, this week waiting: one to correct.
    client.force_login(camden_worker)

    html = client.get(reverse("dashboard")).content.decode()

    assert "Timesheets to submit (1)" in html
    link = reverse("placement_timesheets", args=[placement.pk])
    assert f'href="{link}">Haringey: 1 week to record</a>' in html


def test_the_host_managers_dashboard_lists_weeks_waiting_for_sign_off(
    client, placement, haringey_manager, camden_manager
):
    client.force_login(haringey_manager)
    html = client.get(reverse("dashboard")).content.decode()

    assert "Timesheets waiting for your sign-off (1)" in html
    week = reverse("timesheet_week", args=[placement.pk, THIS_WEEK.isoformat()])
    assert f'href="{week}">Wendy Worker, week starting 12 Oct 2026</a>' in html

    client.force_login(camden_manager)
    assert (
        "Timesheets waiting for your sign-off (0)"
        in client.get(reverse("dashboard")).content.decode()
    )
