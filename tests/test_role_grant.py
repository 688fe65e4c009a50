"""Only a coordinator grants the manager and coordinator roles."""

import pytest
from django.urls import reverse

from accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_coordinator_makes_a_worker_a_manager_who_must_then_set_up_mfa(
    client, coordinator, camden_worker
):
    client.force_login(coordinator)
    response = client.post(reverse("person_role", args=[camden_worker.pk]), {"role": Role.MANAGER})
    assert response.status_code == 302
    assert User.objects.get(pk=camden_worker.pk).role == Role.MANAGER

    client.force_login(User.objects.get(pk=camden_worker.pk))
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")


def test_managers_cannot_grant_roles(client, camden_manager, hackney_manager, camden_worker):
    url = reverse("person_role", args=[camden_worker.pk])
    client.force_login(camden_manager)
    assert client.post(url, {"role": Role.MANAGER}).status_code == 403
    client.force_login(hackney_manager)
    assert client.post(url, {"role": Role.MANAGER}).status_code == 404
    assert User.objects.get(pk=camden_worker.pk).role == Role.WORKER


def test_a_person_without_a_borough_cannot_become_a_manager(client, coordinator, db):
    from tests.factories import UserFactory

    other = UserFactory(role=Role.COORDINATOR, borough=None)
    client.force_login(coordinator)
    response = client.post(reverse("person_role", args=[other.pk]), {"role": Role.MANAGER})
    assert "Give this person a home borough" in response.content.decode()
    assert User.objects.get(pk=other.pk).role == Role.COORDINATOR


def test_a_coordinator_cannot_demote_themselves(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("person_role", args=[coordinator.pk]), {"role": Role.WORKER})
    assert "You cannot remove your own coordinator role" in response.content.decode()
    assert User.objects.get(pk=coordinator.pk).role == Role.COORDINATOR


@pytest.mark.parametrize("size", [3, 30])
def test_people_list_query_count_does_not_grow(
    client, coordinator, camden, size, django_assert_num_queries
):
    from tests.factories import UserFactory, WorkerProfileFactory

    for _ in range(size):
        WorkerProfileFactory(user=UserFactory(borough=camden), registration_verified=False)
    client.force_login(coordinator)
    with django_assert_num_queries(6):
        response = client.get(reverse("people"), {"show": "everyone"})
    assert response.status_code == 200
    assert response.content.decode().count("Awaiting check") == size
