"""The demo's crisis call: Haringey, after a failed inspection, asks every
other borough for one social worker each. Camden has offered a worker who
agreed (ready for Haringey to select, already released); Islington declined
with a reason; the other asked boroughs have still to answer, so their
managers find it waiting on their dashboards.

Made through the services (audited, notified); a second run makes nothing.
The pressure index beside each borough comes from the DfE workforce figures
when they are loaded before this runs; without them it shows as not known.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import JobLevel, User
from boroughs.models import Borough, FundingModel
from home.demo.people import DEMO_EMAIL_DOMAIN
from pressure.crisis import services
from pressure.models import CrisisCall
from secondments.models import Purpose, WorkingPattern
from secondments.services import refuse_unless_placeable

DEMO_MARK = "(demo crisis call)"


def _manager(slug: str) -> User:
    return User.objects.get(email=f"manager1.{slug}@{DEMO_EMAIL_DOMAIN}")


def _placeable_worker(borough: Borough, call: CrisisCall, by: User) -> User | None:
    # Someone the rest of the demo has left alone, so its other stories stay as told.
    free = User.objects.workers().filter(borough=borough, is_active=True, applications=None)
    for worker in free.order_by("email"):
        try:
            refuse_unless_placeable(worker, call.help_request, by=by)
        except ValidationError:
            continue
        return worker
    return None


@transaction.atomic
def seed_crisis() -> int:
    """Raise the demo's crisis call once; returns how many calls were made."""
    if CrisisCall.objects.filter(help_request__description__endswith=DEMO_MARK).exists():
        return 0
    haringey = Borough.objects.get(name="Haringey")
    starts_on = timezone.localdate() + datetime.timedelta(days=28)
    call = services.crisis_call_raise(
        borough=haringey,
        people_needed=3,
        data={
            "purpose": Purpose.BACKLOG,
            "description": (
                "After a failed inspection we have 140 child and family assessments "
                "overdue. We ask each borough for one good social worker for ten weeks. "
                + DEMO_MARK
            ),
            "job_level": JobLevel.SOCIAL_WORKER,
            "starts_on": starts_on,
            "ends_on": starts_on + datetime.timedelta(weeks=10),
            "days_per_week": 5,
            "working_pattern": WorkingPattern.HYBRID,
            "location": "Wood Green civic centre",
            "funding_model": FundingModel.HOST_RECHARGE,
            "specialisms": [],
        },
        by=_manager("haringey"),
    )
    asked = {ask.borough.name: ask for ask in call.asks.asked().select_related("borough")}
    if "Camden" in asked:
        manager = _manager("camden")
        worker = _placeable_worker(asked["Camden"].borough, call, manager)
        if worker is not None:
            offer = services.crisis_offer_make(
                ask=asked["Camden"],
                worker=worker,
                note="Six years in our assessment team; knows Haringey's thresholds.",
                by=manager,
            )
            services.crisis_offer_agree(offer=offer, by=worker)
    if "Islington" in asked:
        services.crisis_ask_decline(
            ask=asked["Islington"],
            reason="Our own front door is short of three social workers until January.",
            by=_manager("islington"),
        )
    return 1
