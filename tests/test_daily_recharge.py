"""A salary recharge is costed by one formula, fixed at approval (issue 9).

daily recharge = annual salary * (1 + on-cost % / 100) / 252 working days,
in exact pounds and pence, rounded to the penny half up. The placement keeps
the home borough's figures for the worker's job level as they were when the
coordinator approved, and its page shows the working.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from accounts.models import JobLevel
from boroughs.models import FundingModel, RechargeSalary, daily_recharge
from secondments import services
from secondments.models import Placement
from tests.factories import PlacementFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def approve(haringey_manager, camden_manager, camden_worker, coordinator):
    """Approve Camden's social worker for a Haringey request with these terms."""

    def _approve(**terms) -> Placement:
        draft = services.help_request_create(
            by=haringey_manager, data=request_data(places=1, **terms)
        )
        help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
        application = services.application_volunteer(help_request=help_request, by=camden_worker)
        services.application_select(application=application, by=haringey_manager)
        services.application_release(application=application, by=camden_manager)
        return services.application_approve(application=application, by=coordinator)

    return _approve


@pytest.fixture
def camden_salary(camden) -> RechargeSalary:
    return RechargeSalary.objects.create(
        borough=camden,
        job_level=JobLevel.SOCIAL_WORKER,
        annual_salary=Decimal("42000.00"),
        on_cost_percent=Decimal("30.00"),
    )


def test_the_formula_worked_by_hand():
    # 42,000 * 1.30 = 54,600; / 252 = 216.666…, so £216.67.
    assert daily_recharge(Decimal("42000.00"), Decimal("30.00")) == Decimal("216.67")


def test_a_half_penny_rounds_up():
    # 30,001 * 1.26 = 37,801.26; / 252 = 150.005 exactly: half up gives £150.01
    # (banker's rounding would have given £150.00).
    assert daily_recharge(Decimal("30001.00"), Decimal("26.00")) == Decimal("150.01")


def test_approval_records_the_home_boroughs_recharge_for_the_workers_level(approve, camden_salary):
    placement = approve(funding_model=FundingModel.HOST_RECHARGE)

    placement.refresh_from_db()
    assert placement.daily_recharge == Decimal("216.67")
    assert placement.recharge_annual_salary == Decimal("42000.00")
    assert placement.recharge_on_cost_percent == Decimal("30.00")


def test_another_job_levels_salary_does_not_count(approve, camden_salary):
    RechargeSalary.objects.filter(pk=camden_salary.pk).update(job_level=JobLevel.TEAM_MANAGER)

    placement = approve(funding_model=FundingModel.HOST_RECHARGE)

    assert placement.daily_recharge is None


def test_other_funding_records_no_recharge(approve, camden_salary):
    placement = approve(funding_model=FundingModel.DAY_RATE, day_rate=Decimal("300.00"))

    assert placement.daily_recharge is None
    assert placement.recharge_annual_salary is None


def test_a_later_salary_change_does_not_rewrite_the_placement(approve, camden_salary):
    placement = approve(funding_model=FundingModel.HOST_RECHARGE)

    RechargeSalary.objects.filter(pk=camden_salary.pk).update(
        annual_salary=Decimal("60000.00"), on_cost_percent=Decimal("35.00")
    )

    placement.refresh_from_db()
    assert placement.daily_recharge == Decimal("216.67")
    assert placement.recharge_annual_salary == Decimal("42000.00")


def test_the_page_shows_the_recharge_and_its_working(client, approve, camden_salary, camden_worker):
    placement = approve(funding_model=FundingModel.HOST_RECHARGE)
    client.force_login(camden_worker)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert (
        "£216.67 a day (annual salary £42,000.00 plus 30% on-costs, divided by 252 working days)"
    ) in page


def test_the_page_says_when_no_salary_was_set(client, approve, camden_manager):
    placement = approve(funding_model=FundingModel.HOST_RECHARGE)
    client.force_login(camden_manager)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert "No recharge salary set for this job level when approved" in page


def test_the_database_refuses_a_recharge_on_other_funding(haringey, camden_worker):
    placement = PlacementFactory(help_request__borough=haringey, worker=camden_worker)

    with pytest.raises(IntegrityError, match="placement_recharge_complete"), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(
            funding_model=FundingModel.HOME_FUNDED,
            recharge_annual_salary=Decimal("42000.00"),
            recharge_on_cost_percent=Decimal("30.00"),
            daily_recharge=Decimal("216.67"),
        )
