"""The demo's league table: DfE's workforce figures for all 153 authorities
(loaded if missing) and a few demo boroughs' own monthly pressure reports, so
the table shows both sources. Reports go through the audited service; a second
run makes nothing."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boroughs.models import Borough, PressureReport, WorkforceFigure
from boroughs.workforce import load_workforce
from home.demo.people import DEMO_EMAIL_DOMAIN
from pressure.monthly.services import pressure_report_create

# borough, months back, vacancy %, agency %, caseload, assessments overdue, referrals.
# Haringey, after a failed inspection, is stretched; Camden and Hackney less so.
REPORTS = [
    ("haringey", 1, "27.5", "24.0", "21.5", 140, 410),
    ("haringey", 0, "29.0", "25.5", "22.5", 165, 395),
    ("camden", 0, "9.5", "8.0", "12.5", 12, 260),
    ("hackney", 0, "21.0", "19.5", "15.0", 48, 330),
]


def _month(today: datetime.date, back: int) -> datetime.date:
    month = today.replace(day=1)
    for _ in range(back):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


@transaction.atomic
def seed_league() -> int:
    """Load the DfE figures if missing and make the demo reports not yet made;
    returns how many things were made (figures loaded count once per row)."""
    made = 0
    if not WorkforceFigure.objects.exists():
        made += load_workforce().created
    today = timezone.localdate()
    for name, back, vacancy, agency, caseload, overdue, referrals in REPORTS:
        borough = Borough.objects.filter(name__iexact=name).first()
        manager = User.objects.filter(email=f"manager1.{name}@{DEMO_EMAIL_DOMAIN}").first()
        month = _month(today, back)
        if borough is None or manager is None:
            continue
        if PressureReport.objects.filter(borough=borough, month=month).exists():
            continue
        pressure_report_create(
            borough=borough,
            month=month,
            data={
                "vacancy_rate": Decimal(vacancy),
                "agency_rate": Decimal(agency),
                "average_caseload": Decimal(caseload),
                "assessment_backlog": overdue,
                "referrals": referrals,
            },
            by=manager,
            today=today,
        )
        made += 1
    return made
