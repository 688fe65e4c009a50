"""In demo mode every page says, in one line, that the data is made up and how to sign in."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from home.demo.people import DEMO_PASSWORD
from tests.browser import visit


def _page(client) -> str:
    """The start page's HTML with the space between tags taken out."""
    html = client.get(reverse("start")).content.decode()
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html)


@pytest.mark.django_db
def test_demo_banner_is_one_line_in_the_phase_banner_with_the_demo_password(client, settings):
    settings.DEMO_MODE = True

    page = _page(client)

    assert len(re.findall(r'class="govuk-phase-banner[ "]', page)) == 1
    assert ">Demo</strong>" in page and ">Beta</strong>" not in page
    assert f"Every demo login's password is {DEMO_PASSWORD}" in page
    assert "govuk-notification-banner" not in page


@pytest.mark.django_db
def test_outside_the_demo_the_phase_banner_says_beta_and_no_password(client, settings):
    settings.DEMO_MODE = False

    page = _page(client)

    assert ">Beta</strong>" in page and ">Demo</strong>" not in page
    assert DEMO_PASSWORD not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_demo_banner_passes_axe_on_the_sign_in_page(page: Page, settings) -> None:
    settings.DEMO_MODE = True

    visit(page, reverse("account_login"))

    expect(page.locator(".govuk-phase-banner")).to_contain_text("Made-up data.")
