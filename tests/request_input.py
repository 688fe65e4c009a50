"""What a host manager enters to ask for help: as the services take it
(`request_data`) and as the "Ask for help" form posts it (`request_form`)."""

import datetime

from django.utils import timezone

from accounts.models import JobLevel
from boroughs.models import FundingModel
from secondments.models import Purpose, WorkingPattern


def request_data(**overrides) -> dict:
    """A valid help request for services.help_request_create and help_request_update."""
    start = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "title": "Two social workers for the assessment team",
        "purpose": Purpose.BACKLOG,
        "job_level": JobLevel.SOCIAL_WORKER,
        "min_years_qualified": 2,
        "newly_qualified_suitable": False,
        "supervisor_name": "",
        "places": 2,
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=90),
        "days_per_week": 3,
        "working_pattern": WorkingPattern.HYBRID,
        "location": "Wood Green civic centre",
        "funding_model": FundingModel.HOME_FUNDED,
        "day_rate": None,
        "urgency": "urgent",
        "description": "A backlog of 120 child and family assessments after an inspection.",
        "specialisms": [],
    }
    data.update(overrides)
    return data


def request_form(**overrides) -> dict:
    """A valid "Ask for help" form, as the browser posts it."""
    start = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "title": "Cover for the front door",
        "purpose": "crisis_cover",
        "job_level": "2",
        "min_years_qualified": "3",
        "places": "1",
        "starts_on": start.isoformat(),
        "ends_on": (start + datetime.timedelta(days=60)).isoformat(),
        "days_per_week": "4",
        "working_pattern": "on_site",
        "location": "Camden Town Hall",
        "funding_model": "home_funded",
        "urgency": "crisis",
        "description": "Referrals doubled after a serious case review.",
    }
    data.update(overrides)
    return data
