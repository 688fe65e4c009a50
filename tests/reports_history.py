"""A known history for the reports, January to June 2026, whose figures the
report tests work out by hand (tests/test_reports_figures.py says how).

Requests (published, status, urgency; the approval that filled each):

    Haringey  5 Jan 09:00   filled  routine  approved 15 Jan 09:00 (10 days)
    Haringey  2 Feb 09:00   filled  urgent   approved 6 Feb 21:00 (4.5 days)
    Haringey  2 Mar         open    crisis
    Camden   10 Mar 09:00   filled  routine  2 places: approved 12 Mar, 20 Mar 09:00 (10 days)
    Camden    1 Apr         cancelled
    Camden    1 May         open    urgent
    Camden   30 Jun 23:30   open    routine  (UK time: still June)
    Hackney  10 Feb         open    routine
    outside: a Haringey draft, a Haringey request published 20 Dec 2025 and
    filled 3 Jan 2026, a Camden request published 1 Jul 2026 00:30 UK time.

Signed-off days (home borough lent -> host borough):

    Camden -> Haringey     3 (w/c 19 Jan) + 2.5 (w/c 26 Jan); 2 more waiting, not counted
    Hackney -> Haringey    4 (w/c 9 Feb)
    Haringey -> Camden     5 (w/c 23 Mar) + 2 in March and 2 in April (w/c 30 Mar)
    Islington -> Hackney   1.5 (w/c 1 Jun); 3 more in July, outside the period

Crisis calls:

    Haringey, 1 Feb, 2 people: Camden offered (a day later; its worker agreed),
      Hackney declined (3 days later), Islington has not answered, Enfield not yet asked.
    Camden, 10 Apr, 1 person: Haringey offered 6 hours later (one offer withdrawn,
      one waiting for the worker).
    outside: Hackney's call of 1 Nov 2025.
"""

import datetime

from django.utils import timezone

from accounts.models import Role
from money.models import TimesheetStatus
from pressure.models import AskAnswer, CrisisAsk, CrisisCall, CrisisOffer, OfferStatus
from secondments.models import Placement, PlacementStatus, RequestStatus, Urgency
from tests.factories import (
    BoroughFactory,
    HelpRequestFactory,
    PlacementFactory,
    UserFactory,
    WorkerFactory,
    worked_week,
)

FIRST_MONTH = datetime.date(2026, 1, 1)
LAST_MONTH = datetime.date(2026, 6, 1)
PERIOD_QUERY = {"start-month": "1", "start-year": "2026", "end-month": "6", "end-year": "2026"}


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A moment in UK time."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _request(borough, published_at, status, urgency=Urgency.ROUTINE, *, starts_on=None, places=1):
    starts_on = starts_on or timezone.localtime(published_at).date() + datetime.timedelta(days=14)
    return HelpRequestFactory(
        borough=borough,
        status=status,
        urgency=urgency,
        places=places,
        published_at=published_at,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=70),
    )


def _filled_by(help_request, home, approved_at) -> Placement:
    """A placement of a worker from `home` on the request, approved at `approved_at`."""
    placement = PlacementFactory(
        help_request=help_request,
        worker=WorkerFactory(borough=home),
        status=PlacementStatus.ACTIVE,
    )
    Placement.objects.filter(pk=placement.pk).update(created_at=approved_at)
    return placement


def seed_history(camden, haringey, hackney) -> dict:
    islington = BoroughFactory(gss_code="E09000019", name="Islington")
    enfield = BoroughFactory(gss_code="E09000010", name="Enfield")

    r1 = _request(
        haringey, at(2026, 1, 5), RequestStatus.FILLED, starts_on=datetime.date(2026, 1, 19)
    )
    p1 = _filled_by(r1, camden, at(2026, 1, 15))
    r2 = _request(
        haringey,
        at(2026, 2, 2),
        RequestStatus.FILLED,
        Urgency.URGENT,
        starts_on=datetime.date(2026, 2, 9),
    )
    p2 = _filled_by(r2, hackney, at(2026, 2, 6, 21))
    _request(haringey, at(2026, 3, 2), RequestStatus.OPEN, Urgency.CRISIS)
    r4 = _request(
        camden,
        at(2026, 3, 10),
        RequestStatus.FILLED,
        places=2,
        starts_on=datetime.date(2026, 3, 23),
    )
    p4a = _filled_by(r4, haringey, at(2026, 3, 12))
    p4b = _filled_by(r4, haringey, at(2026, 3, 20))
    _request(camden, at(2026, 4, 1), RequestStatus.CANCELLED)
    _request(camden, at(2026, 5, 1), RequestStatus.OPEN, Urgency.URGENT)
    _request(camden, at(2026, 6, 30, 23, 30), RequestStatus.OPEN)
    _request(hackney, at(2026, 2, 10), RequestStatus.OPEN)
    # Outside the period, or never posted.
    HelpRequestFactory(borough=haringey, status=RequestStatus.DRAFT)
    r9 = _request(
        haringey, at(2025, 12, 20), RequestStatus.FILLED, starts_on=datetime.date(2026, 1, 12)
    )
    _filled_by(r9, islington, at(2026, 1, 3))
    _request(camden, at(2026, 7, 1, 0, 30), RequestStatus.OPEN)

    worked_week(p1, datetime.date(2026, 1, 19), 3)
    worked_week(p1, datetime.date(2026, 1, 26), {0: "1", 1: "1", 2: "0.5"})
    worked_week(p1, datetime.date(2026, 2, 2), 2, status=TimesheetStatus.SUBMITTED)
    worked_week(p2, datetime.date(2026, 2, 9), 4)
    worked_week(p4a, datetime.date(2026, 3, 23), 5)
    worked_week(p4b, datetime.date(2026, 3, 30), 4)  # Monday 30 March to Thursday 2 April
    r11 = _request(
        hackney, at(2025, 5, 1), RequestStatus.FILLED, starts_on=datetime.date(2026, 6, 1)
    )
    p11 = _filled_by(r11, islington, at(2025, 5, 5))
    worked_week(p11, datetime.date(2026, 6, 1), {0: "1", 1: "0.5"})
    worked_week(p11, datetime.date(2026, 7, 6), 3)

    camden_worker = WorkerFactory(borough=camden)
    haringey_workers = [WorkerFactory(borough=haringey) for _ in range(2)]
    c1 = _call(haringey, at(2026, 2, 1, 10), 2)
    camden_ask = _ask(c1, camden, 1, at(2026, 2, 1, 10), AskAnswer.OFFERED, at(2026, 2, 2, 10))
    _ask(c1, hackney, 2, at(2026, 2, 1, 10), AskAnswer.DECLINED, at(2026, 2, 4, 10))
    _ask(c1, islington, 3, at(2026, 2, 1, 10), AskAnswer.WAITING, None)
    _ask(c1, enfield, 4, None, AskAnswer.WAITING, None)
    _offer(camden_ask, camden_worker, OfferStatus.AGREED)
    c2 = _call(camden, at(2026, 4, 10, 12), 1)
    haringey_ask = _ask(
        c2, haringey, 1, at(2026, 4, 10, 12), AskAnswer.OFFERED, at(2026, 4, 10, 18)
    )
    _offer(haringey_ask, haringey_workers[0], OfferStatus.WITHDRAWN)
    _offer(haringey_ask, haringey_workers[1], OfferStatus.AWAITING_WORKER)
    c3 = _call(hackney, at(2025, 11, 1), 1)
    _ask(c3, camden, 1, at(2025, 11, 1), AskAnswer.DECLINED, at(2025, 11, 2))
    return {"islington": islington, "enfield": enfield}


def _call(borough, created_at, people_needed) -> CrisisCall:
    help_request = _request(borough, at(2025, 6, 1), RequestStatus.OPEN, Urgency.CRISIS)
    call = CrisisCall.objects.create(
        help_request=help_request,
        borough=borough,
        raised_by=UserFactory(role=Role.MANAGER, borough=borough),
        people_needed=people_needed,
        stage_started_at=created_at,
    )
    CrisisCall.objects.filter(pk=call.pk).update(created_at=created_at)
    return call


def _ask(call, borough, position, asked_at, answer, answered_at) -> CrisisAsk:
    return CrisisAsk.objects.create(
        call=call,
        borough=borough,
        stage="neighbours",
        position=position,
        asked_at=asked_at,
        answer=answer,
        answered_at=answered_at,
        decline_reason="No one free" if answer == AskAnswer.DECLINED else "",
    )


def _offer(ask, worker, status) -> CrisisOffer:
    return CrisisOffer.objects.create(
        ask=ask,
        worker=worker,
        offered_by=UserFactory(role=Role.MANAGER, borough=ask.borough),
        status=status,
    )


def more_history(camden, haringey, size: int) -> None:
    """`size` more of everything in March 2026 between Camden and Haringey: a
    filled request each way with a signed-off week, an open request, and a
    crisis call with an answer. For query counts at two sizes."""
    for n in range(size):
        for host, home in ((camden, haringey), (haringey, camden)):
            help_request = _request(
                host,
                at(2026, 3, 2 + n % 20),
                RequestStatus.FILLED,
                starts_on=datetime.date(2026, 3, 2),
            )
            placement = _filled_by(help_request, home, at(2026, 3, 25))
            worked_week(placement, datetime.date(2026, 3, 2), {0: "1", 1: "0.5"})
            _request(host, at(2026, 3, 3), RequestStatus.OPEN, Urgency.URGENT)
        call = _call(haringey, at(2026, 3, 4), 1)
        ask = _ask(call, camden, 1, at(2026, 3, 4), AskAnswer.OFFERED, at(2026, 3, 5))
        _offer(ask, WorkerFactory(borough=camden), OfferStatus.AGREED)
