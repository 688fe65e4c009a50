"""Everyone signed in reaches their own account from the header: what is set
on it, and a way to change each thing (issue 8). Their name and mobile number
change on our own page, audited; the rest are allauth's and the notification
settings pages."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("account")
DETAILS = reverse("account_details")


def _header_link(html: str) -> re.Match | None:
    navigation = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S)
    assert navigation, "The page has no service navigation"
    return re.search(
        rf'<a class="govuk-service-navigation__link" href="{ACCOUNT}"[^>]*>\s*(.*?)\s*</a>',
        navigation.group(0),
        re.S,
    )


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _audit_rows():
    return AuditEvent.objects.exclude(action="signed_in")


@pytest.mark.parametrize("persona", ["camden_worker", "camden_manager", "coordinator"])
def test_every_role_reaches_their_account_from_the_header(client, request, persona):
    person = request.getfixturevalue(persona)
    client.force_login(person)

    dashboard = client.get(reverse("dashboard")).content.decode()
    link = _header_link(dashboard)
    assert link and _text(link.group(1)) == "Your account"

    response = client.get(ACCOUNT)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Your account \W Secondment Exchange</title>", html)
    assert 'aria-current="page"' in _header_link(html).group(0)
    page = _text(html)
    assert person.full_name in page and person.email in page
    assert person.get_role_display() in page
    # Each thing on the account has a Change link to the page that changes it.
    for name, what in [
        ("account_details", "name"),
        ("account_details", "mobile phone number"),
        ("account_email", "email address"),
        ("account_change_password", "password"),
        ("mfa_index", "two-factor authentication"),
        ("notification_preferences", "notification settings"),
    ]:
        assert re.search(
            rf'<a class="govuk-link" href="{reverse(name)}">\s*Change'
            rf'<span class="govuk-visually-hidden"> {what}</span>',
            html,
        ), what


def test_the_overview_says_what_is_set(client, camden_manager, camden_worker):
    User.objects.filter(pk=camden_worker.pk).update(phone_number="07700900982")
    client.force_login(camden_worker)

    page = _text(client.get(ACCOUNT).content.decode())

    assert "Mobile phone number 07700 900982" in page
    assert "Two-factor authentication Off" in page
    assert "Social worker, Camden" in page

    client.force_login(camden_manager)
    page = _text(client.get(ACCOUNT).content.decode())
    assert "Mobile phone number Not given" in page
    assert "Two-factor authentication On Your role must use it." in page


def test_changing_name_and_phone_saves_them_and_is_audited(client, camden_worker):
    client.force_login(camden_worker)
    form = client.get(DETAILS).content.decode()
    assert 'value="Wendy Worker"' in form

    response = client.post(
        DETAILS, {"full_name": "  Wendy   Newname ", "phone_number": "+44 (0)7700 900-982"}
    )

    assert response.status_code == 302 and response["Location"] == ACCOUNT
    camden_worker.refresh_from_db()
    assert camden_worker.full_name == "Wendy Newname"
    assert camden_worker.phone_number == "07700900982"
    event = _audit_rows().get()
    assert event.action == "account_details_changed"
    assert event.actor == camden_worker and event.object_id == camden_worker.pk
    assert sorted(event.changed_fields) == ["full_name", "phone_number"]
    page = _text(client.get(ACCOUNT).content.decode())
    assert "Your details have been saved" in page
    assert "Wendy Newname" in page and "07700 900982" in page


def test_changing_only_the_name_names_only_the_name(client, camden_worker):
    client.force_login(camden_worker)

    client.post(DETAILS, {"full_name": "Wendy Other", "phone_number": ""})

    assert _audit_rows().get().changed_fields == ["full_name"]


def test_saving_without_changes_writes_nothing(client, camden_worker):
    client.force_login(camden_worker)

    response = client.post(DETAILS, {"full_name": camden_worker.full_name, "phone_number": ""})

    assert response.status_code == 302
    assert not _audit_rows().exists()


def test_the_phone_number_can_be_removed(client, camden_worker):
    User.objects.filter(pk=camden_worker.pk).update(phone_number="07700900982")
    client.force_login(camden_worker)

    client.post(DETAILS, {"full_name": camden_worker.full_name, "phone_number": "  "})

    camden_worker.refresh_from_db()
    assert camden_worker.phone_number == ""
    assert _audit_rows().get().changed_fields == ["phone_number"]


@pytest.mark.parametrize(
    ("posted", "field", "error"),
    [
        ({"full_name": "W" * 151}, "full_name", "Full name must be 150 characters or fewer"),
        ({"full_name": ""}, "full_name", "Enter your full name"),
        ({"full_name": "   "}, "full_name", "Enter your full name"),
        (
            {"phone_number": "020 7946 0123"},
            "phone_number",
            "Enter a UK mobile number, like 07700 900 982",
        ),
        (
            {"phone_number": "call me"},
            "phone_number",
            "Enter a UK mobile number, like 07700 900 982",
        ),
        (
            {"phone_number": "0" * 31},
            "phone_number",
            "Enter a UK mobile number, like 07700 900 982",
        ),
    ],
    ids=["name-too-long", "name-missing", "name-blank", "landline", "not-a-number", "too-long"],
)
def test_a_bad_name_or_phone_gets_its_own_error_and_saves_nothing(
    client, camden_worker, posted, field, error
):
    client.force_login(camden_worker)
    data = {"full_name": "Wendy Changed", "phone_number": "07700 900 982"} | posted

    response = client.post(DETAILS, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Change your name and phone number" in html
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S).group(0)
    assert re.findall(r'<a href="#([\w-]+)">\s*(.*?)\s*</a>', summary) == [(f"id_{field}", error)]
    assert re.search(
        rf'<p id="id_{field}-error" class="govuk-error-message">\s*'
        rf'<span class="govuk-visually-hidden">Error:</span> {re.escape(error)}',
        html,
    )
    camden_worker.refresh_from_db()
    assert camden_worker.full_name == "Wendy Worker"
    assert camden_worker.phone_number == ""
    assert not _audit_rows().exists()


@pytest.mark.parametrize("url", [ACCOUNT, DETAILS])
def test_signed_out_people_are_sent_to_sign_in(client, camden_worker, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert client.post(DETAILS, {"full_name": "Nobody"}).status_code == 302
    camden_worker.refresh_from_db()
    assert camden_worker.full_name == "Wendy Worker"


def test_the_pages_it_links_to_lead_back_to_it(client, camden_worker):
    client.force_login(camden_worker)

    for name in [
        "account_details",
        "account_email",
        "account_change_password",
        "mfa_index",
        "notification_preferences",
        "calendar_link",
    ]:
        html = client.get(reverse(name)).content.decode()
        assert re.search(
            rf'<a href="{ACCOUNT}" class="govuk-back-link">\s*Back to your account\s*</a>', html
        ), name
