"""The host narrows the candidates page by specialism, home borough and job
level: a GET form whose invalid values are reported the GOV.UK way, never as
an error page, and which nobody outside the host borough can use to see more."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import JobLevel
from matching import services as matching_services
from secondments import services
from secondments.models import Application
from tests.browser import follow, visit
from tests.matching_people import open_request, place_on_map, specialisms, worker

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
START = timezone.localdate() + 20 * DAY


@pytest.fixture
def help_request(haringey_manager, camden, haringey, hackney):
    for borough in (camden, haringey, hackney):
        place_on_map(borough)
    return open_request(haringey_manager, START, title="Cover for the assessment team")


@pytest.fixture
def people(help_request, camden, hackney):
    """In each section, someone from Camden with child protection at senior
    practitioner level, and someone from Hackney with neither."""
    child_protection, fostering = specialisms("Child protection", "Fostering")
    half = (help_request.starts_on, help_request.starts_on + 30 * DAY, 5)
    made = {
        "Cora Camden": worker("Cora Camden", camden, for_request=help_request,
                              skills=[child_protection]),
        "Hank Hackney": worker("Hank Hackney", hackney, for_request=help_request,
                               level=JobLevel.TEAM_MANAGER, skills=[fostering]),
        "Nina Near": worker("Nina Near", camden, for_request=help_request, available=half,
                            skills=[child_protection]),
        "Ned Near": worker("Ned Near", hackney, for_request=help_request, available=half,
                           level=JobLevel.TEAM_MANAGER),
        "Ada Applied": worker("Ada Applied", camden, for_request=help_request,
                              skills=[child_protection]),
        "Abe Applied": worker("Abe Applied", hackney, for_request=help_request,
                              level=JobLevel.TEAM_MANAGER),
    }  # fmt: skip
    for name in ("Ada Applied", "Abe Applied"):
        services.application_volunteer(help_request=help_request, by=made[name])
    return made


def _get(client, manager, help_request, **filters):
    # The matching worker ranks after the changes above; the page reads its rows.
    matching_services.match_request(help_request=help_request)
    client.force_login(manager)
    return client.get(reverse("request_candidates", args=[help_request.pk]), filters)


def _text(response) -> str:
    main = response.content.decode().split('id="main-content"')[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


CAMDEN_SIDE = {"Cora Camden", "Nina Near", "Ada Applied"}
HACKNEY_SIDE = {"Hank Hackney", "Ned Near", "Abe Applied"}


def _listed(response) -> set[str]:
    text = _text(response)
    return {name for name in CAMDEN_SIDE | HACKNEY_SIDE if name in text}


def test_without_filters_every_section_lists_everyone(client, haringey_manager, help_request,
                                                      people):  # fmt: skip
    response = _get(client, haringey_manager, help_request)

    assert _listed(response) == CAMDEN_SIDE | HACKNEY_SIDE


def test_filtering_by_specialism_narrows_every_section(
    client, haringey_manager, help_request, people
):
    child_protection = specialisms("Child protection")[0]

    response = _get(client, haringey_manager, help_request, specialism=child_protection.pk)

    assert _listed(response) == CAMDEN_SIDE
    assert "Applicants (1)" in _text(response)


def test_filtering_by_home_borough_narrows_every_section(
    client, haringey_manager, help_request, people, hackney
):
    response = _get(client, haringey_manager, help_request, borough=hackney.pk)

    assert _listed(response) == HACKNEY_SIDE


def test_filtering_by_job_level_narrows_every_section(
    client, haringey_manager, help_request, people
):
    response = _get(client, haringey_manager, help_request, job_level=JobLevel.TEAM_MANAGER)

    assert _listed(response) == HACKNEY_SIDE


def test_filters_combine_and_say_when_nobody_is_left(
    client, haringey_manager, help_request, people, hackney
):
    child_protection = specialisms("Child protection")[0]

    response = _get(client, haringey_manager, help_request, borough=hackney.pk,
                    specialism=child_protection.pk)  # fmt: skip

    assert _listed(response) == set()
    text = _text(response)
    assert "No applicants match your filters." in text
    assert "No social worker available for all of these dates matches your filters." in text
    assert "No social worker is available for part of these dates and matches your filters." in (
        text
    )


def test_the_form_shows_the_filters_chosen(client, haringey_manager, help_request, people, hackney):
    response = _get(client, haringey_manager, help_request, borough=hackney.pk)

    page = response.content.decode()
    assert re.search(rf'<option value="{hackney.pk}"\s+selected>Hackney</option>', page)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"specialism": "not-a-number"}, "Select a specialism from the list"),
        ({"specialism": "999999"}, "Select a specialism from the list"),
        ({"borough": "999999"}, "Select a home borough from the list"),
        ({"job_level": "9"}, "Select a job level from the list"),
        ({"job_level": "<script>"}, "Select a job level from the list"),
    ],
)
def test_an_invalid_filter_is_reported_the_govuk_way(
    client, haringey_manager, help_request, people, filters, message
):
    response = _get(client, haringey_manager, help_request, **filters)

    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<title>\s*Error: Candidates for", page)
    assert 'class="govuk-error-summary"' in page
    assert message in _text(response)
    field = next(iter(filters))
    assert f'href="#id_{field}"' in page
    # The invalid filter is left out: everyone is still listed.
    assert _listed(response) == CAMDEN_SIDE | HACKNEY_SIDE


def test_inviting_keeps_the_filters(client, haringey_manager, help_request, people, camden):
    client.force_login(haringey_manager)
    nina = people["Nina Near"]
    url = reverse("request_invite_candidate", args=[help_request.pk, nina.pk])

    response = client.post(f"{url}?borough={camden.pk}&evil=https://example.com")

    assert Application.objects.filter(worker=nina, help_request=help_request).exists()
    candidates = reverse("request_candidates", args=[help_request.pk])
    assert response["Location"] == f"{candidates}?borough={camden.pk}"


@pytest.mark.parametrize("query", ["", "?specialism=1&borough=1&job_level=2", "?job_level=bad"])
def test_other_boroughs_and_workers_get_nothing_with_or_without_filters(
    client, hackney_manager, hackney_worker, help_request, people, query
):
    url = reverse("request_candidates", args=[help_request.pk]) + query
    for person in (hackney_manager, hackney_worker, people["Cora Camden"]):
        client.force_login(person)

        response = client.get(url)

        assert response.status_code == 404, (person, url)
        main = response.content.decode().split('id="main-content"')[1]
        assert "Candidates" not in main and "Hank Hackney" not in main


# --- In a browser, on a phone, with axe-core ----------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_host_filters_the_candidates_on_a_phone(
    page, client, live_server, haringey_manager, help_request, people
):
    matching_services.match_request(help_request=help_request)
    client.force_login(haringey_manager)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, reverse("request_candidates", args=[help_request.pk]))

    page.get_by_label("Home borough").select_option(label="Hackney")
    follow(page, page.get_by_role("button", name="Apply filters"))

    expect(page.get_by_role("heading", level=3, name="1. Hank Hackney, Hackney")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="1. Ned Near, Hackney")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Available for \d+ of \d+ working days"))).to_be_visible()
    applicants = page.get_by_role("table", name=re.compile("^Social workers who applied"))
    expect(applicants.get_by_role("link", name="Application: Abe Applied")).to_be_visible()
    expect(page.get_by_text("Cora Camden")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.get_by_label("Job level").select_option(label="Social worker")
    follow(page, page.get_by_role("button", name="Apply filters"))

    expect(page.get_by_text("No applicants match your filters.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
