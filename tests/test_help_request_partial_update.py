"""Changing one thing about a help request leaves everything else as it was."""

import pytest
from django.urls import reverse

from accounts.models import Specialism
from secondments import services
from secondments.models import HelpRequest
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialisms(db) -> list[Specialism]:
    return [
        Specialism.objects.get_or_create(name=name, defaults={"area": "children"})[0]
        for name in ("Child protection", "Court work")
    ]


@pytest.fixture
def open_request(haringey_manager, specialisms) -> HelpRequest:
    draft = services.help_request_create(
        by=haringey_manager, data=request_data(specialisms=specialisms)
    )
    return services.help_request_publish(help_request=draft, by=haringey_manager)


def test_changing_only_the_places_keeps_the_specialisms(
    client, open_request, haringey_manager, specialisms
):
    services.help_request_update(help_request=open_request, by=haringey_manager, data={"places": 3})

    saved = HelpRequest.objects.get(pk=open_request.pk)
    assert saved.places == 3
    assert set(saved.specialisms.all()) == set(specialisms)
    assert (saved.title, saved.starts_on, saved.description) == (
        open_request.title,
        open_request.starts_on,
        open_request.description,
    )
    client.force_login(haringey_manager)
    page = client.get(open_request.get_absolute_url()).content.decode()
    assert "Child protection, Court work" in page


def test_an_empty_list_of_specialisms_still_clears_them(open_request, haringey_manager):
    services.help_request_update(
        help_request=open_request, by=haringey_manager, data={"specialisms": []}
    )

    assert not HelpRequest.objects.get(pk=open_request.pk).specialisms.exists()


def test_the_edit_form_still_changes_the_specialisms(
    client, open_request, haringey_manager, specialisms
):
    data = request_data(places=2, specialisms=[specialisms[1].pk])
    data["team"] = ""
    data["day_rate"] = ""
    client.force_login(haringey_manager)

    response = client.post(reverse("request_edit", args=[open_request.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(HelpRequest.objects.get(pk=open_request.pk).specialisms.all()) == [specialisms[1]]
