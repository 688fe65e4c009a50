"""Each placement shows what it has cost beside an agency (issue 9, "What it
saved"), worked out month by month as the statements are, for the two
boroughs' managers and coordinators; the worker sees their own terms only."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import JobLevel
from boroughs.models import FundingModel
from money.models import AgencyDayRate, TimesheetStatus
from money.statements.statements import draft_figures
from secondments.models import PlacementStatus
from tests.factories import PlacementFactory, worked_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(camden_worker, haringey):
    # A Camden social worker in Haringey at £333.33 a day, from 28 September
    # 2026: a week that runs into October splits between the two months.
    return PlacementFactory(
        worker=camden_worker,
        help_request__borough=haringey,
        help_request__starts_on=datetime.date(2026, 9, 28),
        help_request__ends_on=datetime.date(2026, 11, 27),
        help_request__funding_model=FundingModel.DAY_RATE,
        help_request__day_rate=Decimal("333.33"),
        status=PlacementStatus.ACTIVE,
    )


@pytest.fixture
def worked(placement):
    # Mon 28 Sep to Thu 1 Oct, the Thursday a half day: 3 days in September, ½ in October.
    worked_week(placement, datetime.date(2026, 9, 28), {0: "1", 1: "1", 2: "1", 3: "0.5"})
    worked_week(placement, datetime.date(2026, 10, 5), {0: "0.5"})
    # Waiting for sign-off: never counted.
    worked_week(placement, datetime.date(2026, 10, 12), 3, status=TimesheetStatus.SUBMITTED)
    AgencyDayRate.objects.create(
        region=placement.host.region, job_level=JobLevel.SOCIAL_WORKER, day_rate=Decimal("410")
    )
    placement.worker.worker_profile.job_level = JobLevel.SOCIAL_WORKER
    placement.worker.worker_profile.save(update_fields=["job_level"])
    return placement


def test_the_host_manager_sees_the_cost_and_the_saving(client, haringey_manager, worked):
    client.force_login(haringey_manager)

    page = client.get(worked.get_absolute_url()).content.decode()

    # September: 3 x £333.33 = £999.99. October: 1 x £333.33 = £333.33.
    assert "Cost so far, and what an agency would have charged" in page
    assert "£1,333.32 (£333.33)" in page
    # 4 days x £410 = £1,640.00, so lending saved £306.68.
    assert "£1,640.00 (4 days at £410.00" in page
    assert "£306.68" in page


def test_the_placement_figures_add_up_to_the_statements_lines(worked):
    september = draft_figures(worked.home, worked.host, datetime.date(2026, 9, 1))
    october = draft_figures(worked.home, worked.host, datetime.date(2026, 10, 1))

    assert september.total + october.total == Decimal("1333.32")


def test_the_home_manager_and_a_coordinator_see_it_too(client, camden_manager, coordinator, worked):
    for person in (camden_manager, coordinator):
        client.force_login(person)
        assert "£306.68" in client.get(worked.get_absolute_url()).content.decode()


def test_the_worker_sees_their_terms_but_not_the_agency_comparison(client, camden_worker, worked):
    client.force_login(camden_worker)

    page = client.get(worked.get_absolute_url()).content.decode()

    assert "£333.33 a day" in page  # their own placement's rate
    assert "agency" not in page.lower()


def test_before_any_week_is_signed_off_the_page_says_so(client, haringey_manager, placement):
    client.force_login(haringey_manager)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert "No weeks have been signed off yet" in page
