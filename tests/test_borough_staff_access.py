"""A manager manages their own borough's staff and teams, and nobody else's."""

import pytest
from django.urls import reverse

from accounts.models import User
from boroughs.models import Team
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def camden_urls(camden, camden_team, camden_worker):
    return [
        reverse("staff_list", args=[camden.gss_code]),
        reverse("team_add", args=[camden.gss_code]),
        reverse("team_detail", args=[camden_team.pk]),
        reverse("team_edit", args=[camden_team.pk]),
        reverse("person_detail", args=[camden_worker.pk]),
    ]


def test_other_boroughs_manager_gets_404_on_every_staff_and_team_page(
    client, hackney_manager, camden_urls, camden_team, camden_worker
):
    client.force_login(hackney_manager)
    for url in camden_urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Taken over", "team": ""}).status_code == 404, url
    camden_team.refresh_from_db()
    assert camden_team.name == "Assessment"
    assert Team.objects.count() == 1
    camden_worker.refresh_from_db()
    assert camden_worker.team is None


def test_home_manager_sees_every_staff_and_team_page(client, camden_manager, camden_urls):
    client.force_login(camden_manager)
    for url in camden_urls:
        assert client.get(url).status_code == 200, url


def test_a_worker_cannot_manage_their_own_boroughs_teams(
    client, camden_worker, camden, camden_team
):
    client.force_login(camden_worker)
    assert client.get(reverse("staff_list", args=[camden.gss_code])).status_code == 404
    assert client.get(reverse("team_add", args=[camden.gss_code])).status_code == 404
    # Colleagues may see their own borough's team, but not change it.
    assert client.get(reverse("team_detail", args=[camden_team.pk])).status_code == 200
    assert (
        client.post(reverse("team_edit", args=[camden_team.pk]), {"name": "X"}).status_code == 403
    )
    camden_team.refresh_from_db()
    assert camden_team.name == "Assessment"


def test_borough_public_page_shows_neighbours_teams_and_agreements(
    client, hackney_manager, camden, haringey, camden_team
):
    from boroughs.models import Agreement, FundingModel

    camden.neighbours.add(haringey)
    a, b = sorted([camden, haringey], key=lambda x: x.pk)
    Agreement.objects.create(
        borough_a=a, borough_b=b, funding_model=FundingModel.HOME_FUNDED, starts_on="2026-04-01"
    )
    client.force_login(hackney_manager)

    page = client.get(reverse("borough_detail", args=[camden.gss_code])).content.decode()

    assert "Haringey" in page
    assert "Assessment" in page
    assert "Home borough pays" in page
    assert reverse("staff_list", args=[camden.gss_code]) not in page


def test_manager_adds_a_team_and_moves_a_worker_into_it(
    client, camden_manager, camden, camden_worker
):
    client.force_login(camden_manager)

    client.post(reverse("team_add", args=[camden.gss_code]), {"name": "Children in care"})
    team = Team.objects.get(borough=camden, name="Children in care")
    client.post(reverse("person_detail", args=[camden_worker.pk]), {"team": team.pk})

    assert User.objects.get(pk=camden_worker.pk).team == team
    page = client.get(reverse("team_detail", args=[team.pk])).content.decode()
    assert camden_worker.full_name in page


def test_duplicate_team_name_is_refused(client, camden_manager, camden, camden_team):
    client.force_login(camden_manager)
    response = client.post(reverse("team_add", args=[camden.gss_code]), {"name": "assessment"})
    assert "A team called Assessment already exists in Camden" in response.content.decode()
    assert Team.objects.filter(borough=camden).count() == 1


def test_a_manager_cannot_put_staff_in_another_boroughs_team(
    client, camden_manager, camden_worker, hackney
):
    hackney_team = TeamFactory(borough=hackney)
    client.force_login(camden_manager)
    response = client.post(
        reverse("person_detail", args=[camden_worker.pk]), {"team": hackney_team.pk}
    )
    assert "Select a valid choice" in response.content.decode()
    camden_worker.refresh_from_db()
    assert camden_worker.team is None


@pytest.mark.parametrize("size", [3, 30])
def test_staff_list_query_count_does_not_grow_with_staff(
    client, camden_manager, camden, django_assert_num_queries, size
):
    from tests.factories import UserFactory, WorkerProfileFactory

    for _ in range(size):
        WorkerProfileFactory(user=UserFactory(borough=camden, team=TeamFactory(borough=camden)))
    client.force_login(camden_manager)
    with django_assert_num_queries(8):
        response = client.get(reverse("staff_list", args=[camden.gss_code]))
    assert response.status_code == 200
