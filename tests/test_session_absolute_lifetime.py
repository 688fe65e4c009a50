"""Sessions and sign-in: a sign-in lasts 12 hours at most (coordinators 8), however busy."""

import datetime
from urllib.parse import urlencode

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from accounts.session_limits import COOKIE_GRACE_SECONDS
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("account_login")
START = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC)


def longest_cookie(*, hours: int) -> datetime.timedelta:
    """The sign-in's limit, and the few minutes that let the sign-in page say why it ended."""
    return datetime.timedelta(hours=hours, seconds=COOKIE_GRACE_SECONDS)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as t:
        yield t


def _busy_for(clock, client, hours: float) -> None:
    """A request every 20 minutes, so the idle timeout never ends the sign-in."""
    for _ in range(int(hours * 3)):
        clock.shift(datetime.timedelta(minutes=20))
        assert client.get(reverse("dashboard")).status_code == 200


def test_a_busy_worker_is_signed_out_after_12_hours(clock, client, camden_worker):
    client.force_login(camden_worker)
    _busy_for(clock, client, 11.67)  # 11 h 40 min

    clock.shift(datetime.timedelta(minutes=20))
    response = client.get(reverse("profile"))

    assert response["Location"] == f"{SIGN_IN}?{urlencode({'next': reverse('profile')})}"
    page = client.get(response["Location"]).text
    assert "You were signed out after 12 hours, the longest a sign-in lasts" in page
    assert "_auth_user_id" not in client.session


def test_a_coordinator_is_signed_out_after_8_hours(clock, client, coordinator):
    client.force_login(coordinator)
    _busy_for(clock, client, 7.67)

    clock.shift(datetime.timedelta(minutes=20))
    response = client.get(reverse("dashboard"))

    assert response["Location"].startswith(SIGN_IN)
    assert "You were signed out after 8 hours" in client.get(response["Location"]).text


def test_stay_signed_in_does_not_extend_the_absolute_limit(clock, client, camden_worker):
    client.force_login(camden_worker)
    _busy_for(clock, client, 11.67)
    clock.shift(datetime.timedelta(minutes=10))

    kept = client.post(reverse("session_keep_alive")).json()

    # The idle clock restarts, but the sign-in still ends at 12 hours.
    assert kept == {"idle_seconds": 30 * 60, "absolute_seconds": 10 * 60}
    clock.shift(datetime.timedelta(minutes=10))
    assert client.get(reverse("dashboard"))["Location"].startswith(SIGN_IN)


def _sign_in(remember: bool) -> Client:
    browser = Client()
    data = {"login": "worker@camden.gov.uk", "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    assert browser.post(SIGN_IN, data).status_code == 302
    return browser


def test_remember_me_keeps_the_cookie_only_until_the_sign_in_ends(clock, camden_worker):
    browser = _sign_in(remember=True)
    response = browser.get(reverse("dashboard"))
    cookie = browser.cookies["sessionid"]
    # Set again when the cap is applied, and never for longer than 12 hours.
    if "sessionid" in response.cookies:
        cookie = response.cookies["sessionid"]
    assert 0 < int(cookie["max-age"]) <= longest_cookie(hours=12).total_seconds()
    assert browser.session.get_expiry_date() <= START + longest_cookie(hours=12)

    # Even a busy, remembered sign-in ends at 12 hours.
    _busy_for(clock, browser, 11.67)
    clock.shift(datetime.timedelta(minutes=20))
    assert browser.get(reverse("dashboard"))["Location"].startswith(SIGN_IN)


def test_a_coordinators_remembered_cookie_lasts_8_hours_at_most(clock, client, coordinator):
    client.force_login(coordinator)
    session = client.session
    session.set_expiry(12 * 3600)  # as "remember me" on the sign-in page sets it
    session.save()

    client.get(reverse("dashboard"))

    assert client.session.get_expiry_date() <= START + longest_cookie(hours=8)


def test_without_remember_me_the_cookie_ends_with_the_browser(clock, camden_worker):
    browser = _sign_in(remember=False)
    browser.get(reverse("dashboard"))
    assert browser.session.get_expire_at_browser_close()


@pytest.mark.parametrize(
    ("variables", "problem"),
    [
        ({"SESSION_IDLE_TIMEOUT_MINUTES": "0"}, "SESSION_IDLE_TIMEOUT_MINUTES"),
        ({"SESSION_ABSOLUTE_HOURS": "48"}, "SESSION_ABSOLUTE_HOURS"),
        ({"SESSION_ABSOLUTE_HOURS_COORDINATOR": "13"}, "SESSION_ABSOLUTE_HOURS_COORDINATOR"),
        (
            {"SESSION_IDLE_TIMEOUT_MINUTES": "120", "SESSION_ABSOLUTE_HOURS_COORDINATOR": "2"},
            "longer than SESSION_IDLE_TIMEOUT_MINUTES",
        ),
        ({"ALLAUTH_TRUSTED_PROXY_COUNT": "-1"}, "ALLAUTH_TRUSTED_PROXY_COUNT"),
        (
            {"ALLAUTH_TRUSTED_PROXY_COUNT": "1", "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"},
            "not both",
        ),
    ],
)
def test_settings_refuse_limits_that_make_no_sense(monkeypatch, variables, problem):
    import runpy

    from config import settings as settings_module

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=problem):
        runpy.run_path(settings_module.__file__)
