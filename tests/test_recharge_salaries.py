"""A borough's managers set the annual salary and on-costs recharged per job level.

One form holds every job level; both boxes empty leaves a level unset (or
clears it). Bad figures get a specific GOV.UK error and nothing is saved.
Another borough's managers and the borough's own workers find nothing there.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import JobLevel
from audit.models import AuditEvent
from boroughs.models import RechargeSalary

pytestmark = pytest.mark.django_db

LEVELS = [level.value for level in JobLevel]


def _form(**figures) -> dict:
    """Every level empty, unless given as salary_1="42000" and so on."""
    data = {f"{kind}_{level}": "" for level in LEVELS for kind in ("salary", "on_cost")}
    return data | figures


@pytest.fixture
def page(camden) -> str:
    return reverse("recharge_salaries", args=[camden.gss_code])


def test_a_manager_sees_every_job_level_unset_at_first(client, camden_manager, page):
    client.force_login(camden_manager)

    html = client.get(page).content.decode()

    for level in JobLevel:
        assert level.label in html
    assert html.count("Not set") == len(JobLevel)
    assert "252 working days" in html


def test_a_manager_sets_a_salary_and_sees_its_daily_recharge(client, camden_manager, page):
    client.force_login(camden_manager)

    response = client.post(page, _form(salary_1="£42,000", on_cost_1="30"), follow=True)

    row = RechargeSalary.objects.get(job_level=JobLevel.SOCIAL_WORKER)
    assert (row.annual_salary, row.on_cost_percent) == (Decimal("42000.00"), Decimal("30.00"))
    html = response.content.decode()
    assert "Recharge salaries saved" in html
    assert "£42,000.00" in html
    assert "30%" in html
    assert "£216.67" in html
    event = AuditEvent.objects.get(action="recharge_salary_set")
    assert event.actor == camden_manager
    assert set(event.changed_fields) == {"annual_salary", "on_cost_percent"}
    assert event.object_id == row.pk


def test_a_coordinator_finds_the_change_in_the_audit_log(client, camden_manager, coordinator, page):
    client.force_login(camden_manager)
    client.post(page, _form(salary_1="42000", on_cost_1="30"))
    client.force_login(coordinator)

    html = client.get(reverse("audit_log")).content.decode()

    assert "Recharge salary set" in html


def test_a_manager_changes_a_salary_and_clears_another(client, camden, camden_manager, page):
    RechargeSalary.objects.create(
        borough=camden,
        job_level=JobLevel.SOCIAL_WORKER,
        annual_salary=Decimal("42000"),
        on_cost_percent=Decimal("30"),
    )
    RechargeSalary.objects.create(
        borough=camden,
        job_level=JobLevel.TEAM_MANAGER,
        annual_salary=Decimal("60000"),
        on_cost_percent=Decimal("30"),
    )
    client.force_login(camden_manager)

    client.post(page, _form(salary_1="44000.50", on_cost_1="30"))

    row = RechargeSalary.objects.get(job_level=JobLevel.SOCIAL_WORKER)
    assert row.annual_salary == Decimal("44000.50")
    assert not RechargeSalary.objects.filter(job_level=JobLevel.TEAM_MANAGER).exists()
    changed = AuditEvent.objects.get(action="recharge_salary_set")
    assert changed.changed_fields == ["annual_salary"]
    assert AuditEvent.objects.filter(action="recharge_salary_removed").count() == 1


def test_a_coordinator_may_set_them_too(client, coordinator, page):
    client.force_login(coordinator)

    client.post(page, _form(salary_2="50000", on_cost_2="28.5"))

    assert RechargeSalary.objects.get().on_cost_percent == Decimal("28.50")


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        (
            {"salary_1": "lots", "on_cost_1": "30"},
            "Enter a social worker annual salary as a number, like 42000.00",
        ),
        (
            {"salary_1": "9999.99", "on_cost_1": "30"},
            "Enter a social worker annual salary from £10,000 to £200,000",
        ),
        (
            {"salary_1": "200000.01", "on_cost_1": "30"},
            "Enter a social worker annual salary from £10,000 to £200,000",
        ),
        (
            {"salary_4": "60000", "on_cost_4": "60.5"},
            "Enter team manager on-costs from 0% to 60%",
        ),
        ({"salary_4": "60000", "on_cost_4": "-1"}, "Enter team manager on-costs from 0% to 60%"),
        ({"salary_4": "60000", "on_cost_4": "a third"}, "Enter team manager on-costs as a number"),
        (
            {"salary_1": "42000.123", "on_cost_1": "30"},
            "Enter a social worker annual salary to no more than 2 decimal places",
        ),
        ({"salary_3": "50000"}, "Enter advanced practitioner on-costs, or leave both empty"),
    ],
)
def test_bad_figures_get_a_specific_error_and_nothing_is_saved(
    client, camden_manager, page, figures, message
):
    client.force_login(camden_manager)
    # A good level alongside the bad one is not saved either.
    data = _form(salary_2="50000", on_cost_2="30") | figures

    response = client.post(page, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not RechargeSalary.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="recharge_salary").exists()


@pytest.mark.parametrize("who", ["hackney_manager", "camden_worker"])
def test_others_find_nothing_there(client, request, page, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(page).status_code == 404
    assert client.post(page, _form(salary_1="42000", on_cost_1="30")).status_code == 404
    assert not RechargeSalary.objects.exists()


def test_the_borough_page_and_dashboard_link_to_it(client, camden, camden_manager, page):
    client.force_login(camden_manager)

    assert page in client.get(camden.get_absolute_url()).content.decode()
    assert page in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("levels_set", [0, 4])
def test_the_page_makes_the_same_queries_however_many_levels_are_set(
    client, camden, camden_manager, page, levels_set, django_assert_num_queries
):
    for level in list(JobLevel)[:levels_set]:
        RechargeSalary.objects.create(
            borough=camden,
            job_level=level,
            annual_salary=Decimal("42000.00"),
            on_cost_percent=Decimal("30.00"),
        )
    client.force_login(camden_manager)
    client.get(page)

    with django_assert_num_queries(QUERIES_ON_THE_PAGE):
        response = client.get(page)
    assert response.status_code == 200


# The sign-in checks, the borough, its salaries and the header's unread count:
# the same whether no level or every level is set.
QUERIES_ON_THE_PAGE = 7
