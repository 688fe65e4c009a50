"""A social worker signs up, confirms their email and completes their profile.

The whole journey runs in headless Chromium, and axe-core checks every page
it visits, the error page included.
"""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Availability, JobLevel, Role, TravelScope, User, WorkerProfile
from tests.browser import assert_accessible, follow, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "sam.newcomer@camden.gov.uk"
PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def specialisms(transactional_db) -> None:
    # A data migration adds them, and an earlier transactional test's flush
    # may have removed them since: add them again, as the migration does.
    migration = importlib.import_module("accounts.migrations.0002_specialisms")
    migration.add_specialisms(django_apps, None)


def _confirmation_path() -> str:
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
    assert link, message.body
    return link.group(1)


def _fill_date(page: Page, legend: str, day: datetime.date) -> None:
    """Type a date into the day, month and year boxes of the GOV.UK date input."""
    boxes = page.get_by_role("group", name=legend)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def test_new_social_worker_signs_up_and_completes_their_profile(
    page: Page, camden, haringey, specialisms
) -> None:
    camden.neighbours.add(haringey)
    today = timezone.localdate()
    expires_on = today + datetime.timedelta(days=400)
    starts_on = today + datetime.timedelta(days=30)
    ends_on = starts_on + datetime.timedelta(days=90)

    # Create an account.
    visit(page, "/")
    follow(page, page.get_by_role("button", name="Create an account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    page.get_by_label("Full name").fill("Sam Newcomer")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Which borough employs you?").select_option(label="Camden")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # Confirm the email address from the link in the captured email.
    visit(page, _confirmation_path())
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    expect(page.get_by_text(EMAIL)).to_be_visible()
    follow(page, page.get_by_role("button", name="Confirm"))
    if page.get_by_role("heading", name="Sign in", level=1).is_visible():
        page.get_by_label("Email address").fill(EMAIL)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        follow(page, page.get_by_role("button", name="Sign in", exact=True))

    # The dashboard says how complete the profile is.
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.get_by_text("0% complete")).to_be_visible()
    follow(page, page.get_by_role("button", name="Complete your profile"))

    # Fill in the worker profile.
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your profile")
    page.get_by_label("Social Work England registration number").fill("SW 123456")
    _fill_date(page, "When does your registration expire?", expires_on)
    page.get_by_label("Senior practitioner").check()
    _fill_date(page, "When did you qualify as a social worker?", datetime.date(2016, 7, 1))
    page.get_by_label("Child protection").check()
    page.get_by_label("Looked-after children").check()
    page.get_by_label("My borough's neighbours").check()
    page.get_by_label("Match me with help requests and tell me about them").check()
    follow(page, page.get_by_role("button", name="Save profile"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_text("Your profile has been saved")).to_be_visible()
    summary = page.locator(".govuk-summary-list").nth(1)
    expect(summary).to_contain_text("SW123456")
    expect(summary).to_contain_text("Awaiting check")
    expect(summary).to_contain_text(f"{expires_on:%-d %B %Y}")
    expect(summary).to_contain_text("Senior practitioner")
    expect(summary).to_contain_text("Child protection, Looked-after children")
    expect(summary).to_contain_text("My borough's neighbours: Haringey")
    expect(page.get_by_text("No availability added.")).to_be_visible()
    follow(page, page.get_by_role("button", name="Add availability"))

    # An end date before the start date is refused with the GOV.UK error summary.
    _fill_date(page, "Start date", starts_on)
    _fill_date(page, "End date", starts_on - datetime.timedelta(days=1))
    page.get_by_label("Days per week").fill("3")
    follow(page, page.get_by_role("button", name="Save availability"))

    expect(page).to_have_title(re.compile(r"^Error: Add availability"))
    error_summary = page.locator(".govuk-error-summary")
    expect(error_summary).to_be_focused()
    error_link = error_summary.get_by_role(
        "link", name="End date must be the same as or after the start date"
    )
    expect(error_link).to_have_attribute("href", "#id_ends_on-day")
    expect(page.locator("#id_ends_on-group .govuk-error-message")).to_contain_text(
        "End date must be the same as or after the start date"
    )
    error_link.click()
    expect(page.get_by_role("group", name="End date").get_by_label("Day")).to_be_focused()
    assert_accessible(page)  # again, now that the focus has moved
    assert not Availability.objects.exists()

    _fill_date(page, "End date", ends_on)
    follow(page, page.get_by_role("button", name="Save availability"))

    expect(page.get_by_text("Availability added")).to_be_visible()
    availability_row = page.locator(".govuk-table tbody tr")
    expect(availability_row).to_have_count(1)
    expect(availability_row).to_contain_text(f"{starts_on:%-d %B %Y}")
    expect(availability_row).to_contain_text(f"{ends_on:%-d %B %Y}")
    expect(availability_row.locator("td").nth(2)).to_have_text("3")

    visit(page, "/dashboard/")
    expect(page.get_by_text("100% complete")).to_be_visible()

    user = User.objects.get(email=EMAIL)
    assert (user.full_name, user.role, user.borough) == ("Sam Newcomer", Role.WORKER, camden)
    profile = WorkerProfile.objects.get(user=user)
    assert profile.registration_number == "SW123456"
    assert profile.registration_expires_on == expires_on
    assert not profile.registration_verified
    assert profile.job_level == JobLevel.SENIOR_PRACTITIONER
    assert profile.qualified_on == datetime.date(2016, 7, 1)
    assert sorted(profile.specialisms.values_list("name", flat=True)) == [
        "Child protection",
        "Looked-after children",
    ]
    assert profile.travel_scope == TravelScope.NEIGHBOURS
    assert list(profile.willing_boroughs.all()) == [haringey]
    assert profile.open_to_matching
    availability = Availability.objects.get()
    assert (
        availability.profile,
        availability.starts_on,
        availability.ends_on,
        availability.days_per_week,
    ) == (profile, starts_on, ends_on, 3)
