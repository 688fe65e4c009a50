"""Posting the "Ask for help" form twice, or twenty times at once, saves one draft.

The form carries a one-time token made when it is shown; every post of that
form is sent to the request the first one made, with no error.
"""

import re
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent
from secondments.models import HelpRequest
from tests.concurrency import all_at_once
from tests.personas import TwoFactorClient
from tests.request_input import request_form

POSTS = 20


def _token_on(page: str) -> str:
    found = re.search(r'name="submission_token" value="([^"]+)"', page)
    return found.group(1) if found else ""


def _shown_form(client) -> dict:
    """The form as the manager's browser would post it, token included."""
    page = client.get(reverse("request_create")).content.decode()
    return request_form(submission_token=_token_on(page))


@pytest.mark.django_db
def test_each_visit_to_the_form_gets_its_own_token(client, camden_manager):
    client.force_login(camden_manager)

    first, second = (_shown_form(client)["submission_token"] for _ in range(2))

    assert uuid.UUID(first) != uuid.UUID(second)


@pytest.mark.django_db
def test_posting_the_same_form_again_goes_to_the_draft_already_saved(client, camden_manager):
    client.force_login(camden_manager)
    form = _shown_form(client)

    first = client.post(reverse("request_create"), form)
    again = client.post(reverse("request_create"), form)

    help_request = HelpRequest.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == help_request.get_absolute_url()
    page = client.get(again["Location"]).content.decode()
    assert "There is a problem" not in page
    assert AuditEvent.objects.filter(action="request_created").count() == 1


@pytest.mark.django_db
def test_a_form_with_errors_keeps_its_token_and_saves_once_corrected(client, camden_manager):
    client.force_login(camden_manager)
    form = _shown_form(client)

    wrong = client.post(reverse("request_create"), {**form, "title": ""})
    assert wrong.status_code == 200
    assert "Enter a title" in wrong.content.decode()
    assert _token_on(wrong.content.decode()) == form["submission_token"]
    for _ in range(2):
        client.post(reverse("request_create"), form)

    assert HelpRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_form_from_before_tokens_still_saves_and_gets_a_token(client, camden_manager):
    client.force_login(camden_manager)

    response = client.post(reverse("request_create"), request_form())

    help_request = HelpRequest.objects.get()
    assert response["Location"] == help_request.get_absolute_url()
    assert help_request.submission_token is not None


@pytest.mark.django_db
def test_a_form_from_before_tokens_shown_again_with_errors_gets_one(client, camden_manager):
    client.force_login(camden_manager)

    response = client.post(
        reverse("request_create"), request_form(title="", submission_token="junk")
    )

    assert response.status_code == 200
    assert uuid.UUID(_token_on(response.content.decode()))
    assert not HelpRequest.objects.exists()


@pytest.mark.django_db
def test_another_managers_token_makes_their_own_request_not_a_redirect_to_someone_elses(
    client, camden_manager, haringey_manager
):
    client.force_login(haringey_manager)
    form = _shown_form(client)
    haringeys = client.post(reverse("request_create"), form)
    client.force_login(camden_manager)

    camdens = client.post(reverse("request_create"), form)

    assert camdens["Location"] != haringeys["Location"]
    assert sorted(HelpRequest.objects.values_list("borough__name", flat=True)) == [
        "Camden",
        "Haringey",
    ]


@pytest.mark.django_db(transaction=True)
def test_twenty_posts_of_one_form_at_once_save_one_draft_and_all_go_to_it(
    camden_manager, monkeypatch
):
    # Keep each thread's connection across its request, so connecting is not
    # part of the race (see test_approve_concurrency).
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    browser = TwoFactorClient()
    browser.force_login(camden_manager)
    form = _shown_form(browser)

    def signed_in() -> Callable[[], tuple[int, str, str]]:
        client = TwoFactorClient()
        client.force_login(camden_manager)

        def post() -> tuple[int, str, str]:
            response = client.post(reverse("request_create"), form)
            return response.status_code, response.get("Location", ""), response.text

        return post

    results = all_at_once([signed_in for _ in range(POSTS)])

    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors[:3]
    help_request = HelpRequest.objects.get()
    assert [code for code, _, _ in results] == [302] * POSTS, [
        body[:500] for code, _, body in results if code != 302
    ]
    assert {location for _, location, _ in results} == {help_request.get_absolute_url()}
    assert AuditEvent.objects.filter(action="request_created").count() == 1
