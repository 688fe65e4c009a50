"""The browse filters keep the authority and specialism lists in the cache:
what they show is never stale after a change, and never someone else's."""

import re

import pytest
from django.urls import reverse

from accounts.models import Specialism
from tests.factories import BoroughFactory

pytestmark = pytest.mark.django_db


def _browse(client, query: str = "") -> str:
    response = client.get(reverse("request_list") + query)
    assert response.status_code == 200
    return response.content.decode()


def _select(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[start : page.index("</select>", start)]


def _selected(page: str, name: str) -> list[str]:
    return re.findall(r"<option value=\"([^\"]*)\" selected>", _select(page, name))


def test_a_renamed_authority_shows_its_new_name_at_once(client, camden_worker, haringey):
    client.force_login(camden_worker)
    assert "Haringey" in _select(_browse(client), "borough")

    haringey.name = "Haringey Council"
    haringey.save()

    boroughs = _select(_browse(client), "borough")
    assert "Haringey Council" in boroughs
    assert ">Haringey<" not in boroughs


def test_new_and_removed_authorities_and_specialisms_show_at_once(client, camden_worker):
    client.force_login(camden_worker)
    _browse(client)  # the lists are remembered

    newcomer = BoroughFactory(name="Northumberland", region="North East")
    gone = BoroughFactory(name="Rutland", region="East Midlands")
    Specialism.objects.create(name="Practice educator mentoring", area=Specialism.Area.BOTH)
    page = _browse(client)
    assert '<optgroup label="North East">' in _select(page, "borough")
    assert "Rutland" in _select(page, "borough")
    assert "Practice educator mentoring" in _select(page, "specialism")

    gone.delete()
    Specialism.objects.filter(name="Practice educator mentoring").delete()
    page = _browse(client)
    assert "Rutland" not in _select(page, "borough")
    assert "Practice educator mentoring" not in _select(page, "specialism")
    assert "Northumberland" in _select(page, "borough")
    assert newcomer.name in _select(page, "borough")


def test_one_persons_choices_and_borough_never_show_to_the_next(
    client, camden_worker, hackney_worker, haringey, coordinator
):
    client.force_login(camden_worker)
    chosen = _browse(client, f"?borough={haringey.pk}&urgency=urgent&sort=newest")
    assert _selected(chosen, "borough") == [str(haringey.pk)]
    assert _selected(chosen, "urgency") == ["urgent"]
    assert "Boroughs that border Camden" in chosen

    client.force_login(hackney_worker)
    page = _browse(client)
    assert _selected(page, "borough") == [""]
    assert _selected(page, "urgency") == [""]
    assert _selected(page, "sort") == []
    assert "Boroughs that border Hackney" in page
    assert "Camden" not in page.split("</header>", 1)[1].split('name="borough"')[0]

    client.force_login(coordinator)
    page = _browse(client)
    assert "Boroughs that border" not in page
    assert "Nearest to my borough" not in _select(page, "sort")
