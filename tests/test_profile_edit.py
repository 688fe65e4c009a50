"""A social worker completes and changes their own profile."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import JobLevel, Specialism, TravelScope, WorkerProfile
from tests.factories import BoroughFactory, UserFactory, WorkerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_worker(camden):
    user = UserFactory(email="new@camden.gov.uk", full_name="Nia New", borough=camden)
    WorkerProfile.objects.create(user=user)
    return user


def _valid_data(**overrides):
    data = {
        "registration_number": "SW123456",
        "registration_expires_on": (
            timezone.localdate() + datetime.timedelta(days=300)
        ).isoformat(),
        "job_level": str(JobLevel.SENIOR_PRACTITIONER),
        "qualified_on": "2018-07-01",
        "specialisms": [str(pk) for pk in Specialism.objects.values_list("pk", flat=True)[:2]],
        "languages": "Turkish",
        "travel_scope": TravelScope.NEIGHBOURS,
        "open_to_matching": "on",
    }
    data.update(overrides)
    return data


def test_worker_completes_profile_and_neighbours_become_willing_boroughs(
    client, new_worker, camden
):
    haringey = BoroughFactory(gss_code="E09000014", name="Haringey")
    camden.neighbours.add(haringey)
    client.force_login(new_worker)

    response = client.post(reverse("profile_edit"), _valid_data())

    assert response.status_code == 302
    profile = WorkerProfile.objects.get(user=new_worker)
    assert profile.registration_number == "SW123456"
    assert profile.job_level == JobLevel.SENIOR_PRACTITIONER
    assert list(profile.willing_boroughs.all()) == [haringey]
    assert profile.specialisms.count() == 2
    page = client.get(reverse("profile")).content.decode()
    assert "SW123456" in page and "Awaiting check" in page


def test_registration_number_is_tidied_before_saving(client, new_worker):
    client.force_login(new_worker)
    client.post(reverse("profile_edit"), _valid_data(registration_number=" sw 123 456 "))
    assert WorkerProfile.objects.get(user=new_worker).registration_number == "SW123456"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"registration_number": "123456"},
            "Enter a Social Work England registration number in the correct format, like SW123456",
        ),
        ({"registration_number": "SWABC"}, "in the correct format, like SW123456"),
        ({"registration_number": ""}, "Enter your Social Work England registration number"),
        (
            {"registration_expires_on": "2020-01-01"},
            "Registration expiry date must be today or in the future",
        ),
        ({"registration_expires_on": "2026-02-31"}, "Registration expiry date must be a real date"),
        ({"job_level": ""}, "Select your job level"),
        ({"specialisms": []}, "Select at least one specialism"),
        (
            {"travel_scope": TravelScope.CHOSEN, "willing_boroughs": []},
            "Select at least one borough you will work in",
        ),
    ],
)
def test_bad_profile_input_gets_a_specific_error_and_saves_nothing(
    client, new_worker, overrides, message
):
    client.force_login(new_worker)

    response = client.post(reverse("profile_edit"), _valid_data(**overrides))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error: " in page
    profile = WorkerProfile.objects.get(user=new_worker)
    assert profile.registration_number is None
    assert profile.job_level is None
    assert not profile.specialisms.exists()


def test_duplicate_registration_number_is_refused(client, new_worker, hackney_worker):
    taken = hackney_worker.worker_profile.registration_number
    client.force_login(new_worker)

    response = client.post(reverse("profile_edit"), _valid_data(registration_number=taken))

    assert "Another profile already uses this registration number" in response.content.decode()
    assert WorkerProfile.objects.filter(registration_number=taken).count() == 1
    assert WorkerProfile.objects.get(user=new_worker).registration_number is None


def test_changing_a_verified_registration_needs_a_new_check(client, camden_worker, coordinator):
    profile = camden_worker.worker_profile
    profile.registration_verified = True
    profile.registration_verified_by = coordinator
    profile.registration_verified_at = timezone.now()
    profile.save()
    client.force_login(camden_worker)

    client.post(reverse("profile_edit"), _valid_data(registration_number="SW999001"))

    profile.refresh_from_db()
    assert profile.registration_number == "SW999001"
    assert profile.registration_verified is False
    assert profile.registration_verified_by is None


def test_my_region_shortcut_lists_every_other_borough_of_the_region(client, new_worker, camden):
    others = [BoroughFactory() for _ in range(3)]
    BoroughFactory(name="Norfolk", gss_code="E10000020", region="East of England", kind="county")
    client.force_login(new_worker)

    client.post(reverse("profile_edit"), _valid_data(travel_scope=TravelScope.REGION))

    willing = set(WorkerProfile.objects.get(user=new_worker).willing_boroughs.all())
    assert willing == set(others)


def test_a_norfolk_worker_chooses_from_their_region_and_neighbours(client, db):
    norfolk = BoroughFactory(
        name="Norfolk", gss_code="E10000020", region="East of England", kind="county"
    )
    suffolk = BoroughFactory(
        name="Suffolk", gss_code="E10000029", region="East of England", kind="county"
    )
    lincolnshire = BoroughFactory(
        name="Lincolnshire", gss_code="E10000019", region="East Midlands", kind="county"
    )
    BoroughFactory(name="Camden", gss_code="E09000007")
    norfolk.neighbours.add(suffolk, lincolnshire)
    worker = UserFactory(email="w@norfolk.gov.uk", borough=norfolk)
    WorkerProfileFactory(user=worker)
    client.force_login(worker)

    page = client.get(reverse("profile_edit")).content.decode()

    assert "Any borough in my region" in page and "Any London borough" not in page
    assert "Suffolk" in page and "Lincolnshire" in page and "Camden" not in page
    client.post(
        reverse("profile_edit"),
        _valid_data(travel_scope=TravelScope.CHOSEN, willing_boroughs=[lincolnshire.pk]),
    )
    assert list(WorkerProfile.objects.get(user=worker).willing_boroughs.all()) == [lincolnshire]


def test_chosen_boroughs_are_saved(client, new_worker):
    chosen = BoroughFactory(name="Islington", gss_code="E09000019")
    BoroughFactory()
    client.force_login(new_worker)

    client.post(
        reverse("profile_edit"),
        _valid_data(travel_scope=TravelScope.CHOSEN, willing_boroughs=[chosen.pk]),
    )

    assert list(WorkerProfile.objects.get(user=new_worker).willing_boroughs.all()) == [chosen]


def test_managers_have_no_worker_profile_to_edit(client, camden_manager):
    client.force_login(camden_manager)
    assert client.get(reverse("profile_edit")).status_code == 404
    assert client.get(reverse("profile")).status_code == 200


def test_profile_completeness_shows_on_the_worker_dashboard(client, new_worker):
    client.force_login(new_worker)
    page = client.get(reverse("dashboard")).content.decode()
    assert "0%" in page and "Social Work England registration number" in page

    WorkerProfile.objects.filter(user=new_worker).update(
        registration_number="SW100200", registration_expires_on=datetime.date(2030, 1, 1)
    )
    page = client.get(reverse("dashboard")).content.decode()
    assert "Social Work England registration number" not in page
    assert "29%" in page


def test_specialisms_and_boroughs_are_checkboxes_so_several_can_be_chosen(
    client, camden_worker, haringey, hackney
):
    profile = camden_worker.worker_profile
    profile.specialisms.set(Specialism.objects.all()[:2])
    client.force_login(camden_worker)

    page = client.get(reverse("profile_edit")).content.decode()

    for name in ("specialisms", "willing_boroughs"):
        inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert inputs, name
        assert all('type="checkbox"' in each for each in inputs), name
    chosen = re.findall(r'<input[^>]*name="specialisms"[^>]*\bchecked\b[^>]*>', page)
    assert len(chosen) == 2
