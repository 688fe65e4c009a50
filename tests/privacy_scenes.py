"""A social worker with one of everything the service can hold about a person:
what the export must contain and what erasure must clear or keep (UK GDPR, issue 12)."""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.utils import timezone

from accounts.models import Availability, CalendarFeed, ErasureRequest, Specialism
from audit.services import audit_record
from learning.models import (
    Booking,
    BookingStatus,
    LearningReport,
    PlacementRating,
    Reference,
    SupervisionSession,
)
from money.models import RechargeStatement, StatementLine, StatementStatus
from notifications.models import NotificationPreference
from pressure.crisis import services as crisis
from pressure.models import CrisisOffer
from secondments.models import ApplicationStatus, Message, PlacementStatus
from tests.crisis_scenes import raise_data
from tests.factories import (
    ApplicationFactory,
    LearningEventFactory,
    MatchFactory,
    NotificationFactory,
    PlacementFactory,
    worked_week,
)

TODAY = timezone.localdate()


def everything_about(worker, *, host, host_manager, home_manager) -> dict:
    """Give `worker` (with a profile) one row of every kind; the rows, by name."""
    profile = worker.worker_profile
    profile.languages = "Bengali, Sylheti"
    profile.save()
    profile.specialisms.add(
        Specialism.objects.get_or_create(name="Child protection", defaults={"area": "children"})[0]
    )
    profile.willing_boroughs.add(host)
    worker.phone_number = "07700900123"
    worker.save()
    availability = Availability.objects.create(
        profile=profile,
        starts_on=TODAY + datetime.timedelta(days=200),
        ends_on=TODAY + datetime.timedelta(days=300),
        days_per_week=3,
    )
    # A placement that has ended, so nothing stands in the way of erasure.
    placement = PlacementFactory(
        worker=worker,
        status=PlacementStatus.COMPLETED,
        help_request__borough=host,
        host_contact_name="Priya Host",
    )
    application = ApplicationFactory(
        worker=worker, status=ApplicationStatus.WITHDRAWN, note="I know the area well"
    )
    message = Message.objects.create(
        application=placement.application, author=worker, body="See you on Monday"
    )
    reply = Message.objects.create(
        application=placement.application, author=host_manager, body="Ask for Priya"
    )
    monday = placement.starts_on - datetime.timedelta(days=placement.starts_on.weekday())
    timesheet = worked_week(placement, max(monday, placement.starts_on), 1)
    statement = RechargeStatement.objects.create(
        issuer=worker.borough,
        billed=host,
        month=placement.starts_on.replace(day=1),
        reference=f"SX-TEST-{placement.pk}",
        status=StatementStatus.ISSUED,
        total=Decimal("300.00"),
        issued_at=timezone.now(),
        issued_by=home_manager,
    )
    line = StatementLine.objects.create(
        statement=statement,
        placement=placement,
        worker_name=worker.full_name,
        funding_model=placement.funding_model,
        days=Decimal("1.0"),
        rate=Decimal("300.00"),
        amount=Decimal("300.00"),
    )
    reference = Reference.objects.create(
        placement=placement,
        author=host_manager,
        practice=5,
        recording=4,
        teamwork=5,
        reliability=5,
        would_host_again=True,
        comments="Thorough assessments",
    )
    rating = PlacementRating.objects.create(
        placement=placement,
        induction=4,
        supervision=4,
        workload=3,
        support=5,
        would_recommend=True,
    )
    report = LearningReport.objects.create(
        placement=placement,
        author=worker,
        what_works_well="Daily huddles",
        take_home="Shorter assessments",
        could_do_differently="Laptops on day one",
    )
    supervision = SupervisionSession.objects.create(
        placement=placement,
        held_on=placement.starts_on,
        note="Caseload agreed",
        recorded_by=host_manager,
    )
    event = LearningEventFactory(borough=host, created_by=host_manager)
    booking = Booking.objects.create(
        event=event, person=worker, status=BookingStatus.BOOKED, position=1
    )
    host.neighbours.add(worker.borough)
    call = crisis.crisis_call_raise(
        borough=host, people_needed=1, data=raise_data(), by=host_manager
    )
    offer = CrisisOffer.objects.create(
        ask=call.asks.get(borough=worker.borough),
        worker=worker,
        offered_by=home_manager,
        note="Knows the team",
        worker_reason="",
    )
    match = MatchFactory(worker=worker)
    notification = NotificationFactory(recipient=worker, title="You were selected")
    preference = NotificationPreference.objects.create(
        user=worker, event="match_found", email=False, sms=True
    )
    feed = CalendarFeed.objects.create(
        user=worker, token_hash=CalendarFeed.hash_token("calendar-secret")
    )
    email = EmailAddress.objects.update_or_create(
        user=worker, email=worker.email, defaults={"verified": True, "primary": True}
    )[0]
    authenticator = Authenticator.objects.create(
        user=worker, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    rows = {
        "availability": availability,
        "placement": placement,
        "application": application,
        "message": message,
        "reply": reply,
        "timesheet": timesheet,
        "statement": statement,
        "line": line,
        "reference": reference,
        "rating": rating,
        "report": report,
        "supervision": supervision,
        "booking": booking,
        "offer": offer,
        "match": match,
        "notification": notification,
        "preference": preference,
        "feed": feed,
        "email": email,
        "authenticator": authenticator,
        "audit_by": audit_record(actor=worker, action="profile_changed", obj=worker),
        "audit_about": audit_record(actor=home_manager, action="team_changed", obj=worker),
    }
    if apps.is_installed("api"):
        token_model = apps.get_model("api", "ApiToken")
        rows["api_token"] = token_model.objects.create(
            user=worker,
            name="HR system",
            token_hash=token_model.hash_secret("sx_secret"),
            hint="sx_secr",
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )
    rows["erasure_request"] = ErasureRequest.objects.create(person=worker, reason="Leaving")
    return rows
