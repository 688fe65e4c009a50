"""A social worker browsing help requests sees which ones they have already
offered to help with (or been invited to), without a query per row."""

import html
import re

import pytest
from django.urls import reverse

from secondments.models import ApplicationStatus
from tests.factories import ApplicationFactory, HelpRequestFactory

pytestmark = pytest.mark.django_db

URL = reverse("request_list")


def _markers(page: str) -> dict[str, str]:
    """Each listed request's title and the tag under it ("" for none)."""
    rows = re.findall(
        r'href="/requests/\d+/">([^<]+)</a>\s*(?:<strong class="govuk-tag[^"]*">([^<]+)</strong>)?',
        page,
    )
    return {html.unescape(title): tag for title, tag in rows}


@pytest.fixture
def requests(haringey):
    return {
        title: HelpRequestFactory(borough=haringey, title=title)
        for title in ("Offered", "Invited", "Declined", "Someone else's", "Untouched")
    }


def test_worker_sees_applied_only_on_requests_they_answered(
    client, camden_worker, hackney_worker, requests
):
    ApplicationFactory(help_request=requests["Offered"], worker=camden_worker)
    ApplicationFactory(
        help_request=requests["Invited"], worker=camden_worker, status=ApplicationStatus.INVITED
    )
    ApplicationFactory(
        help_request=requests["Declined"], worker=camden_worker, status=ApplicationStatus.DECLINED
    )
    ApplicationFactory(help_request=requests["Someone else's"], worker=hackney_worker)
    client.force_login(camden_worker)

    page = client.get(URL).content.decode()

    assert _markers(page) == {
        "Offered": "Applied",
        "Invited": "Invited",
        "Declined": "Applied",
        "Someone else's": "",
        "Untouched": "",
    }


def test_managers_and_coordinators_see_no_markers(
    client, camden_manager, coordinator, camden_worker, requests
):
    ApplicationFactory(help_request=requests["Offered"], worker=camden_worker)

    for person in (camden_manager, coordinator):
        client.force_login(person)
        page = client.get(URL).content.decode()
        assert set(_markers(page).values()) == {""}, person
