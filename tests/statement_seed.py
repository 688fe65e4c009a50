"""Two months (September and October 2026) of placements and timesheets between
Camden, Haringey and Hackney: the history the recharge statement and the
reciprocity ledger tests add up by hand.

Camden lends Haringey three workers:
- Ada, a social worker, on an agreed day rate of £300 from 1 September (the
  boroughs' agreement later goes up to £350: Ada's placement keeps £300).
  September: the week of 21 Sep, 3 days; the week of 28 Sep, Mon 28 and
  Tue 29 Sep and Thu 1 Oct (the week spans two months). October: the week of
  5 Oct, 1 + 0.5 + 1 days; the week of 12 Oct, 3 days submitted but NOT
  signed off; the week of 19 Oct, 3 days; the week of 26 Oct, Mon 26 and Tue 27.
- Ben, a senior practitioner, on a salary recharge of £251.98 a day, starting
  mid-month on Wednesday 14 October: that week 1 + 0.5 days, then 3, then 2.
- Cat, a social worker, home-funded (no charge), 5 to 11 October: 2 days.
Haringey lends Camden Dan: 3 days in October, day rate £200.
Camden lends Hackney Eve: 2 days in October, day rate £400.
Hackney lends Haringey Fay: 3.5 days in October, home-funded.
Agency day rates in London: social worker £450, senior practitioner £500.
"""

import datetime
from decimal import Decimal

from accounts.models import JobLevel
from boroughs.models import Agreement, FundingModel
from money.models import AgencyDayRate, TimesheetStatus
from secondments.models import FundingSource, PlacementStatus
from tests.factories import PlacementFactory, WorkerFactory, worked_week

D = datetime.date
SEPTEMBER, OCTOBER = D(2026, 9, 1), D(2026, 10, 1)


def _placement(
    host, home, name, starts_on, ends_on, funding, *, level=JobLevel.SOCIAL_WORKER, **terms
):
    worker = WorkerFactory(borough=home, full_name=name, worker_profile__job_level=level)
    return PlacementFactory(
        worker=worker,
        status=PlacementStatus.ACTIVE,
        help_request__borough=host,
        help_request__starts_on=starts_on,
        help_request__ends_on=ends_on,
        help_request__funding_model=funding,
        **terms,
    )


def seed(camden, haringey, hackney) -> dict:
    AgencyDayRate.objects.create(
        region="London", job_level=JobLevel.SOCIAL_WORKER, day_rate=Decimal("450.00")
    )
    AgencyDayRate.objects.create(
        region="London", job_level=JobLevel.SENIOR_PRACTITIONER, day_rate=Decimal("500.00")
    )
    pair = sorted([camden, haringey], key=lambda b: b.pk)
    agreement = Agreement.objects.create(
        borough_a=pair[0],
        borough_b=pair[1],
        funding_model=FundingModel.DAY_RATE,
        day_rate=Decimal("300.00"),
        starts_on=D(2026, 1, 1),
    )
    ada = _placement(
        haringey,
        camden,
        "Ada Lovelace",
        D(2026, 9, 1),
        D(2026, 12, 18),
        FundingModel.DAY_RATE,
        day_rate=agreement.day_rate,
        funding_source=FundingSource.AGREEMENT,
    )
    # The agreement's rate goes up after Ada's placement was approved.
    agreement.day_rate = Decimal("350.00")
    agreement.save()
    worked_week(ada, D(2026, 9, 21), 3)
    worked_week(ada, D(2026, 9, 28), {0: "1", 1: "1", 3: "1"})
    worked_week(ada, D(2026, 10, 5), {0: "1", 1: "0.5", 2: "1"})
    worked_week(ada, D(2026, 10, 12), 3, status=TimesheetStatus.SUBMITTED)
    worked_week(ada, D(2026, 10, 19), 3)
    worked_week(ada, D(2026, 10, 26), 2)
    ben = _placement(
        haringey,
        camden,
        "Ben Nevis",
        D(2026, 10, 14),
        D(2026, 12, 31),
        FundingModel.HOST_RECHARGE,
        level=JobLevel.SENIOR_PRACTITIONER,
        recharge_annual_salary=Decimal("48000.00"),
        recharge_on_cost_percent=Decimal("32.29"),
        daily_recharge=Decimal("251.98"),
    )
    worked_week(ben, D(2026, 10, 12), {2: "1", 3: "0.5"})
    worked_week(ben, D(2026, 10, 19), 3)
    worked_week(ben, D(2026, 10, 26), {3: "1", 4: "1"})
    cat = _placement(
        haringey, camden, "Cat Stevens", D(2026, 10, 5), D(2026, 10, 11), FundingModel.HOME_FUNDED
    )
    worked_week(cat, D(2026, 10, 5), 2)
    dan = _placement(
        camden,
        haringey,
        "Dan Dare",
        D(2026, 10, 1),
        D(2026, 10, 30),
        FundingModel.DAY_RATE,
        day_rate=Decimal("200.00"),
    )
    worked_week(dan, D(2026, 10, 5), 3)
    eve = _placement(
        hackney,
        camden,
        "Eve Online",
        D(2026, 10, 1),
        D(2026, 10, 30),
        FundingModel.DAY_RATE,
        day_rate=Decimal("400.00"),
    )
    worked_week(eve, D(2026, 10, 12), 2)
    fay = _placement(
        haringey, hackney, "Fay Wray", D(2026, 10, 1), D(2026, 10, 30), FundingModel.HOME_FUNDED
    )
    worked_week(fay, D(2026, 10, 19), {0: "1", 1: "1", 2: "1", 3: "0.5"})
    return {
        "agreement": agreement,
        "ada": ada,
        "ben": ben,
        "cat": cat,
        "dan": dan,
        "eve": eve,
        "fay": fay,
    }
