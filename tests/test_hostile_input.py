"""Input no person would type gets a clear answer, never a server error."""

import pytest
from django.urls import reverse

from boroughs.models import Team

pytestmark = pytest.mark.django_db


# --- NUL characters ---------------------------------------------------------
# PostgreSQL refuses NUL in any string, so each of these was a 500.

NUL_GETS = [
    "/people/?q=%00",
    "/people/?q=Wendy%00",
    "/people/?%00=1",
    "/boroughs/%00/",
    "/boroughs/E09000007%00/staff/",
    "/requests/?q=%00",
    "/requests/?borough=%00",
    "/audit/?q=%00",
    "/notifications/?page=%00",
    "/dashboard/?x%00y=1",
]


def _assert_bad_request(response) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Bad request</h1>' in page
    assert "govuk-footer" in page  # the service's own page, not Django's bare one


@pytest.mark.parametrize("url", NUL_GETS)
def test_nul_in_the_address_is_a_bad_request_for_a_coordinator(client, coordinator, url):
    client.force_login(coordinator)
    _assert_bad_request(client.get(url))


@pytest.mark.parametrize("url", NUL_GETS)
def test_nul_in_the_address_is_a_bad_request_for_a_worker(client, camden_worker, url):
    client.force_login(camden_worker)
    _assert_bad_request(client.get(url))


@pytest.mark.parametrize(
    "url", ["/boroughs/%00/", "/?q=%00", "/accounts/login/?next=%00", "/accessibility/%00"]
)
def test_nul_in_the_address_is_a_bad_request_before_signing_in(client, url):
    _assert_bad_request(client.get(url))


def test_nul_in_a_form_value_or_name_is_a_bad_request_and_saves_nothing(
    client, camden_manager, camden
):
    client.force_login(camden_manager)
    url = reverse("team_add", args=[camden.gss_code])

    _assert_bad_request(client.post(url, {"name": "Assess\x00ment"}))
    _assert_bad_request(client.post(url, {"name": "Assessment", "x\x00": "1"}))
    _assert_bad_request(client.post(f"{url}?from=%00", {"name": "Assessment"}))

    assert not Team.objects.filter(borough=camden).exists()


def test_nul_in_a_urlencoded_form_is_a_bad_request(client, camden_manager, camden):
    client.force_login(camden_manager)
    url = reverse("team_add", args=[camden.gss_code])

    # Browsers send forms urlencoded; the test client's posts above were multipart.
    response = client.post(
        url, "name=Assess%00ment", content_type="application/x-www-form-urlencoded"
    )

    _assert_bad_request(response)
    assert not Team.objects.filter(borough=camden).exists()


def test_nul_in_the_sign_in_form_is_a_bad_request(client, camden_worker):
    response = client.post(
        reverse("account_login"), {"login": f"{camden_worker.email}\x00", "password": "x\x00"}
    )

    _assert_bad_request(response)
    assert "_auth_user_id" not in client.session


def test_ordinary_percent_signs_are_still_searched(client, coordinator):
    client.force_login(coordinator)

    # "%2500" is the text "%00", not a NUL.
    response = client.get("/people/?q=%2500")

    assert response.status_code == 200


def test_nul_in_the_session_cookie_is_no_session(client, settings):
    # Django reads the octal escape \000 in a quoted cookie value as a NUL.
    client.cookies.load(f'{settings.SESSION_COOKIE_NAME}="abcdefgh\\000ijklmnop"')

    assert client.get(reverse("accessibility")).status_code == 200
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(reverse("account_login"))
