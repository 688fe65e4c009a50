"""The demo shows the downloads and the calendar feed: every list a demo
person opens offers its rows as CSV, with rows in it, and the demo's placed
social worker can make a calendar link that holds their placement."""

import csv
import io

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from home.demo.plan import COORDINATOR_EMAIL
from secondments.models import Placement, PlacementStatus
from tests.personas import TwoFactorClient

pytestmark = pytest.mark.django_db

DEMO = "@demo.secondments.example"
CAMDEN_MANAGER = f"manager1.camden{DEMO}"


@pytest.fixture
def demo(settings) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=io.StringIO())


def _signed_in(email: str) -> TwoFactorClient:
    client = TwoFactorClient()
    client.force_login(User.objects.get(email=email))
    return client


def _placed_worker() -> User:
    return Placement.objects.get(
        status=PlacementStatus.ACTIVE, home__name="Camden", host__name="Hackney"
    ).worker


def test_every_demo_list_offers_a_csv_with_rows_in_it(demo):
    worker = _placed_worker().email
    lists = [
        (COORDINATOR_EMAIL, "placement_list", [], {}),
        (COORDINATOR_EMAIL, "people", [], {"show": "everyone"}),
        (COORDINATOR_EMAIL, "audit_log", [], {}),
        (COORDINATOR_EMAIL, "timesheet_list", [], {}),
        (CAMDEN_MANAGER, "placement_list", [], {}),
        (CAMDEN_MANAGER, "staff_list", ["E09000007"], {}),
        (CAMDEN_MANAGER, "our_requests", [], {}),
        (CAMDEN_MANAGER, "timesheet_list", [], {}),
        (CAMDEN_MANAGER, "statement_list", [], {}),
        (worker, "my_placements", [], {}),
        (worker, "request_list", [], {}),
        (worker, "timesheet_list", [], {}),
    ]
    for email, name, args, params in lists:
        client = _signed_in(email)
        url = reverse(name, args=args)

        page = client.get(url, params).content.decode()
        response = client.get(url, {**params, "format": "csv"})

        assert "Download as CSV" in page, name
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert len(rows) > 1, (email, name)


def test_the_demo_worker_makes_a_calendar_link_holding_their_placement(demo, client):
    worker = _placed_worker()
    signed_in = _signed_in(worker.email)

    signed_in.post(reverse("calendar_link"), {"action": "create"})
    page = signed_in.get(reverse("calendar_link")).content.decode()
    token = page.split("/calendar/")[1].split(".ics")[0]

    feed = client.get(reverse("calendar_feed", args=[token]))
    calendar = icalendar.Calendar.from_ical(feed.content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert "Placement in Hackney" in summaries
    assert any(summary.startswith("Timesheet due") for summary in summaries)
