"""A borough manager adds a team; one name is one team, in any case, however many add it at once."""

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse

from boroughs.models import Team
from tests.concurrency import all_at_once
from tests.factories import TeamFactory
from tests.personas import TwoFactorClient
from tests.upgrade_database import migrate

MANAGERS = 20


def _taken(name: str) -> str:
    return f"A team called {name} already exists in Camden"


def _race(camden, camden_manager, names: list[str]) -> list:
    url = reverse("team_add", args=[camden.gss_code])

    def signed_in(name: str):
        client = TwoFactorClient()
        client.force_login(camden_manager)
        return lambda: client.post(url, {"name": name})

    return all_at_once([lambda name=name: signed_in(name) for name in names])


@pytest.mark.django_db(transaction=True)
def test_twenty_managers_adding_one_team_at_once_make_one_and_are_told_why_not(
    camden, camden_manager, monkeypatch
):
    # Each thread keeps its connection across its request, so connecting is
    # not part of the race (every thread's connection shares this dictionary).
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)

    results = _race(camden, camden_manager, ["Assessment"] * MANAGERS)

    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors[:3]
    assert sorted(response.status_code for response in results) == [200] * (MANAGERS - 1) + [302]
    refused = [response.text for response in results if response.status_code == 200]
    assert all(_taken("Assessment") in page for page in refused)
    assert all("There is a problem" in page for page in refused)
    assert list(Team.objects.filter(borough_id=camden.pk).values_list("name", flat=True)) == [
        "Assessment"
    ]


@pytest.mark.django_db(transaction=True)
def test_managers_adding_one_team_in_different_cases_at_once_make_one(
    camden, camden_manager, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    spellings = ["Assessment", "assessment", "ASSESSMENT", "AssessMent"]

    results = _race(camden, camden_manager, spellings * (MANAGERS // len(spellings)))

    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors[:3]
    assert sorted(response.status_code for response in results) == [200] * (MANAGERS - 1) + [302]
    (team,) = Team.objects.filter(borough_id=camden.pk)
    assert all(_taken(team.name) in r.text for r in results if r.status_code == 200)


@pytest.mark.django_db
def test_a_name_differing_only_in_case_is_refused(client, camden, camden_manager, camden_team):
    client.force_login(camden_manager)

    response = client.post(reverse("team_add", args=[camden.gss_code]), {"name": " assessment "})

    assert response.status_code == 200
    assert _taken("Assessment") in response.text
    assert list(Team.objects.filter(borough_id=camden.pk).values_list("name", flat=True)) == [
        "Assessment"
    ]


@pytest.mark.django_db
def test_renaming_a_team_to_another_teams_name_in_another_case_is_refused(
    client, camden, camden_manager, camden_team
):
    other = TeamFactory(borough=camden, name="Child protection")
    client.force_login(camden_manager)

    response = client.post(reverse("team_edit", args=[other.pk]), {"name": "ASSESSMENT"})

    assert _taken("Assessment") in response.text
    assert Team.objects.get(pk=other.pk).name == "Child protection"
    # Changing only the case of its own name is fine.
    response = client.post(reverse("team_edit", args=[other.pk]), {"name": "Child Protection"})
    assert response.status_code == 302
    assert Team.objects.get(pk=other.pk).name == "Child Protection"


@pytest.mark.django_db
def test_the_same_name_is_fine_in_another_borough(client, camden_team, haringey, haringey_manager):
    client.force_login(haringey_manager)

    response = client.post(reverse("team_add", args=[haringey.gss_code]), {"name": "assessment"})

    assert response.status_code == 302
    assert Team.objects.filter(borough=haringey, name="assessment").exists()


@pytest.mark.django_db
def test_the_database_refuses_a_name_differing_only_in_case(camden_team):
    with pytest.raises(IntegrityError):
        Team.objects.create(borough=camden_team.borough, name="ASSESSMENT")


def test_migration_renames_teams_that_differed_only_in_case(empty_database):
    before = [("boroughs", "0002_pressurereport")]
    after = [("boroughs", "0003_team_name_unique_ignoring_case")]
    executor = migrate(before)
    old = executor.loader.project_state(before).apps
    OldBorough = old.get_model("boroughs", "Borough")
    camden = OldBorough.objects.create(gss_code="E09000007", name="Camden", kind="london_borough")
    haringey = OldBorough.objects.create(
        gss_code="E09000014", name="Haringey", kind="london_borough"
    )
    OldTeam = old.get_model("boroughs", "Team")
    for borough_id, name in [
        (camden.pk, "Assessment"),
        (camden.pk, "assessment"),
        (camden.pk, "ASSESSMENT"),
        (camden.pk, "assessment (2)"),
        (haringey.pk, "assessment"),
    ]:
        OldTeam.objects.create(borough_id=borough_id, name=name)

    migrate(after)

    assert sorted(Team.objects.filter(borough_id=camden.pk).values_list("name", flat=True)) == [
        "ASSESSMENT (4)",
        "Assessment",
        "assessment (2)",
        "assessment (3)",
    ]
    assert list(Team.objects.filter(borough_id=haringey.pk).values_list("name", flat=True)) == [
        "assessment"
    ]
