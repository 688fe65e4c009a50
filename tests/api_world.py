"""Camden and Haringey's business as the API tests need it: a month's recharge
statement issued and one still a draft, an agreement proposed and one in force,
a learning event with a booking and a cancelled one, a monthly pressure
report, DfE's workforce figures and a worker's availability. Hackney's people have no part in any of it."""

import datetime

from django.utils import timezone

from boroughs.models import Agreement, FundingModel
from learning.events import services as events
from money.agreements.services import agreement_propose
from money.statements.services import statement_issue
from tests.factories import (
    AvailabilityFactory,
    LearningEventFactory,
    PressureReportFactory,
    WorkforceFigureFactory,
)
from tests.statement_seed import OCTOBER, SEPTEMBER, seed


def build_api_world(*, camden, haringey, hackney, camden_manager, haringey_manager, camden_worker):
    history = seed(camden, haringey, hackney)
    september = statement_issue(
        issuer=camden, billed=haringey, month=SEPTEMBER, confirm_unsigned=True, by=camden_manager
    )
    # The seed's agreement runs on; it ends this year so next year's terms can be proposed.
    in_force = Agreement.objects.get()
    Agreement.objects.filter(pk=in_force.pk).update(ends_on=datetime.date(2026, 12, 31))
    proposal = agreement_propose(
        from_borough=haringey,
        to_borough=camden,
        funding_model=FundingModel.DAY_RATE,
        day_rate=320,
        starts_on=datetime.date(2027, 3, 1),
        by=haringey_manager,
    )
    open_event = LearningEventFactory(borough=haringey, created_by=haringey_manager)
    booking = events.booking_make(event=open_event, by=camden_worker)
    cancelled_event = events.event_cancel(
        event=LearningEventFactory(borough=haringey, created_by=haringey_manager),
        by=haringey_manager,
    )
    today = timezone.localdate()
    # DfE's figures, so Camden and Haringey stand in the league table.
    for borough in (camden, haringey):
        WorkforceFigureFactory(borough=borough)
    return {
        **history,
        "camden": camden,
        "haringey": haringey,
        "statement": september,
        "statement_args": [camden.gss_code, haringey.gss_code, f"{OCTOBER:%Y-%m}"],
        "issued_args": [camden.gss_code, haringey.gss_code, f"{SEPTEMBER:%Y-%m}"],
        "agreement": in_force,
        "proposal": proposal,
        "open_event": open_event,
        "event": cancelled_event,
        "booking": booking,
        "pressure_report": PressureReportFactory(borough=camden, month=today.replace(day=1)),
        "availability": AvailabilityFactory(profile=camden_worker.worker_profile),
    }
