"""Placements agreed before issue 9 take their funding from their help request."""

import datetime
from decimal import Decimal

from secondments.models import Placement
from tests.upgrade_database import migrate, migrate_to_latest

BEFORE = [("secondments", "0008_application_messages")]


def test_existing_placements_take_their_requests_terms(empty_database) -> None:
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Borough = old.get_model("boroughs", "Borough")
    home = Borough.objects.create(gss_code="E09000007", name="Camden", kind="london_borough")
    host = Borough.objects.create(gss_code="E09000014", name="Haringey", kind="london_borough")
    User = old.get_model("accounts", "User")
    worker = User.objects.create(email="w@camden.gov.uk", full_name="Wendy", borough=home)
    manager = User.objects.create(email="m@haringey.gov.uk", borough=host, role="manager")
    made = []
    for funding_model, day_rate in (("day_rate", Decimal("350.00")), ("home_funded", None)):
        help_request = old.get_model("secondments", "HelpRequest").objects.create(
            borough=host,
            created_by=manager,
            title="Assessments backlog",
            purpose="backlog",
            job_level=1,
            starts_on=datetime.date(2027, 1, 4) + datetime.timedelta(days=200 * len(made)),
            ends_on=datetime.date(2027, 3, 26) + datetime.timedelta(days=200 * len(made)),
            days_per_week=3,
            working_pattern="hybrid",
            funding_model=funding_model,
            day_rate=day_rate,
            description="Help clear the backlog",
        )
        application = old.get_model("secondments", "Application").objects.create(
            help_request=help_request, worker=worker, status="approved"
        )
        made.append(
            old.get_model("secondments", "Placement")
            .objects.create(
                application=application,
                help_request=help_request,
                worker=worker,
                host=host,
                home=home,
                starts_on=help_request.starts_on,
                ends_on=help_request.ends_on,
                days_per_week=3,
            )
            .pk
        )

    migrate_to_latest()

    terms = [
        (p.funding_model, p.day_rate, p.funding_source)
        for p in Placement.objects.filter(pk__in=made).order_by("starts_on")
    ]
    assert terms == [
        ("day_rate", Decimal("350.00"), "request"),
        ("home_funded", None, "request"),
    ]
