"""allauth's pages (signing in and up, passwords, email addresses, two-factor
authentication) and the notification pages render in the service's own GOV.UK
layout with Jinja2, never through allauth's stock templates."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.template.loader import get_template, select_template
from django.urls import reverse

from notifications.preferences import unsubscribe_token

pytestmark = pytest.mark.django_db

SIGNED_OUT = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "account_inactive",
]
SIGNED_IN = [
    "account_email",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "mfa_index",
    "mfa_activate_totp",
]
WITH_AUTHENTICATOR = [
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
]


def _engine(response) -> str:
    return select_template(response.template_name).backend.name


def _in_our_layout(response) -> None:
    assert response.status_code == 200
    assert _engine(response) == "jinja2", response.template_name
    html = response.content.decode()
    assert "govuk-service-navigation" in html and 'id="main-content"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("name", SIGNED_OUT)
def test_signed_out_pages_are_ours(client, name):
    _in_our_layout(client.get(reverse(name)))


@pytest.mark.parametrize("name", SIGNED_IN)
def test_a_social_workers_account_pages_are_ours(client, camden_worker, name):
    client.force_login(camden_worker)
    _in_our_layout(client.get(reverse(name)))


@pytest.mark.parametrize("name", WITH_AUTHENTICATOR)
def test_a_managers_two_factor_pages_are_ours(client, camden_manager, name):
    RecoveryCodes.activate(camden_manager)
    client.force_login(camden_manager)
    _in_our_layout(client.get(reverse(name)))


def test_links_that_no_longer_work_are_explained_in_our_layout(client):
    for url in (
        reverse("account_confirm_email", args=["not-a-key"]),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "not-a-key"}),
    ):
        response = client.get(url)
        _in_our_layout(response)
        assert "This link has expired" in response.content.decode()


@pytest.mark.parametrize(
    "template",
    [
        "notifications/centre.html",
        "notifications/preferences.html",
        "notifications/unsubscribe.html",
        "account/email/email_confirmation_signup_message.txt",
        "account/email/password_reset_key_message.txt",
        "account/email/login_code_message.txt",
        "account/messages/logged_out.txt",
        "mfa/messages/totp_activated.txt",
        "mfa/recovery_codes/download.txt",
    ],
)
def test_notification_pages_emails_and_messages_are_jinja2(template):
    assert get_template(template).backend.name == "jinja2"


def test_the_unsubscribe_page_is_ours(client, camden_worker):
    response = client.get(
        reverse("unsubscribe", args=[unsubscribe_token(camden_worker.pk, "application_message")])
    )
    assert response.status_code == 200
    assert "Unsubscribe from these emails" in response.content.decode()


def test_signing_out_says_so_in_a_success_banner(client, camden_worker):
    client.force_login(camden_worker)

    response = client.post(reverse("account_logout"), follow=True)

    html = response.content.decode()
    assert re.search(
        r'<p class="govuk-notification-banner__heading">\s*You have signed out.\s*</p>', html
    )
    assert "&lt;p" not in html
    assert "govuk-notification-banner--success" in html


def test_a_blank_sign_in_lists_each_problem_and_links_to_its_field(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})

    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S).group(0)
    assert re.findall(r'<a href="#(\w+)">', summary) == ["id_login", "id_password"]
    assert "Enter your email address" in summary and "Enter your password" in summary
    # GOV.UK's password input (a Show button), and no placeholder text.
    assert 'data-module="govuk-password-input"' in html
    assert "placeholder" not in html


def test_email_text_is_not_html_escaped(client):
    # An address allauth does not know gets an email that names it.
    client.post(reverse("account_reset_password"), {"email": "o'neil@camden.gov.uk"})

    (message,) = mail.outbox
    assert "o'neil@camden.gov.uk" in message.body
    assert "&#" not in message.body and "&amp;" not in message.body


def test_a_social_worker_confirms_it_is_them_with_an_emailed_code(client, camden_worker):
    client.force_login(camden_worker)
    page = client.get(reverse("account_reauthenticate")).content.decode()
    assert reverse("account_request_reauthentication_code") in page

    sent = client.post(
        reverse("account_request_reauthentication_code"),
        {"recipient": camden_worker.email},
        follow=True,
    )

    assert sent.redirect_chain == [(reverse("account_confirm_reauthentication_code"), 302)]
    _in_our_layout(sent)
    assert f"We have sent a code to {camden_worker.email}." in sent.content.decode()
    (message,) = mail.outbox
    code = re.search(r"\n\n(\S+)\n\n", message.body).group(1)
    wrong = client.post(reverse("account_confirm_reauthentication_code"), {"code": "WRONG"})
    assert "The code is not correct" in wrong.content.decode()
    assert "<title>Error: " in wrong.content.decode()
    right = client.post(reverse("account_confirm_reauthentication_code"), {"code": code})
    assert right.status_code == 302
