"""The demo shows the money side working: a person trying `make run` finds an
agreement waiting for an answer, a worked history of placements with
timesheets in every state, statements issued and paid, and agency rates."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from boroughs.models import Agreement, AgreementStatus
from money.models import (
    AgencyDayRate,
    RechargeStatement,
    StatementStatus,
    Timesheet,
    TimesheetStatus,
)
from secondments.models import Placement, PlacementStatus
from tests.personas import TwoFactorClient

pytestmark = pytest.mark.django_db

DEMO = "@demo.secondments.example"


@pytest.fixture
def demo(settings) -> str:
    settings.DEMO_MODE = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _signed_in(email: str) -> TwoFactorClient:
    client = TwoFactorClient()
    client.force_login(User.objects.get(email=email))
    return client


def test_the_demo_has_timesheets_in_every_state_on_past_placements(demo):
    statuses = set(Timesheet.objects.values_list("status", flat=True))
    assert statuses == {
        TimesheetStatus.SUBMITTED,
        TimesheetStatus.QUERIED,
        TimesheetStatus.SIGNED_OFF,
    }
    worked = Placement.objects.filter(timesheets__isnull=False).distinct()
    assert {p.status for p in worked} == {PlacementStatus.ACTIVE, PlacementStatus.COMPLETED}
    # A half day, so the demo shows one.
    assert Timesheet.objects.filter(days__amount="0.5").exists()


def test_the_demo_placement_worker_is_printed_and_sees_a_queried_week(demo):
    assert "Social worker on a placement" in demo
    placement = Placement.objects.get(
        status=PlacementStatus.ACTIVE, home__name="Camden", host__name="Hackney"
    )
    assert placement.worker.email in demo

    page = _signed_in(placement.worker.email).get(
        reverse("placement_timesheets", args=[placement.pk])
    )

    assert "Queried" in page.content.decode() and "Signed off" in page.content.decode()


def test_the_demo_has_an_issued_and_a_paid_statement_and_agency_rates(demo):
    statements = RechargeStatement.objects.select_related("issuer", "billed")
    assert {(s.issuer.name, s.billed.name, s.status) for s in statements} == {
        ("Camden", "Hackney", StatementStatus.ISSUED),
        ("Hackney", "Camden", StatementStatus.PAID),
    }
    assert all(s.total > 0 and s.agency_total > s.total for s in statements)
    assert AgencyDayRate.objects.filter(region="London").count() == 4

    page = _signed_in(f"manager1.camden{DEMO}").get(reverse("statement_list")).content.decode()

    assert "Issued" in page and "Paid" in page


def test_the_demo_has_a_proposal_waiting_for_camdens_answer(demo):
    proposal = Agreement.objects.get(status=AgreementStatus.PROPOSED)
    assert (
        proposal.proposed_by.name == "Hackney"
        and proposal.other(proposal.proposed_by).name == "Camden"
    )

    page = _signed_in(f"manager1.camden{DEMO}").get(reverse("dashboard")).content.decode()

    assert "Agreements" in page and "waiting" in page
