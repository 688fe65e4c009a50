"""The "Ask for help" form comes in sections, each a fieldset with a heading,
and its specialisms are grouped by the services they belong to."""

import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Specialism
from secondments.forms import HelpRequestForm
from secondments.models import HelpRequest
from tests.browser import follow, visit
from tests.request_input import request_form

pytestmark = pytest.mark.django_db

URL = reverse("request_create")
SECTIONS = {
    "What you need": ["title", "purpose", "urgency", "places", "description"],
    "Who you need": [
        "job_level",
        "min_years_qualified",
        "specialisms",
        "newly_qualified_suitable",
        "supervisor_name",
    ],
    "When": ["starts_on-day", "ends_on-day", "days_per_week"],
    "Where": ["team", "working_pattern", "location"],
    "Funding": ["funding_model", "day_rate"],
}


def _sections(page: str) -> dict[str, str]:
    """Each section's heading and its markup, from its legend to the next section."""
    parts = re.split(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\s*'
        r'<h2 class="govuk-fieldset__heading">([^<]+)</h2>',
        page,
    )
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _group(page: str, heading: str) -> list[str]:
    """The specialisms listed under one group's legend, up to the group's end."""
    found = re.search(rf"<legend[^>]*>\s*{heading}\s*</legend>(.*?)</fieldset>", page, re.S)
    assert found, f"no group headed {heading}"
    assert all(name == "specialisms" for name in re.findall(r'name="(\w+)"', found[1]))
    return re.findall(r'govuk-checkboxes__label" for="[^"]+">\s*([^<]+?)\s*</label>', found[1])


def test_each_section_is_a_fieldset_headed_in_order_with_its_questions(client, camden_manager):
    client.force_login(camden_manager)

    page = client.get(URL).content.decode()

    sections = _sections(page)
    assert list(sections) == list(SECTIONS)
    for heading, names in SECTIONS.items():
        for name in names:
            assert f'name="{name}"' in sections[heading], f"{name} belongs under {heading}"


def test_every_question_is_in_exactly_one_section(camden):
    form = HelpRequestForm(borough=camden)

    asked = [field.name for _, fields in form.sections() for field in fields]

    assert sorted(asked) == sorted(field.name for field in form.visible_fields())


def test_specialisms_are_grouped_under_childrens_adults_and_both(client, camden_manager):
    client.force_login(camden_manager)

    page = client.get(URL).content.decode()

    by_area = {
        area: sorted(Specialism.objects.filter(area=area).values_list("name", flat=True))
        for area in Specialism.Area.values
    }
    assert sorted(_group(page, "Children&#39;s services")) == by_area["children"]
    assert sorted(_group(page, "Adults&#39; services")) == by_area["adults"]
    assert sorted(_group(page, "Both children&#39;s and adults&#39; services")) == by_area["both"]
    assert "Child protection" in by_area["children"] and "Older people" in by_area["adults"]


def test_specialisms_from_both_groups_are_saved_together(client, camden_manager):
    chosen = [
        Specialism.objects.get(name="Child protection"),
        Specialism.objects.get(name="Older people"),
    ]
    client.force_login(camden_manager)

    response = client.post(URL, {**request_form(), "specialisms": [s.pk for s in chosen]})

    assert response.status_code == 302
    assert set(HelpRequest.objects.get().specialisms.all()) == set(chosen)


def test_a_specialism_chosen_stays_ticked_when_the_form_has_errors(client, camden_manager):
    protection = Specialism.objects.get(name="Child protection")
    client.force_login(camden_manager)

    page = client.post(
        URL, {**request_form(title=""), "specialisms": [protection.pk]}
    ).content.decode()

    assert re.search(rf'name="specialisms" type="checkbox" value="{protection.pk}" checked', page)
    assert not HelpRequest.objects.exists()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_the_form_and_its_errors_are_accessible_at_phone_and_desktop_width(
    client, page, live_server, camden_manager, width
):
    client.force_login(camden_manager)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 900})

    visit(page, URL)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    follow(page, page.get_by_role("button", name="Save draft"))

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Enter a start date").click()
    expect(page.get_by_role("group", name="Start date").get_by_label("Day")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not HelpRequest.objects.exists()
