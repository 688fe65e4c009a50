"""Anyone may sign up, but only ever as a social worker of one borough."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User, WorkerProfile

pytestmark = pytest.mark.django_db


def _signup(client, home, **overrides):
    data = {
        "full_name": "Sam Newcomer",
        "email": "sam.newcomer@camden.gov.uk",
        "borough": home.pk,
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR])
def test_posting_a_role_at_sign_up_still_makes_a_social_worker(client, camden, role):
    _signup(client, camden, role=role, is_staff="on", is_superuser="on")

    user = User.objects.get(email="sam.newcomer@camden.gov.uk")
    assert user.role == Role.WORKER
    assert user.borough == camden
    assert not user.is_staff and not user.is_superuser
    assert WorkerProfile.objects.filter(user=user).exists()


def test_sign_up_sends_a_verification_email_and_the_link_signs_you_in(client, camden):
    response = _signup(client, camden)
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    # Until the address is confirmed the account cannot be used.
    assert client.get(reverse("dashboard")).status_code == 302

    client.post(link.group(1))
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_borough_can_restrict_sign_up_to_its_email_domains(client, camden):
    camden.email_domains = "camden.gov.uk"
    camden.save()

    response = _signup(client, camden, email="someone@gmail.com")

    assert "Camden only accepts sign-ups with a work email address ending @camden.gov.uk" in (
        response.content.decode()
    )
    assert not User.objects.exists()
    assert _signup(client, camden).status_code == 302
    assert User.objects.count() == 1


def test_sign_up_needs_a_borough(client, camden):
    response = _signup(client, camden, borough="")
    assert "Choose the borough that employs you" in response.content.decode()
    assert not User.objects.exists()
