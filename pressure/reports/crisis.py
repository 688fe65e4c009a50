"""Crisis calls and how the boroughs asked answered them.

A call belongs to the period when it was raised. A borough counts as *asked*
once the call reached it (boroughs held for a wider circle that the call never
reached were not asked); it *answered* when it offered someone or declined.
The *response rate* is the boroughs that answered out of those asked; the
*time to answer* runs from when the borough was asked to its answer. People
*offered* are the named workers offered (withdrawn offers left out); *agreed*
are those who said yes.

Two views of the same asks: the calls raised by the boroughs in scope (how
others answered them), and the boroughs in scope as asked boroughs (how they
answered others).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from boroughs.models import Borough
from pressure.models import AskAnswer, CrisisAsk, CrisisCall, CrisisOffer, OfferStatus
from pressure.reports.figures import median_days, percent
from pressure.reports.forms import Period
from pressure.reports.scope import ReportScope


@dataclass
class Answers:
    """How asked boroughs answered: counts, and the wait for each answer."""

    asked: int = 0
    answered: int = 0
    offered: int = 0
    declined: int = 0
    people_offered: int = 0
    people_agreed: int = 0
    waits: list[datetime.timedelta] = field(default_factory=list)

    @property
    def not_answered(self) -> int:
        return self.asked - self.answered

    @property
    def response_rate(self) -> Decimal | None:
        return percent(self.answered, self.asked)

    @property
    def median_days_to_answer(self) -> Decimal | None:
        return median_days(self.waits)

    def add_ask(self, answer: str, asked_at, answered_at) -> None:
        self.asked += 1
        if answer == AskAnswer.WAITING:
            return
        self.answered += 1
        if answer == AskAnswer.OFFERED:
            self.offered += 1
        elif answer == AskAnswer.DECLINED:
            self.declined += 1
        if answered_at is not None:
            self.waits.append(answered_at - asked_at)

    def add_offer(self, status: str) -> None:
        if status != OfferStatus.WITHDRAWN:
            self.people_offered += 1
        if status == OfferStatus.AGREED:
            self.people_agreed += 1


@dataclass
class CallRow:
    call: CrisisCall
    answers: Answers = field(default_factory=Answers)


@dataclass
class BoroughAnswers:
    borough: Borough
    answers: Answers = field(default_factory=Answers)


@dataclass
class CrisisFigures:
    calls: list[CallRow]
    total: Answers  # every call in `calls` together
    people_needed: int
    by_borough: list[BoroughAnswers]  # boroughs in scope, as asked boroughs
    by_borough_total: Answers


def crisis_figures(scope: ReportScope, period: Period) -> CrisisFigures:
    """Crisis calls raised in the period: three queries (calls, asks, offers)."""
    ids = set(scope.borough_ids)
    in_period = {"created_at__gte": period.starts_at, "created_at__lt": period.ends_before}
    calls = {
        call.pk: CallRow(call)
        for call in CrisisCall.objects.filter(borough_id__in=ids, **in_period)
        .select_related("borough")
        .order_by("created_at", "pk")
    }
    relevant = Q(call__borough_id__in=ids) | Q(borough_id__in=ids)
    asks = (
        CrisisAsk.objects.filter(relevant, asked_at__isnull=False)
        .filter(**{f"call__{key}": value for key, value in in_period.items()})
        .order_by()
        .values_list("call_id", "borough_id", "answer", "asked_at", "answered_at")
    )
    names = {b.pk: b for b in scope.boroughs}
    by_borough: dict[int, BoroughAnswers] = {}
    total, by_borough_total = Answers(), Answers()
    for call_id, borough_id, answer, asked_at, answered_at in asks:
        if call_id in calls:
            calls[call_id].answers.add_ask(answer, asked_at, answered_at)
            total.add_ask(answer, asked_at, answered_at)
        if borough_id in ids:
            row = by_borough.setdefault(borough_id, BoroughAnswers(names[borough_id]))
            row.answers.add_ask(answer, asked_at, answered_at)
            by_borough_total.add_ask(answer, asked_at, answered_at)
    offers = (
        CrisisOffer.objects.filter(
            Q(ask__call__borough_id__in=ids) | Q(ask__borough_id__in=ids),
            ask__asked_at__isnull=False,
        )
        .filter(**{f"ask__call__{key}": value for key, value in in_period.items()})
        .order_by()
        .values_list("ask__call_id", "ask__borough_id", "status")
    )
    for call_id, borough_id, status in offers:
        if call_id in calls:
            calls[call_id].answers.add_offer(status)
            total.add_offer(status)
        if borough_id in ids and borough_id in by_borough:
            by_borough[borough_id].answers.add_offer(status)
            by_borough_total.add_offer(status)
    rows = list(calls.values())
    return CrisisFigures(
        calls=rows,
        total=total,
        people_needed=sum(row.call.people_needed for row in rows),
        by_borough=sorted(by_borough.values(), key=lambda row: row.borough.name),
        by_borough_total=by_borough_total,
    )
