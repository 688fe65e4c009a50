"""A social worker gives their registration expiry date and the date they qualified
in GOV.UK date inputs, with GOV.UK's messages when a date is incomplete or unreal."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import JobLevel, Specialism, TravelScope, WorkerProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUALIFIED_ON = datetime.date(2015, 9, 14)


@pytest.fixture
def new_worker(camden):
    user = UserFactory(email="new@camden.gov.uk", full_name="Nia New", borough=camden)
    WorkerProfile.objects.create(user=user)
    return user


def _expires_on() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=200)


def _parts(name: str, when: datetime.date, /, **typed: str) -> dict[str, str]:
    parts = {"day": str(when.day), "month": str(when.month), "year": str(when.year)} | typed
    return {f"{name}-{part}": value for part, value in parts.items()}


def _data(expires: dict | None = None, qualified: dict | None = None) -> dict:
    return {
        "registration_number": "SW654321",
        **_parts("registration_expires_on", _expires_on(), **(expires or {})),
        "job_level": str(JobLevel.SOCIAL_WORKER),
        **_parts("qualified_on", QUALIFIED_ON, **(qualified or {})),
        "specialisms": [str(Specialism.objects.values_list("pk", flat=True).first())],
        "travel_scope": TravelScope.NEIGHBOURS,
    }


def _summary_links(page: str) -> list[tuple[str, str]]:
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return [
        (href, " ".join(text.split()))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', summary, flags=re.S)
    ]


def test_both_dates_are_day_month_and_year_boxes_showing_what_is_saved(client, camden_worker):
    profile = camden_worker.worker_profile
    client.force_login(camden_worker)

    page = client.get(reverse("profile_edit")).content.decode()

    for name, saved in (
        ("registration_expires_on", profile.registration_expires_on),
        ("qualified_on", profile.qualified_on),
    ):
        for part in ("day", "month", "year"):
            value = getattr(saved, part)
            assert re.search(
                rf'id="id_{name}-{part}" name="{name}-{part}" type="text" value="{value}"', page
            )
    assert 'type="date"' not in page


def test_dates_typed_in_the_boxes_are_saved(client, new_worker):
    client.force_login(new_worker)

    response = client.post(reverse("profile_edit"), _data())

    assert response.status_code == 302
    profile = WorkerProfile.objects.get(user=new_worker)
    assert (profile.registration_expires_on, profile.qualified_on) == (_expires_on(), QUALIFIED_ON)


@pytest.mark.parametrize(
    ("typed", "message", "anchor"),
    [
        (
            {"expires": {"month": ""}},
            "Registration expiry date must include a month",
            "#id_registration_expires_on-month",
        ),
        (
            {"expires": {"day": "30", "month": "2"}},
            "Registration expiry date must be a real date",
            "#id_registration_expires_on-day",
        ),
        (
            {"qualified": {"year": ""}},
            "Date you qualified must include a year",
            "#id_qualified_on-year",
        ),
        (
            {"qualified": {"day": "32"}},
            "Date you qualified must be a real date",
            "#id_qualified_on-day",
        ),
        ({"qualified": {"year": "15"}}, "Year must include 4 numbers", "#id_qualified_on-year"),
        (
            {"expires": {"day": "", "month": "", "year": ""}},
            "Enter the date your registration expires",
            "#id_registration_expires_on-day",
        ),
    ],
)
def test_an_incomplete_or_unreal_date_is_refused_and_nothing_is_saved(
    client, new_worker, typed, message, anchor
):
    client.force_login(new_worker)

    response = client.post(reverse("profile_edit"), _data(**typed))

    assert response.status_code == 200
    page = response.content.decode()
    assert _summary_links(page) == [(anchor, message)]
    assert "<title>Error: Change your profile" in page
    profile = WorkerProfile.objects.get(user=new_worker)
    assert profile.registration_number is None
    assert profile.registration_expires_on is None and profile.qualified_on is None


def test_the_profile_keeps_its_own_rules_for_real_dates(client, new_worker):
    client.force_login(new_worker)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        reverse("profile_edit"),
        {
            **_data(),
            **_parts("registration_expires_on", yesterday),
            **_parts("qualified_on", tomorrow),
        },
    )

    assert _summary_links(response.content.decode()) == [
        (
            "#id_registration_expires_on-day",
            "Registration expiry date must be today or in the future: "
            "renew your registration first",
        ),
        ("#id_qualified_on-day", "Date you qualified must be today or in the past"),
    ]
    assert WorkerProfile.objects.get(user=new_worker).registration_number is None
