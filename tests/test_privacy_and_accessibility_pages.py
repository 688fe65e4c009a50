"""The privacy notice and the accessibility statement: public, and saying what
a data protection officer and an accessibility auditor look for."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(name: str) -> str:
    response = Client().get(reverse(name))  # signed out: both are public
    assert response.status_code == 200
    return response.content.decode()


def test_the_privacy_notice_says_what_why_how_long_who_and_your_rights():
    page = _page("privacy")

    for heading in (
        "What we hold",
        "Why we hold it, and our lawful basis",
        "Who can see it",
        "How long we keep it",
        "Your rights, and how to use them",
        "Questions and complaints",
    ):
        assert heading in page
    assert "Article 6(1)(e)" in page
    assert "We do not ask for special category data" in page
    assert "Social Work England registration number" in page
    assert "Managers in other boroughs</strong> see nothing about you" in page
    assert reverse("my_data") in page
    assert "https://ico.org.uk/make-a-complaint/" in page


def test_the_retention_table_is_the_setting(settings):
    settings.RETENTION = {
        "notifications.Notification": {
            "what": "Messages we sent you",
            "after": "they were sent",
            "keep": datetime.timedelta(days=90),
            "then": "delete",
            "why": "A test schedule",
        },
        "not_installed.Model": {
            "what": "Something from an app this site does not run",
            "after": "ever",
            "keep": datetime.timedelta(days=1),
            "then": "delete",
            "why": "Left out",
        },
    }

    page = _page("privacy")

    assert "Messages we sent you" in page
    assert "90 days after they were sent" in page
    assert "A test schedule" in page
    assert "Something from an app this site does not run" not in page


def test_the_privacy_notice_names_the_contact_address_when_set(settings):
    settings.DATA_PROTECTION_CONTACT_EMAIL = "dpo@partnership.gov.uk"

    assert "mailto:dpo@partnership.gov.uk" in _page("privacy")


def test_the_accessibility_statement_is_honest_about_conformance_and_testing():
    page = _page("accessibility")

    assert "partially compliant with the" in page
    assert "Web Content Accessibility Guidelines version 2.2" in page
    assert "fully compliant" not in page
    assert "axe-core 4.14" in page and "Chromium" in page
    assert "keyboard" in page
    assert "navigation links across the top of every page wrap onto two lines" in page
    assert "charts" in page
    assert "Reporting accessibility problems with this service" in page
    assert "Equality and Human Rights Commission (EHRC)" in page
    assert "This statement was prepared on 30 November 2026" in page


def test_lines_kept_only_as_long_as_the_account_say_so():
    page = _page("privacy")

    assert "Until the account is anonymised" in page
    assert "Until then" not in page
