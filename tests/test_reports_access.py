"""Who sees which reports: a borough's managers see their own borough's
figures only, coordinators every borough's (or one, by the borough filter),
social workers none. Another borough's code in `?borough=` answers 404 to a
manager, so they learn nothing about that borough; a report never changes
anything, so a POST is refused."""

import pytest
from django.urls import reverse

from tests.reports_history import PERIOD_QUERY, seed_history

pytestmark = pytest.mark.django_db

REPORTS = ["reports", "report_requests", "report_flows", "report_trends", "report_crisis"]


@pytest.fixture
def history(camden, haringey, hackney):
    return seed_history(camden, haringey, hackney)


@pytest.mark.parametrize("name", REPORTS)
def test_social_workers_get_no_reports(client, camden_worker, history, name):
    client.force_login(camden_worker)

    assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse(name), {"format": "csv"}).status_code == 404


@pytest.mark.parametrize("name", REPORTS)
def test_another_boroughs_code_answers_404_to_a_manager(
    client, hackney_manager, camden, history, name
):
    client.force_login(hackney_manager)

    for query in ({"borough": camden.gss_code}, {"borough": camden.gss_code, "format": "csv"}):
        response = client.get(reverse(name), {**PERIOD_QUERY, **query})
        assert response.status_code == 404, query
        assert b"Camden" not in response.content


@pytest.mark.parametrize("name", REPORTS)
def test_a_managers_own_code_is_their_report(client, hackney_manager, hackney, history, name):
    client.force_login(hackney_manager)

    response = client.get(reverse(name), {**PERIOD_QUERY, "borough": hackney.gss_code})

    assert response.status_code == 200
    assert "Reports: Hackney" in response.content.decode()


@pytest.mark.parametrize("name", REPORTS)
def test_a_code_that_is_no_borough_answers_404(client, coordinator, history, name):
    client.force_login(coordinator)

    assert client.get(reverse(name), {"borough": "E09999999"}).status_code == 404
    assert client.get(reverse(name), {"borough": "x" * 5000}).status_code == 404


@pytest.mark.parametrize("name", REPORTS)
def test_reports_refuse_a_post(client, coordinator, history, name):
    client.force_login(coordinator)

    assert client.post(reverse(name), PERIOD_QUERY).status_code == 405


def test_a_manager_sees_only_their_boroughs_requests(client, hackney_manager, history):
    client.force_login(hackney_manager)

    page = client.get(reverse("report_requests"), PERIOD_QUERY).content.decode()

    assert "Hackney" in page
    assert "Camden" not in page and "Haringey" not in page
    assert 'name="borough"' not in page  # no borough filter to choose from


def test_a_manager_sees_only_flows_their_borough_took_part_in(client, camden_manager, history):
    client.force_login(camden_manager)

    page = client.get(reverse("report_flows"), PERIOD_QUERY).content.decode()

    assert "Haringey lent Camden 9 days; Camden lent Haringey 5.5 days." in page
    assert "Hackney" not in page and "Islington" not in page


def test_a_manager_sees_only_their_own_calls_and_answers(client, camden_manager, history):
    client.force_login(camden_manager)

    page = client.get(reverse("report_crisis"), PERIOD_QUERY).content.decode()

    assert 'data-label="Raised by">Camden' in page
    assert 'data-label="Raised by">Haringey' not in page
    assert 'data-label="Asked borough">Camden' in page
    assert "Islington" not in page


def test_coordinators_choose_any_borough(client, coordinator, haringey, history):
    client.force_login(coordinator)

    page = client.get(reverse("report_requests"), PERIOD_QUERY).content.decode()
    narrowed = client.get(
        reverse("report_requests"), {**PERIOD_QUERY, "borough": haringey.gss_code}
    ).content.decode()

    assert 'name="borough"' in page
    for name in ("Camden", "Hackney", "Haringey", "Islington", "Enfield"):
        assert f">{name}</option>" in page
    assert "Reports: All boroughs" in page
    assert "Reports: Haringey" in narrowed
    assert 'data-label="Borough">Camden' not in narrowed


@pytest.mark.parametrize("viewer", ["camden_manager", "coordinator"])
def test_reports_are_reached_from_the_dashboard_and_navigation(client, request, viewer):
    client.force_login(request.getfixturevalue(viewer))

    page = client.get(reverse("dashboard")).content.decode()

    assert page.count(f'href="{reverse("reports")}"') == 2  # the menu and the dashboard


def test_social_workers_have_no_link_to_reports(client, camden_worker):
    client.force_login(camden_worker)

    page = client.get(reverse("dashboard")).content.decode()

    assert f'href="{reverse("reports")}"' not in page
