"""Sign-in throttling behind a load balancer: per address generously, per account strictly.

A council office signs in from one shared address, so wrong passwords there
must not lock everyone out; one account, though, is locked after a few wrong
passwords from anywhere. Behind the load balancer the client's address comes
from the header it sets (ALLAUTH_TRUSTED_CLIENT_IP_HEADER), never from the
balancer's own address. The counts live in Redis (tests/settings.py).
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("account_login")
WRONG = "Enter the email address and password for your account"
THROTTLED = "Too many attempts to sign in: wait 5 minutes and try again"
PROXY = "10.0.0.5"  # the load balancer: every request arrives from it


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"


def _from(address: str) -> Client:
    """A browser at `address`, reaching the service through the load balancer."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=address)


def _sign_in(browser: Client, email: str, password: str):
    return browser.post(SIGN_IN, {"login": email, "password": password})


def _signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("dashboard")


@pytest.fixture
def colleagues(camden):
    return [
        UserFactory(email=f"colleague{n}@camden.gov.uk", borough=camden, full_name=f"Colleague {n}")
        for n in range(12)
    ]


def test_two_people_behind_the_same_proxy_are_counted_apart(
    behind_proxy, settings, camden_worker, colleagues
):
    # A small per-address limit, to show whose address each failure counts against.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS}
    settings.ACCOUNT_RATE_LIMITS["login_failed"] = "3/5m/ip,5/5m/key"
    first, second = _from("203.0.113.10"), _from("203.0.113.20")

    for colleague in colleagues[:3]:
        assert WRONG in _sign_in(first, colleague.email, "wrong password").text
    assert THROTTLED in _sign_in(first, camden_worker.email, PASSWORD).text

    # The same load balancer, another person's address: not held back.
    assert _signed_in(_sign_in(second, camden_worker.email, PASSWORD))


def test_without_the_trusted_header_everyone_is_the_proxys_address(
    settings, camden_worker, colleagues
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS}
    settings.ACCOUNT_RATE_LIMITS["login_failed"] = "3/5m/ip,5/5m/key"
    first, second = _from("203.0.113.10"), _from("203.0.113.20")

    for colleague in colleagues[:3]:
        _sign_in(first, colleague.email, "wrong password")

    # Not configured: the header is ignored (anyone could send it) and both
    # people share the balancer's count.
    assert THROTTLED in _sign_in(second, camden_worker.email, PASSWORD).text


def test_an_account_is_locked_after_five_wrong_passwords_from_any_addresses(
    behind_proxy, camden_worker
):
    for n in range(5):
        page = _sign_in(_from(f"198.51.100.{n + 1}"), camden_worker.email, "wrong password")
        assert WRONG in page.text

    # Even the right password, from an address never seen before, is refused.
    refused = _sign_in(_from("198.51.100.99"), camden_worker.email, PASSWORD)
    assert refused.status_code == 200
    assert THROTTLED in refused.text
    assert "There is a problem" in refused.text
    assert "_auth_user_id" not in refused.client.session

    # The same email typed in capitals is the same account.
    again = _sign_in(_from("198.51.100.98"), camden_worker.email.upper(), PASSWORD)
    assert THROTTLED in again.text


def test_others_in_the_same_office_still_sign_in(behind_proxy, camden_worker, colleagues):
    office = "192.0.2.44"
    # Someone locks their own account...
    for _ in range(6):
        _sign_in(_from(office), colleagues[0].email, "wrong password")
    assert THROTTLED in _sign_in(_from(office), colleagues[0].email, PASSWORD).text
    # ...and a busy morning of typos from ten more people at the same address...
    for colleague in colleagues[1:11]:
        for _ in range(2):
            assert WRONG in _sign_in(_from(office), colleague.email, "wrong password").text

    # ...still lets everyone else in, from that address.
    assert _signed_in(_sign_in(_from(office), camden_worker.email, PASSWORD))
    assert _signed_in(_sign_in(_from(office), colleagues[11].email, PASSWORD))


def test_too_many_sign_ins_from_one_address_get_the_services_429_page(behind_proxy, colleagues):
    browser = _from("203.0.113.77")
    statuses = [_sign_in(browser, f"nobody{n}@camden.gov.uk", "x").status_code for n in range(31)]

    assert statuses == [200] * 30 + [429]
    page = _sign_in(browser, colleagues[0].email, PASSWORD)
    assert page.status_code == 429
    assert "<title>Too many requests \u2013 Secondment Exchange</title>" in page.text
    assert "Wait a few minutes, then try again." in page.text
    assert "govuk-heading-l" in page.text
