"""factory_boy factories: valid rows with sensible defaults, to set a test's scene.

A test about a transition (publishing, selecting, approving, cancelling) goes
through the services, which write the audit rows and notifications; these
factories write rows straight to the database, and nothing else.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Availability, JobLevel, Role, User, WorkerProfile
from boroughs.models import (
    Borough,
    BoroughKind,
    FundingModel,
    PressureReport,
    Team,
    WorkforceFigure,
)
from learning.models import EventKind, LearningEvent
from matching.models import Match
from money.models import Timesheet, TimesheetDay, TimesheetStatus, week_starting
from notifications.models import Notification
from secondments.models import (
    Application,
    ApplicationStatus,
    FundingSource,
    HelpRequest,
    Placement,
    PlacementStatus,
    Purpose,
    RequestStatus,
    Urgency,
    WorkingPattern,
)

PASSWORD = "correct-horse-battery-staple"


class BoroughFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Borough
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E09{n + 100:06d}")
    name = factory.Sequence(lambda n: f"Borough {n}")
    region = "London"
    kind = BoroughKind.LONDON_BOROUGH


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    borough = factory.SubFactory(BoroughFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.gov.uk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.WORKER
    borough = factory.SubFactory(BoroughFactory)
    # A coordinator made here covers all of England unless a test says otherwise
    # (tests/personas.py has regional ones).
    coordinates_nationally = factory.LazyAttribute(lambda person: person.role == Role.COORDINATOR)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        # allauth refuses sign-in until the address is verified.
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class WorkerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    registration_number = factory.Sequence(lambda n: f"SW{n + 500000}")
    registration_expires_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )
    # Checked by a coordinator, as every worker must be before they can be
    # placed; tests about unchecked registrations say registration_verified=False.
    registration_verified = True
    registration_verified_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.registration_verified else None
    )
    job_level = JobLevel.SOCIAL_WORKER
    qualified_on = datetime.date(2019, 9, 1)
    open_to_matching = True


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    profile = factory.SubFactory(WorkerProfileFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=90))
    days_per_week = 3


class WorkerFactory(UserFactory):
    """A social worker with a checked registration: someone who may be placed."""

    worker_profile = factory.RelatedFactory(WorkerProfileFactory, factory_related_name="user")


class HelpRequestFactory(factory.django.DjangoModelFactory):
    """An open request for one social worker, 3 days a week for 13 weeks, starting in two weeks.

    Pass `status=` for another state: a draft has no published_at, a cancelled
    request has the reason the service insists on. Choosing day-rate funding
    brings a day rate with it.
    """

    class Meta:
        model = HelpRequest
        skip_postgeneration_save = True

    borough = factory.SubFactory(BoroughFactory)
    created_by = factory.SubFactory(
        UserFactory, role=Role.MANAGER, borough=factory.SelfAttribute("..borough")
    )
    title = "Cover for the assessment team"
    purpose = Purpose.BACKLOG
    job_level = JobLevel.SOCIAL_WORKER
    places = 1
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=90))
    days_per_week = 3
    working_pattern = WorkingPattern.HYBRID
    location = "Civic centre"
    funding_model = FundingModel.HOME_FUNDED
    day_rate = factory.LazyAttribute(
        lambda o: Decimal("350.00") if o.funding_model == FundingModel.DAY_RATE else None
    )
    urgency = Urgency.ROUTINE
    description = "A backlog of assessments after an inspection."
    status = RequestStatus.OPEN
    status_reason = factory.LazyAttribute(
        lambda o: "Posted twice" if o.status == RequestStatus.CANCELLED else ""
    )
    published_at = factory.LazyAttribute(
        lambda o: None if o.status == RequestStatus.DRAFT else timezone.now()
    )

    @factory.post_generation
    def specialisms(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.specialisms.set(extracted)


# The states an application reaches only after the host selected the worker,
# and only after the home borough released them.
_SELECTED_BEFORE = (
    ApplicationStatus.SELECTED,
    ApplicationStatus.RELEASED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.REJECTED,
)
_RELEASED_BEFORE = (
    ApplicationStatus.RELEASED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.REJECTED,
)
# The services refuse these moves without a reason.
_REASONS = {
    ApplicationStatus.DECLINED: "We chose someone with more court experience",
    ApplicationStatus.REFUSED: "We cannot spare them this quarter",
    ApplicationStatus.REJECTED: "The boroughs have no agreement for this",
}


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A social worker from another borough offering to help with an open request.

    Pass `status=` for any other point in the workflow; the timestamps and the
    reason that state implies come with it. An approved application made here
    has no placement: PlacementFactory makes both.
    """

    class Meta:
        model = Application

    help_request = factory.SubFactory(HelpRequestFactory)
    worker = factory.SubFactory(WorkerFactory)
    status = ApplicationStatus.INTERESTED
    invited_by = factory.LazyAttribute(
        lambda o: o.help_request.created_by if o.status == ApplicationStatus.INVITED else None
    )
    status_reason = factory.LazyAttribute(lambda o: _REASONS.get(o.status, ""))
    selected_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in _SELECTED_BEFORE else None
    )
    released_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in _RELEASED_BEFORE else None
    )


# Where the placement's request starts, in days from today, for each status:
# an active placement has begun, a completed one has ended.
_PLACEMENT_STARTS_IN = {
    PlacementStatus.CONFIRMED: 14,
    PlacementStatus.ACTIVE: -30,
    PlacementStatus.COMPLETED: -120,
    PlacementStatus.CANCELLED: 14,
}


class PlacementFactory(factory.django.DjangoModelFactory):
    """A confirmed placement, with the approved application and the filled request behind it.

    Host, home, worker and dates all come from the request and the worker, so
    they agree: say where and when with `help_request=` or `help_request__borough=`,
    `help_request__starts_on=` and so on, never on the placement alone.
    `status=` active or completed moves the request's dates to have begun or ended.
    """

    class Meta:
        model = Placement

    help_request = factory.SubFactory(
        HelpRequestFactory,
        # Cancelling the placement frees its place, and the service reopens the request.
        status=factory.LazyAttribute(
            lambda o: (
                RequestStatus.OPEN
                if o.factory_parent.status == PlacementStatus.CANCELLED
                else RequestStatus.FILLED
            )
        ),
        starts_on=factory.LazyAttribute(
            lambda o: (
                timezone.localdate()
                + datetime.timedelta(days=_PLACEMENT_STARTS_IN[o.factory_parent.status])
            )
        ),
    )
    worker = factory.SubFactory(WorkerFactory)
    application = factory.SubFactory(
        ApplicationFactory,
        help_request=factory.SelfAttribute("..help_request"),
        worker=factory.SelfAttribute("..worker"),
        status=ApplicationStatus.APPROVED,
    )
    host = factory.SelfAttribute("help_request.borough")
    home = factory.SelfAttribute("worker.borough")
    starts_on = factory.SelfAttribute("help_request.starts_on")
    ends_on = factory.SelfAttribute("help_request.ends_on")
    days_per_week = factory.SelfAttribute("help_request.days_per_week")
    funding_model = factory.SelfAttribute("help_request.funding_model")
    day_rate = factory.SelfAttribute("help_request.day_rate")
    funding_source = FundingSource.REQUEST
    status = PlacementStatus.CONFIRMED
    status_reason = factory.LazyAttribute(
        lambda o: "The host borough recruited" if o.status == PlacementStatus.CANCELLED else ""
    )


class MatchFactory(factory.django.DjangoModelFactory):
    """A worker matched to an open request, scored and explained, not yet told."""

    class Meta:
        model = Match

    help_request = factory.SubFactory(HelpRequestFactory)
    worker = factory.SubFactory(WorkerFactory)
    score = 80
    reasons = factory.LazyFunction(lambda: ["covers 3 of 3 specialisms"])
    computed_at = factory.LazyFunction(timezone.now)
    notified_at = None


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread notification waiting to be delivered, as notify() writes one.

    The `read` trait marks it read now.
    """

    class Meta:
        model = Notification

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))

    recipient = factory.SubFactory(UserFactory)
    event = "application_selected"
    title = factory.Sequence(lambda n: f"Notice {n}")
    body = ""
    link = ""
    # notify() keys rows "<event>:<key>:<recipient>"; "factory-<n>" never meets its keys.
    idempotency_key = factory.LazyAttributeSequence(
        lambda o, n: f"{o.event}:factory-{n}:{o.recipient.pk}"
    )


class TimesheetFactory(factory.django.DjangoModelFactory):
    """A week of a placement, signed off by one of the host borough's managers.

    Pass `status=TimesheetStatus.SUBMITTED` (or QUERIED) for a week not signed
    off; add its days with `add_timesheet_days`.
    """

    class Meta:
        model = Timesheet

    placement = factory.SubFactory(PlacementFactory, status=PlacementStatus.ACTIVE)
    week_starting = factory.LazyAttribute(lambda o: week_starting(o.placement.starts_on))
    status = TimesheetStatus.SIGNED_OFF
    submitted_at = factory.LazyFunction(timezone.now)
    times_submitted = 1
    signed_off_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == TimesheetStatus.SIGNED_OFF else None
    )
    signed_off_by = factory.LazyAttribute(
        lambda o: (
            UserFactory(role=Role.MANAGER, borough=o.placement.host)
            if o.status == TimesheetStatus.SIGNED_OFF
            else None
        )
    )


def add_timesheet_days(timesheet: Timesheet, days: dict[datetime.date, str | Decimal]) -> Timesheet:
    """Add worked days ({date: "1" or "0.5"}) to a timesheet, keeping its total."""
    TimesheetDay.objects.bulk_create(
        TimesheetDay(timesheet=timesheet, day=day, amount=Decimal(amount))
        for day, amount in days.items()
    )
    timesheet.days_worked = sum((d.amount for d in timesheet.days.all()), Decimal("0"))
    timesheet.save(update_fields=["days_worked"])
    return timesheet


def worked_week(
    placement: Placement,
    monday: datetime.date,
    days: dict[int, str] | int,
    status: str = TimesheetStatus.SIGNED_OFF,
) -> Timesheet:
    """A timesheet for the week starting `monday`: `days` maps weekday offsets
    (0 = Monday) to "1" or "0.5", or is a count of full days from Monday."""
    if isinstance(days, int):
        days = {offset: "1" for offset in range(days)}
    timesheet = TimesheetFactory(placement=placement, week_starting=monday, status=status)
    return add_timesheet_days(
        timesheet,
        {monday + datetime.timedelta(days=offset): amount for offset, amount in days.items()},
    )


def _in_days(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class LearningEventFactory(factory.django.DjangoModelFactory):
    """An open training session a week ahead, 10:00 to 12:00; `borough` and `created_by` given."""

    class Meta:
        model = LearningEvent

    kind = EventKind.TRAINING
    title = factory.Sequence(lambda n: f"Training session {n}")
    description = "Signs of Safety in practice"
    starts_at = factory.LazyFunction(lambda: _in_days(7, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Camden Town Hall, Judd Street, London WC1H 9JE"
    capacity = 10


class WorkforceFigureFactory(factory.django.DjangoModelFactory):
    """DfE figures for one authority and year; pass `borough=` to copy its
    code, name, region and kind."""

    class Meta:
        model = WorkforceFigure
        django_get_or_create = ("gss_code", "year")

    class Params:
        borough = None

    gss_code = factory.LazyAttribute(lambda o: o.borough.gss_code if o.borough else "E09000099")
    name = factory.LazyAttribute(lambda o: o.borough.name if o.borough else "Testshire")
    region = factory.LazyAttribute(lambda o: o.borough.region if o.borough else "London")
    kind = factory.LazyAttribute(
        lambda o: o.borough.kind if o.borough else BoroughKind.LONDON_BOROUGH
    )
    year = 2025
    fte = Decimal("150.0")
    vacancy_rate = Decimal("14.0")
    agency_rate = Decimal("13.0")
    turnover_rate = Decimal("12.0")
    caseload_per_fte = Decimal("15.0")
    dfe_la_code = factory.LazyAttribute(
        lambda o: o.borough.dfe_la_code if o.borough and o.borough.dfe_la_code else "999"
    )
    dfe_la_name = factory.LazyAttribute(lambda o: o.name)


class PressureReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressureReport

    borough = factory.SubFactory(BoroughFactory)
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    vacancy_rate = Decimal("15.0")
    agency_rate = Decimal("12.0")
    average_caseload = Decimal("16.0")
    assessment_backlog = 20
    referrals = 120


def ensure_specialisms() -> None:
    """The specialisms a data migration adds, added again: a transactional
    test's flush earlier in the run may have removed them."""
    import importlib

    from django.apps import apps

    importlib.import_module("accounts.migrations.0002_specialisms").add_specialisms(apps, None)
