"""Input no person would type gets a clear answer, never a server error."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Availability, Specialism, User, WorkerProfile
from boroughs.models import Team
from secondments import services
from secondments.models import Application, ApplicationStatus, HelpRequest
from tests.request_input import request_data, request_form

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


# --- Overlong text ----------------------------------------------------------

HUGE = "x" * 100_000


def _days_ahead(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _profile_form(**overrides) -> dict:
    data = {
        "registration_number": "SW123456",
        "registration_expires_on": _days_ahead(300),
        "job_level": "2",
        "qualified_on": "2018-07-01",
        "specialisms": [str(pk) for pk in Specialism.objects.values_list("pk", flat=True)[:2]],
        "languages": "Turkish",
        "travel_scope": "neighbours",
    }
    data.update(overrides)
    return data


def _assert_form_error(response, message: str) -> None:
    assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page


def test_the_forms_these_tests_change_are_accepted_as_they_stand(
    client, camden_manager, camden_worker
):
    # So "nothing is saved" below is down to the one bad value.
    client.force_login(camden_manager)
    assert client.post(reverse("request_create"), request_form()).status_code == 302
    client.force_login(camden_worker)
    assert client.post(reverse("profile_edit"), _profile_form()).status_code == 302
    assert WorkerProfile.objects.get(user=camden_worker).specialisms.count() == 2


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("description", "Description of the work must be 5,000 characters or fewer"),
        ("title", "Title must be 150 characters or fewer"),
        ("location", "Office location must be 200 characters or fewer"),
        ("supervisor_name", "Supervisor&#x27;s name must be 150 characters or fewer"),
    ],
)
def test_overlong_help_request_text_is_refused(client, camden_manager, field, message):
    client.force_login(camden_manager)

    response = client.post(reverse("request_create"), request_form(**{field: HUGE}))

    _assert_form_error(response, message)
    assert not HelpRequest.objects.exists()


def test_overlong_help_request_text_is_refused_when_editing(client, haringey_manager):
    help_request = services.help_request_create(by=haringey_manager, data=request_data())
    client.force_login(haringey_manager)

    response = client.post(
        reverse("request_edit", args=[help_request.pk]), request_form(description=HUGE)
    )

    _assert_form_error(response, "Description of the work must be 5,000 characters or fewer")
    assert HelpRequest.objects.get().description == help_request.description


@pytest.fixture
def haringey_request(haringey_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def test_overlong_note_when_offering_to_help_is_refused(client, haringey_request, camden_worker):
    client.force_login(camden_worker)

    response = client.post(reverse("request_volunteer", args=[haringey_request.pk]), {"note": HUGE})

    _assert_form_error(response, "Note must be 2,000 characters or fewer")
    assert not Application.objects.exists()


def test_overlong_reason_is_refused(client, haringey_request, haringey_manager, camden_worker):
    application = services.application_volunteer(help_request=haringey_request, by=camden_worker)
    client.force_login(haringey_manager)

    response = client.post(
        reverse("application_action", args=[application.pk, "decline"]), {"reason": HUGE}
    )

    assert response.status_code == 400
    assert "Reason must be 5,000 characters or fewer" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERESTED


def test_overlong_reason_for_cancelling_a_request_is_refused(
    client, haringey_request, haringey_manager
):
    client.force_login(haringey_manager)

    response = client.post(reverse("request_cancel", args=[haringey_request.pk]), {"reason": HUGE})

    _assert_form_error(response, "Reason must be 5,000 characters or fewer")
    haringey_request.refresh_from_db()
    assert haringey_request.is_open


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": HUGE}, "Team name must be 120 characters or fewer"),
        ({"name": "Assessment", "description": HUGE}, "What the team does must be 300 characters"),
    ],
)
def test_overlong_team_text_is_refused(client, camden_manager, camden, data, message):
    client.force_login(camden_manager)

    response = client.post(reverse("team_add", args=[camden.gss_code]), data)

    _assert_form_error(response, message)
    assert not Team.objects.exists()


def test_overlong_languages_on_a_profile_are_refused(client, camden_worker):
    client.force_login(camden_worker)
    before = WorkerProfile.objects.get(user=camden_worker).languages

    response = client.post(reverse("profile_edit"), _profile_form(languages=HUGE))

    _assert_form_error(response, "Languages must be 200 characters or fewer")
    assert WorkerProfile.objects.get(user=camden_worker).languages == before


def test_overlong_full_name_at_sign_up_is_refused(client, camden):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": HUGE,
            "email": "sam.newcomer@camden.gov.uk",
            "borough": camden.pk,
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )

    _assert_form_error(response, "Full name must be 150 characters or fewer")
    assert not User.objects.filter(email="sam.newcomer@camden.gov.uk").exists()


def test_overlong_invitation_choice_or_search_is_refused(
    client, haringey_request, haringey_manager
):
    client.force_login(haringey_manager)
    url = reverse("request_invite", args=[haringey_request.pk])

    response = client.post(url, {"worker": HUGE})

    _assert_form_error(response, "Choose a social worker from the list")
    assert not Application.objects.exists()
    _assert_form_error(client.get(url, {"q": HUGE}), "Name must be 150 characters or fewer")


@pytest.mark.parametrize("url_name", ["request_list", "audit_log", "people"])
def test_overlong_search_shows_the_error_summary(client, coordinator, url_name):
    client.force_login(coordinator)

    response = client.get(reverse(url_name), {"q": HUGE})

    _assert_form_error(response, "Search must be 100 characters or fewer")


# --- Absurd dates -----------------------------------------------------------
# 9999-12-31 overflowed date arithmetic; 0001-01-01 was stored.

FAR_FUTURE = "9999-12-31"
FAR_PAST = "0001-01-01"
TOO_LATE = "{} must be before "
TOO_EARLY = "{} must be the same as or after "
REQUEST_DATES = {"starts_on": "Start date", "ends_on": "End date"}


@pytest.mark.parametrize("field", REQUEST_DATES)
@pytest.mark.parametrize(("day", "message"), [(FAR_FUTURE, TOO_LATE), (FAR_PAST, TOO_EARLY)])
def test_absurd_help_request_dates_are_refused(client, camden_manager, field, day, message):
    client.force_login(camden_manager)

    response = client.post(reverse("request_create"), request_form(**{field: day}))

    _assert_form_error(response, message.format(REQUEST_DATES[field]))
    assert not HelpRequest.objects.exists()


def test_help_request_dates_more_than_two_years_ahead_are_refused(client, camden_manager):
    client.force_login(camden_manager)
    starts_on = timezone.localdate() + datetime.timedelta(days=2 * 366 + 1)

    response = client.post(
        reverse("request_create"),
        request_form(
            starts_on=starts_on.isoformat(),
            ends_on=(starts_on + datetime.timedelta(days=30)).isoformat(),
        ),
    )

    _assert_form_error(response, "Start date must be before ")
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize("field", REQUEST_DATES)
@pytest.mark.parametrize(("day", "message"), [(FAR_FUTURE, TOO_LATE), (FAR_PAST, TOO_EARLY)])
def test_absurd_availability_dates_are_refused(client, camden_worker, field, day, message):
    client.force_login(camden_worker)
    data = {"starts_on": _days_ahead(10), "ends_on": _days_ahead(100), "days_per_week": "3"}

    response = client.post(reverse("availability_add"), {**data, field: day})

    _assert_form_error(response, message.format(REQUEST_DATES[field]))
    assert not Availability.objects.exists()


@pytest.mark.parametrize(
    ("field", "day", "message"),
    [
        ("qualified_on", FAR_FUTURE, "Date you qualified must be today or in the past"),
        (
            "qualified_on",
            FAR_PAST,
            "Date you qualified must be the same as or after 1 January 1900",
        ),
        ("registration_expires_on", FAR_FUTURE, "Registration expiry date must be before "),
        ("registration_expires_on", FAR_PAST, "Registration expiry date must be today or"),
    ],
)
def test_absurd_profile_dates_are_refused(client, camden_worker, field, day, message):
    client.force_login(camden_worker)
    before = WorkerProfile.objects.filter(user=camden_worker).values().get()

    response = client.post(reverse("profile_edit"), _profile_form(**{field: day}))

    _assert_form_error(response, message)
    assert WorkerProfile.objects.filter(user=camden_worker).values().get() == before


@pytest.mark.parametrize(
    ("field", "day", "message"),
    [
        ("date_from", FAR_FUTURE, "From date must be before "),
        ("date_from", FAR_PAST, "From date must be the same as or after 1 January 2000"),
        ("date_to", FAR_FUTURE, "To date must be before "),
        ("date_to", FAR_PAST, "To date must be the same as or after 1 January 2000"),
    ],
)
def test_absurd_audit_log_dates_show_the_error_summary(client, coordinator, field, day, message):
    client.force_login(coordinator)

    response = client.get(reverse("audit_log"), {field: day})

    _assert_form_error(response, message)


def test_dates_inside_the_window_are_accepted(client, camden_worker):
    client.force_login(camden_worker)

    response = client.post(
        reverse("availability_add"),
        {"starts_on": _days_ahead(-30), "ends_on": _days_ahead(700), "days_per_week": "3"},
    )

    assert response.status_code == 302
    assert Availability.objects.count() == 1
