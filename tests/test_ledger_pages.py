"""The reciprocity ledger pages: the coordinators' report, a borough's ledger
and its section on the borough page. Days for everyone signed in; money only
for the borough's own managers and coordinators."""

import re

import pytest
from django.urls import reverse

from tests.statement_seed import seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(camden, haringey, hackney):
    return seed(camden, haringey, hackney)


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_coordinators_report_shows_each_borough_and_pair(client, coordinator, history):
    client.force_login(coordinator)

    page = _text(client.get(reverse("ledger_report")))

    assert "Camden 24 3 21" in page
    assert "Haringey 3 25.5 -22.5" in page
    assert "Hackney 3.5 2 1.5" in page
    # Ada 13.5 days at £300 and Ben 6.5 at £251.98: £5,687.87; agency £6,975 + £3,250.
    assert "Camden Haringey 22 £5,687.87 £10,225.00 £4,537.13" in page
    assert "Total 30.5" in page


def test_only_coordinators_see_the_report(client, camden_manager, camden_worker, history):
    for person in (camden_manager, camden_worker):
        client.force_login(person)
        assert client.get(reverse("ledger_report")).status_code == 404


def test_a_boroughs_own_manager_sees_days_and_money(client, camden, camden_manager, history):
    client.force_login(camden_manager)

    page = _text(client.get(reverse("borough_ledger", args=[camden.gss_code])))

    assert "Camden has given 24 placement-days and received 3" in page
    assert "Haringey 22 3 19 £5,687.87 £600.00 £750.00" in page
    assert "Hackney 2 0 2 £800.00 £0.00 £0.00" in page


def test_other_boroughs_people_see_the_days_but_not_the_money(
    client, camden, hackney_manager, hackney_worker, history
):
    for person in (hackney_manager, hackney_worker):
        client.force_login(person)
        page = _text(client.get(reverse("borough_ledger", args=[camden.gss_code])))
        assert "Haringey 22 3 19" in page
        assert "£" not in page
        assert "We charged" not in page


def test_the_borough_page_has_a_ledger_section(
    client, camden, camden_manager, hackney_manager, history
):
    client.force_login(camden_manager)
    own = _text(client.get(reverse("borough_detail", args=[camden.gss_code])))
    client.force_login(hackney_manager)
    other = _text(client.get(reverse("borough_detail", args=[camden.gss_code])))

    assert "Reciprocity ledger" in own
    assert "Haringey 22 3 19 £5,687.87" in own
    assert "Haringey 22 3 19" in other
    assert "£5,687.87" not in other
