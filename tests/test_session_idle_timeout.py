"""Sessions and sign-in: 30 minutes without a request signs a person out, on the server."""

import datetime
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("account_login")
IDLE_MESSAGE = "You were signed out after 30 minutes without activity"


@pytest.fixture
def clock():
    with time_machine.travel(
        datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as t:
        yield t


def _minutes(clock, minutes: float) -> None:
    clock.shift(datetime.timedelta(minutes=minutes))


def test_a_request_after_30_idle_minutes_signs_out_and_says_why(clock, client, camden_worker):
    client.force_login(camden_worker)
    assert client.get(reverse("dashboard")).status_code == 200

    _minutes(clock, 30)
    response = client.get(reverse("profile"))

    assert response["Location"] == f"{SIGN_IN}?{urlencode({'next': reverse('profile')})}"
    page = client.get(response["Location"])
    assert IDLE_MESSAGE in page.text
    assert "_auth_user_id" not in client.session
    # Signed out for good: the next page asks for a sign-in too, with no message.
    again = client.get(reverse("dashboard"))
    assert again["Location"].startswith(SIGN_IN)


def test_each_request_restarts_the_idle_clock(clock, client, camden_worker):
    client.force_login(camden_worker)
    for _ in range(4):
        _minutes(clock, 29)
        assert client.get(reverse("dashboard")).status_code == 200


def test_29_minutes_idle_is_still_signed_in(clock, client, camden_worker):
    client.force_login(camden_worker)
    client.get(reverse("dashboard"))
    _minutes(clock, 29.5)
    assert client.get(reverse("profile")).status_code == 200


def test_a_form_sent_after_the_timeout_is_not_saved_and_the_person_is_told(
    clock, client, camden_worker
):
    client.force_login(camden_worker)
    profile = reverse("profile_edit")
    client.get(profile)
    _minutes(clock, 31)

    response = client.post(
        profile, {"job_level": "senior"}, HTTP_REFERER=f"http://testserver{profile}"
    )

    # Back to the page the form was on, once signed in again.
    assert response["Location"] == f"{SIGN_IN}?{urlencode({'next': profile})}"
    page = client.get(response["Location"]).text
    assert IDLE_MESSAGE in page
    assert "What you last entered was not saved: enter it again" in page
    assert not AuditEvent.objects.filter(action="profile_changed").exists()
    assert AuditEvent.objects.filter(action="signed_out", actor=camden_worker).exists()


def test_the_stay_signed_in_button_restarts_the_idle_clock(clock, client, camden_worker):
    client.force_login(camden_worker)
    client.get(reverse("dashboard"))
    _minutes(clock, 28)

    # The warning dialog asks how long is left, which is not activity...
    status = client.get(reverse("session_status")).json()
    assert status["idle_seconds"] == 2 * 60
    _minutes(clock, 1)
    assert client.get(reverse("session_status")).json()["idle_seconds"] == 60
    # ...and "Stay signed in" is.
    kept = client.post(reverse("session_keep_alive")).json()
    assert kept["idle_seconds"] == 30 * 60

    _minutes(clock, 29)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_dialog_hears_when_the_sign_in_has_ended(clock, client, camden_worker):
    client.force_login(camden_worker)
    client.get(reverse("dashboard"))
    _minutes(clock, 31)

    response = client.post(reverse("session_keep_alive"))

    assert response.status_code == 401
    assert response.json() == {"signed_out": True}
    # The page it then reloads says why.
    page = client.get(reverse("dashboard"), follow=True).text
    assert IDLE_MESSAGE in page
    assert "What you last entered" not in page


def test_the_keep_alive_only_accepts_a_post(client, camden_worker):
    client.force_login(camden_worker)
    assert client.get(reverse("session_keep_alive")).status_code == 405


def test_the_keep_alive_needs_the_csrf_token(camden_worker):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(camden_worker)
    assert browser.post(reverse("session_keep_alive")).status_code == 403


def test_pages_tell_the_warning_dialog_how_long_is_left(clock, client, camden_worker):
    client.force_login(camden_worker)
    client.get(reverse("dashboard"))
    _minutes(clock, 10)

    page = client.get(reverse("dashboard")).text

    assert 'role="alertdialog"' in page
    assert 'data-idle-seconds="1800"' in page
    assert 'data-warning-seconds="120"' in page
    assert "js/session-timeout.js" in page


def test_signed_out_pages_have_no_warning_dialog(client):
    assert 'role="alertdialog"' not in client.get(SIGN_IN).text


def test_signing_in_on_the_sign_in_page_starts_the_clocks(clock, camden_worker):
    browser = Client()
    response = browser.post(SIGN_IN, {"login": camden_worker.email, "password": PASSWORD})
    assert response.status_code == 302
    _minutes(clock, 20)
    assert browser.get(reverse("dashboard")).status_code == 200
    _minutes(clock, 31)
    assert browser.get(reverse("dashboard"))["Location"].startswith(SIGN_IN)


def test_api_token_requests_are_not_touched(clock, camden_worker):
    # No session: an API client is never redirected to the sign-in page.
    response = Client().get("/api/v1/boroughs/", HTTP_AUTHORIZATION="Bearer sx_not-a-token")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_an_idle_browser_session_on_the_api_is_signed_out_without_a_redirect(
    clock, client, camden_worker
):
    client.force_login(camden_worker)
    client.get(reverse("dashboard"))
    _minutes(clock, 31)

    response = client.get("/api/v1/boroughs/")

    assert response.status_code in (401, 403)
    assert "_auth_user_id" not in client.session
