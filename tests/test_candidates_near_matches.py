"""Near matches: social workers who meet every rule but availability, because
their availability covers only part of the request, shown apart from the full
matches with the share of the request's working days they cover."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Availability
from matching import ranking
from matching import services as matching_services
from matching.ranking import near_matches
from matching.ranking.filters import (
    WorkingDaysAvailable,
    partly_available_profiles,
    working_days_covered,
)
from secondments.working_days import bank_holidays, is_working_day
from tests.matching_people import open_request, place_on_map, quiet_monday, worker

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# Four whole weeks, Monday to Friday, with no bank holiday: 20 working days.
START = quiet_monday(timezone.localdate() + 20 * DAY, weeks=4)
END = START + 25 * DAY  # the fourth Friday


@pytest.fixture
def help_request(haringey_manager, camden, haringey, hackney):
    for borough in (camden, haringey, hackney):
        place_on_map(borough)
    return open_request(haringey_manager, START, title="Cover for four weeks", ends_on=END)


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("<h2", start)
    part = page[start : end if end != -1 else None]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())


def _page(client, manager, help_request) -> str:
    # The matching worker ranks after the changes above; the page reads its rows.
    matching_services.match_request(help_request=help_request)
    client.force_login(manager)
    response = client.get(reverse("request_candidates", args=[help_request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_worker_available_for_half_the_request_is_a_near_match_not_a_full_one(
    client, haringey_manager, help_request, camden
):
    worker("Freya Full", camden, for_request=help_request)
    worker("Hal Half", camden, for_request=help_request, available=(START, START + 13 * DAY, 5))

    page = _page(client, haringey_manager, help_request)

    near = _section(page, "near-matches")
    assert "1. Hal Half, Camden" in near
    assert "Available for 10 of 20 working days (50%)" in near
    assert re.search(r"Score \d+ out of 100", near)
    assert "Invite Hal Half" in near
    assert "Hal Half" not in _section(page, "candidates")
    assert "Freya Full" in _section(page, "candidates") and "Freya Full" not in near


def test_a_worker_whose_availability_misses_the_request_is_not_listed(
    client, haringey_manager, help_request, camden
):
    worker("Nell Nowhere", camden, for_request=help_request,
           available=(END + 3 * DAY, END + 60 * DAY, 5))  # fmt: skip
    # Available only over a weekend inside the request: no working day covered.
    worker("Wes Weekend", camden, for_request=help_request,
           available=(START + 5 * DAY, START + 6 * DAY, 5))  # fmt: skip

    page = _page(client, haringey_manager, help_request)

    assert "Nell Nowhere" not in page and "Wes Weekend" not in page
    assert "No social worker is available for part of these dates." in page


def test_near_matches_must_meet_every_other_rule(
    client, haringey_manager, help_request, camden, haringey
):
    half = (START, START + 13 * DAY, 5)
    worker("Una Unverified", camden, for_request=help_request, available=half, verified=False)
    worker("Hana Haringey", haringey, for_request=help_request, available=half)
    worker("Wyn Unwilling", camden, for_request=help_request, available=half, willing=[])
    # Available for half the dates, but at fewer days a week than asked (3).
    worker("Tess Twodays", camden, for_request=help_request, available=(START, START + 13 * DAY, 2))

    page = _page(client, haringey_manager, help_request)

    for name in ("Una Unverified", "Hana Haringey", "Wyn Unwilling", "Tess Twodays"):
        assert name not in page


def test_near_matches_cover_the_most_working_days_first(
    client, haringey_manager, help_request, camden, hackney
):
    worker("Wendy Week", camden, for_request=help_request, years=9,
           available=(START, START + 4 * DAY, 5))  # fmt: skip
    worker("Tom Three", hackney, for_request=help_request, years=3,
           available=(START + 7 * DAY, END + 30 * DAY, 5))  # fmt: skip

    near = _section(_page(client, haringey_manager, help_request), "near-matches")

    assert "1. Tom Three, Hackney" in near
    assert "Available for 15 of 20 working days (75%)" in near
    assert "2. Wendy Week, Camden" in near
    assert "Available for 5 of 20 working days (25%)" in near


def test_the_database_counts_working_days_as_python_does_across_bank_holidays(
    haringey_manager, camden, haringey
):
    # A request over the next bank holiday, and workers available for
    # different parts of it, split in two periods or one.
    holiday = min(day for day in bank_holidays() if day > timezone.localdate() + 30 * DAY)
    starts_on, ends_on = holiday - 16 * DAY, holiday + 12 * DAY
    help_request = open_request(haringey_manager, starts_on, ends_on=ends_on, days_per_week=2)
    periods = {
        "Around the holiday": [(holiday - 3 * DAY, holiday + 3 * DAY)],
        "Two periods": [(starts_on - 9 * DAY, starts_on + 2 * DAY), (holiday, holiday + 4 * DAY)],
        "Last days": [(ends_on - 1 * DAY, ends_on + 40 * DAY)],
    }
    for name, parts in periods.items():
        person = worker(name, camden, for_request=help_request, available=(*parts[0], 2))
        for extra in parts[1:]:
            Availability.objects.create(
                profile=person.worker_profile, starts_on=extra[0], ends_on=extra[1], days_per_week=4
            )

    counted = {
        profile.user.full_name: profile.days_covered
        for profile in partly_available_profiles(help_request)
        .annotate(days_covered=WorkingDaysAvailable(help_request))
        .select_related("user")
    }

    assert counted == {
        name: working_days_covered(help_request, parts) for name, parts in periods.items()
    }
    assert counted["Around the holiday"] == sum(
        is_working_day(holiday + n * DAY) for n in range(-3, 4)
    )


def test_near_matches_are_capped_at_the_best_twenty(haringey_manager, help_request, camden):
    for n in range(23):
        worker(f"Part {n:02}", camden, for_request=help_request,
               available=(START, START + (n % 10) * DAY, 5))  # fmt: skip

    found = near_matches(help_request)

    assert len(found) == 20
    covered = [match.days_covered for match in found]
    assert covered == sorted(covered, reverse=True)
    assert all(match.working_days == 20 for match in found)


def test_the_demos_sqlite_way_finds_the_same_near_matches(
    haringey_manager, help_request, camden, hackney, monkeypatch
):
    worker("Hal Half", camden, for_request=help_request, available=(START, START + 13 * DAY, 5))
    worker("Tom Three", hackney, for_request=help_request,
           available=(START + 7 * DAY, END + 30 * DAY, 5))  # fmt: skip
    worker("Wes Weekend", camden, for_request=help_request,
           available=(START + 5 * DAY, START + 6 * DAY, 5))  # fmt: skip
    in_postgresql = near_matches(help_request)

    # SQLite has no generate_series: the demo counts the days in Python.
    monkeypatch.setattr(ranking, "_counts_days_in_sql", lambda: False)
    in_python = near_matches(help_request)

    assert [(m.worker.full_name, m.days_covered, m.score) for m in in_python] == [
        (m.worker.full_name, m.days_covered, m.score) for m in in_postgresql
    ]
    assert [m.worker.full_name for m in in_python] == ["Tom Three", "Hal Half"]
