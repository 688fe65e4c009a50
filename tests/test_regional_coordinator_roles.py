"""Granting the coordinator role with its regions (issue 13): a regional
coordinator makes coordinators only for the regions they cover, and only a
national coordinator makes a national coordinator."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from boroughs.models import Region

pytestmark = pytest.mark.django_db


def _grant(client, person, **data):
    return client.post(reverse("person_role", args=[person.pk]), {"role": Role.COORDINATOR, **data})


def test_a_national_coordinator_chooses_regions_with_checkboxes(client, coordinator, camden_worker):
    client.force_login(coordinator)
    page = client.get(reverse("person_role", args=[camden_worker.pk])).content.decode()
    assert "govuk-checkboxes" in page
    assert "Coordinates all of England" in page
    assert _grant(client, camden_worker, regions=[Region.LONDON, Region.EAST]).status_code == 302
    person = User.objects.get(pk=camden_worker.pk)
    assert person.is_coordinator
    assert person.coordinated_regions == {"London", "East of England"}


def test_a_national_coordinator_makes_a_national_coordinator(client, coordinator, camden_worker):
    client.force_login(coordinator)
    assert _grant(client, camden_worker, nationally="on").status_code == 302
    assert User.objects.get(pk=camden_worker.pk).coordinated_regions is None


def test_a_regional_coordinator_grants_only_their_own_regions(
    client, london_coordinator, camden_worker
):
    client.force_login(london_coordinator)
    page = client.get(reverse("person_role", args=[camden_worker.pk])).content.decode()
    assert "Coordinates all of England" not in page
    assert "North East" not in page

    response = _grant(client, camden_worker, regions=[Region.NORTH_EAST])
    assert response.status_code == 200
    assert "Select regions you coordinate from the list" in response.content.decode()
    # The national box is not theirs to tick: it is ignored, and no region was chosen.
    response = _grant(client, camden_worker, nationally="on")
    assert "Select the regions they will coordinate" in response.content.decode()
    assert User.objects.get(pk=camden_worker.pk).role == Role.WORKER

    assert _grant(client, camden_worker, regions=[Region.LONDON]).status_code == 302
    assert User.objects.get(pk=camden_worker.pk).coordinated_regions == {"London"}


def test_a_regional_coordinator_cannot_change_roles_outside_their_regions(
    client, london_coordinator, norfolk_worker, coordinator
):
    client.force_login(london_coordinator)
    assert _grant(client, norfolk_worker, regions=[Region.LONDON]).status_code == 404
    assert _grant(client, coordinator, regions=[Region.LONDON]).status_code == 404
    assert User.objects.get(pk=norfolk_worker.pk).role == Role.WORKER


def test_the_role_service_refuses_a_national_grant_from_a_regional_coordinator(
    london_coordinator, camden_worker
):
    from django.core.exceptions import PermissionDenied

    from people.roles import user_set_role

    with pytest.raises(PermissionDenied, match="national coordinator"):
        user_set_role(
            user=camden_worker, role=Role.COORDINATOR, by=london_coordinator, nationally=True
        )
    with pytest.raises(PermissionDenied, match="regions you coordinate"):
        user_set_role(
            user=camden_worker, role=Role.COORDINATOR, by=london_coordinator, regions=["North East"]
        )
