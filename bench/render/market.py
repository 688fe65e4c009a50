"""The render benchmark's market: help requests in every state, their applications
and placements, and the audit history each step of theirs leaves."""

import datetime
import random
from dataclasses import dataclass

BATCH = 2000


@dataclass(frozen=True)
class Size:
    requests: int
    workers: int


# How often each request status turns up: most of the market is open or over,
# and few enough are filled that there are a few hundred placements.
REQUEST_STATUSES = {
    "open": 40,
    "draft": 8,
    "filled": 4,
    "closed": 18,
    "cancelled": 10,
    "expired": 20,
}
# An open request's applications; the fixed path each state took to get there.
OPEN_APPLICATION_STATES = {
    "interested": 45,
    "invited": 10,
    "selected": 12,
    "released": 8,
    "declined": 12,
    "withdrawn": 8,
    "refused": 3,
    "rejected": 2,
}
PATHS = {
    "interested": [],
    "invited": [],
    "selected": ["selected"],
    "released": ["selected", "released"],
    "approved": ["selected", "released", "approved"],
    "declined": ["declined"],
    "withdrawn": ["withdrawn"],
    "refused": ["selected", "refused"],
    "rejected": ["selected", "released", "rejected"],
    "lapsed": ["lapsed"],
}
REASONS = {
    "declined": "We chose someone with more court experience",
    "refused": "Our own duty rota cannot spare them that month",
    "rejected": "The dates clash with their annual leave",
    "cancelled": "The backlog was cleared by agency staff",
}


class Market:
    """Builds every row in memory, in order, from one random stream.

    ENGLAND: spread the market over all 153 English authorities (bench.http)
    rather than the 33 London boroughs."""

    ENGLAND = False

    def __init__(self, size: Size, rng: random.Random) -> None:
        from django.utils import timezone

        self.size = size
        self.rng = rng
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.events = []

    def _ago(self, days: float) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days)

    def _event(self, actor, action: str, obj, at, from_state="", to_state="", reason=""):
        from audit.models import AuditEvent
        from audit.registry import object_type_code

        self.events.append(
            AuditEvent(
                actor=actor,
                action=action,
                object_type=object_type_code(obj),
                object_id=obj.pk,
                from_state=from_state,
                to_state=to_state,
                reason=reason,
                at=at,
            )
        )

    def build(self) -> None:
        from allauth.mfa.models import Authenticator

        from accounts.models import Specialism
        from audit.models import AuditEvent
        from bench.render.people import add_notifications, add_people, add_profiles
        from boroughs.loading import load_boroughs
        from boroughs.models import Borough

        load_boroughs()
        authorities = Borough.objects.all() if self.ENGLAND else Borough.objects.london()
        self.boroughs = list(authorities.order_by("pk"))
        self.specialisms = list(Specialism.objects.order_by("pk"))
        add_people(self)
        Authenticator.objects.bulk_create(
            Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": "BENCH" * 6})
            for user in [self.coordinator, *self.all_managers]
        )
        add_profiles(self)
        self._requests()
        self._applications()
        AuditEvent.objects.bulk_create(self.events, batch_size=BATCH)
        add_notifications(self)

    def _requests(self) -> None:
        from boroughs.models import FundingModel
        from secondments.models import HelpRequest, Purpose, Urgency, WorkingPattern

        rng, today = self.rng, self.today
        statuses = rng.choices(
            list(REQUEST_STATUSES), weights=list(REQUEST_STATUSES.values()), k=self.size.requests
        )
        starts = {
            "open": (3, 120),
            "draft": (14, 150),
            "filled": (-150, 90),
            "closed": (-400, -20),
            "cancelled": (-300, 60),
            "expired": (-400, -5),
        }
        requests = []
        for n, status in enumerate(statuses):
            borough = rng.choice(self.boroughs)
            starts_on = today + datetime.timedelta(days=rng.randint(*starts[status]))
            created = min(
                self.now + datetime.timedelta(days=(starts_on - today).days - rng.randint(10, 60)),
                self._ago(rng.uniform(10, 40)),
            )
            funding = rng.choice(list(FundingModel.values))
            newly = rng.random() < 0.15
            requests.append(
                HelpRequest(
                    borough=borough,
                    team=rng.choice(self.teams[borough.pk]),
                    created_by=rng.choice(self.managers[borough.pk]),
                    title=f"{rng.choice(['Child protection', 'Court work', 'Duty and assessment', 'Adult safeguarding', 'Care leavers', 'Hospital discharge'])} cover {n + 1}",
                    purpose=rng.choice(list(Purpose.values)),
                    job_level=rng.choices([1, 2, 3], weights=[55, 30, 15])[0],
                    min_years_qualified=rng.choice([0, 0, 1, 2, 3, 5]),
                    newly_qualified_suitable=newly,
                    supervisor_name="Sam Okafor" if newly else "",
                    protected_caseload=10 if newly else None,
                    supervision_frequency="weekly" if newly else "",
                    places=1 if status == "filled" else rng.choice([1, 1, 1, 2, 3]),
                    starts_on=starts_on,
                    ends_on=starts_on + datetime.timedelta(days=rng.randint(28, 180)),
                    days_per_week=rng.randint(1, 5),
                    working_pattern=rng.choice(list(WorkingPattern.values)),
                    location=f"{rng.randint(1, 300)} High Street, {borough.name}",
                    funding_model=funding,
                    day_rate=350 if funding == FundingModel.DAY_RATE else None,
                    urgency=rng.choices(list(Urgency.values), weights=[60, 30, 10])[0],
                    description="A caseload of 18 families after two long-term absences. "
                    "You would join the duty rota two days a week.",
                    status=status,
                    status_reason=REASONS.get(status, ""),
                    created_at=created,
                    published_at=None if status == "draft" else created + datetime.timedelta(1),
                    updated_at=created + datetime.timedelta(days=2),
                )
            )
        self.requests = HelpRequest.objects.bulk_create(requests, batch_size=BATCH)
        through = HelpRequest.specialisms.through
        through.objects.bulk_create(
            (
                through(helprequest=help_request, specialism=specialism)
                for help_request in self.requests
                for specialism in rng.sample(self.specialisms, rng.randint(0, 3))
            ),
            batch_size=BATCH,
        )
        for help_request in self.requests:
            created = help_request.created_at
            manager = help_request.created_by
            self._event(manager, "request_created", help_request, created, to_state="draft")
            if help_request.status == "draft":
                continue
            published = help_request.published_at
            self._event(manager, "request_published", help_request, published, "draft", "open")
            if self.rng.random() < 0.2:
                at = published + datetime.timedelta(hours=3)
                self._event(manager, "request_edited", help_request, at, "open", "open")
            if help_request.status != "open":
                actor = None if help_request.status in ("filled", "expired") else manager
                self._event(
                    actor,
                    f"request_{help_request.status}",
                    help_request,
                    published + datetime.timedelta(days=5),
                    "open",
                    help_request.status,
                    help_request.status_reason,
                )

    def _applications(self) -> None:
        from secondments.models import Application, Placement

        rng = self.rng
        # Each placed worker is placed once, so no one is ever booked twice.
        unplaced = list(self.workers)
        rng.shuffle(unplaced)
        applications, placed = [], []
        for help_request in self.requests:
            status = help_request.status
            if status == "draft":
                continue
            if status == "open":
                count = rng.choices([0, 1, 2, 3, 5, 8], weights=[20, 25, 20, 15, 12, 8])[0]
                states = rng.choices(
                    list(OPEN_APPLICATION_STATES),
                    weights=list(OPEN_APPLICATION_STATES.values()),
                    k=count,
                )
            else:
                ended = ["declined", "withdrawn", "lapsed"]
                states = rng.choices(ended, k=rng.randint(0, 3))
            chosen = set()
            if status == "filled":
                worker = next(
                    (w for w in unplaced if w.borough_id != help_request.borough_id), None
                )
                if worker is not None:
                    unplaced.remove(worker)
                    chosen.add(worker.pk)
                    applications.append(self._application(help_request, worker, "approved"))
                    placed.append(applications[-1])
            for state in states:
                worker = rng.choice(self.workers)
                if worker.borough_id == help_request.borough_id or worker.pk in chosen:
                    continue
                chosen.add(worker.pk)
                applications.append(self._application(help_request, worker, state))
        applications = Application.objects.bulk_create(applications, batch_size=BATCH)
        for application in applications:
            self._history(application)
        placements = []
        for application in placed:
            help_request = application.help_request
            status = (
                "completed"
                if help_request.ends_on < self.today
                else "active"
                if help_request.starts_on <= self.today
                else "confirmed"
            )
            placements.append(
                Placement(
                    application=application,
                    help_request=help_request,
                    worker=application.worker,
                    host_id=help_request.borough_id,
                    home_id=application.worker.borough_id,
                    starts_on=help_request.starts_on,
                    ends_on=help_request.ends_on,
                    days_per_week=help_request.days_per_week,
                    funding_model=help_request.funding_model,
                    day_rate=help_request.day_rate,
                    funding_source="request",
                    status=status,
                    created_at=application.updated_at,
                    updated_at=application.updated_at,
                )
            )
        for placement in Placement.objects.bulk_create(placements, batch_size=BATCH):
            at = placement.created_at
            self._event(self.coordinator, "placement_confirmed", placement, at, "", "confirmed")
            if placement.status != "confirmed":
                self._event(None, "placement_active", placement, at, "confirmed", "active")
            if placement.status == "completed":
                self._event(None, "placement_completed", placement, at, "active", "completed")

    def _application(self, help_request, worker, state: str):
        from secondments.models import Application

        created = help_request.published_at + datetime.timedelta(hours=self.rng.randint(2, 90))
        path = PATHS[state]
        step = datetime.timedelta(days=1)
        return Application(
            help_request=help_request,
            worker=worker,
            status=state,
            note="I have covered court work in a neighbouring borough." if path else "",
            invited_by=help_request.created_by if state == "invited" else None,
            status_reason=REASONS.get(state, ""),
            selected_at=created + step if "selected" in path else None,
            released_at=created + 2 * step if "released" in path else None,
            created_at=created,
            updated_at=created + len(path) * step,
        )

    def _history(self, application) -> None:
        help_request = application.help_request
        host = help_request.created_by
        home = self.managers[application.worker.borough_id][0]
        actors = {
            "selected": host,
            "declined": host,
            "released": home,
            "refused": home,
            "approved": self.coordinator,
            "rejected": self.coordinator,
            "withdrawn": application.worker,
            "lapsed": None,
        }
        at = application.created_at
        if application.status == "invited":
            self._event(host, "application_invited", application, at, to_state="invited")
            return
        self._event(
            application.worker, "application_interested", application, at, to_state="interested"
        )
        state = "interested"
        for step in PATHS[application.status]:
            at += datetime.timedelta(days=1)
            reason = REASONS.get(step, "")
            self._event(actors[step], f"application_{step}", application, at, state, step, reason)
            state = step
