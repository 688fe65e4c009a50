"""Every change a person makes to shared data, and every sign-in event, writes
exactly one audit row, and a coordinator finds it in the audit log.

The help request, application and placement transitions have their own walk
(tests/test_transition_records.py); this one walks everything else the issue
lists: roles, registration checks and lapses, profiles, availability, teams
and staff, agreements, notification choices, people's own names and phone
numbers, and signing in and out and two-factor changes.
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from accounts.models import Availability, JobLevel, Role, Specialism, TravelScope, User
from audit.models import AuditEvent
from boroughs.models import FundingModel
from learning.events import services as events
from learning.reports import services as reports
from money.agreements.services import NOTICE_DAYS, agreement_propose, agreement_record
from money.models import RechargeStatement, week_starting
from money.timesheets import services as timesheets
from people import calendar, services
from pressure.crisis import services as crisis
from secondments.models import PlacementStatus
from tests.crisis_scenes import raise_data, raise_form
from tests.factories import (
    PASSWORD,
    AvailabilityFactory,
    LearningEventFactory,
    PlacementFactory,
    PressureReportFactory,
    TeamFactory,
    WorkerFactory,
    worked_week,
)

TODAY = timezone.localdate


def _profile_form(**overrides) -> dict:
    data = {
        "registration_number": "SW654321",
        "registration_expires_on": (TODAY() + datetime.timedelta(days=300)).isoformat(),
        "job_level": str(JobLevel.SENIOR_PRACTITIONER),
        "qualified_on": "2018-07-01",
        "specialisms": [str(pk) for pk in Specialism.objects.values_list("pk", flat=True)[:2]],
        "languages": "Turkish",
        "travel_scope": TravelScope.NEIGHBOURS,
        "open_to_matching": "on",
    }
    return data | overrides


def _period(days_ahead: int, length: int, days: int = 3) -> dict:
    starts = TODAY() + datetime.timedelta(days=days_ahead)
    return {
        "starts_on": starts.isoformat(),
        "ends_on": (starts + datetime.timedelta(days=length)).isoformat(),
        "days_per_week": str(days),
    }


# Each case: (expected action, who acts, what they do). `people` holds the personas.
def _role(client, p):
    client.force_login(p["coordinator"])
    return client.post(reverse("person_role", args=[p["camden_worker"].pk]), {"role": Role.MANAGER})


def _verify(client, p):
    p["camden_worker"].worker_profile.__class__.objects.filter(user=p["camden_worker"]).update(
        registration_verified=False, registration_verified_at=None
    )
    client.force_login(p["coordinator"])
    return client.post(reverse("person_verify", args=[p["camden_worker"].pk]))


def _query(client, p):
    p["camden_worker"].worker_profile.__class__.objects.filter(user=p["camden_worker"]).update(
        registration_verified=False, registration_verified_at=None
    )
    client.force_login(p["coordinator"])
    return client.post(
        reverse("person_query_registration", args=[p["camden_worker"].pk]),
        {"reason": "The register shows a different expiry date"},
    )


def _lapse(client, p):
    p["camden_worker"].worker_profile.__class__.objects.filter(user=p["camden_worker"]).update(
        registration_verified=True,
        registration_verified_at=timezone.now(),
        registration_expires_on=TODAY() - datetime.timedelta(days=1),
    )
    return services.registration_lapse_expired(today=TODAY())


def _profile(client, p):
    client.force_login(p["camden_worker"])
    return client.post(reverse("profile_edit"), _profile_form())


def _availability_add(client, p):
    client.force_login(p["camden_worker"])
    return client.post(reverse("availability_add"), _period(200, 60))


def _availability_change(client, p):
    period = AvailabilityFactory(profile=p["camden_worker"].worker_profile)
    client.force_login(p["camden_worker"])
    return client.post(
        reverse("availability_edit", args=[period.pk]),
        {
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "days_per_week": "5",
        },
    )


def _availability_remove(client, p):
    period = AvailabilityFactory(profile=p["camden_worker"].worker_profile)
    client.force_login(p["camden_worker"])
    return client.post(reverse("availability_remove", args=[period.pk]))


def _team_add(client, p):
    client.force_login(p["camden_manager"])
    return client.post(reverse("team_add", args=["E09000007"]), {"name": "Front door"})


def _team_change(client, p):
    team = TeamFactory(borough=p["camden"], name="Duty")
    client.force_login(p["camden_manager"])
    return client.post(
        reverse("team_edit", args=[team.pk]), {"name": "Duty and assessment", "description": ""}
    )


def _staff_team(client, p):
    team = TeamFactory(borough=p["camden"], name="Duty")
    client.force_login(p["camden_manager"])
    return client.post(reverse("person_detail", args=[p["camden_worker"].pk]), {"team": team.pk})


def _agreement(client, p):
    return agreement_record(
        borough_a=p["camden"],
        borough_b=p["hackney"],
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY(),
        by=p["coordinator"],
    )


def _proposal(p):
    """A proposal to answer; its own audit row is the setting, not the write."""
    agreement = agreement_propose(
        from_borough=p["camden"],
        to_borough=p["hackney"],
        funding_model=FundingModel.HOME_FUNDED,
        starts_on=TODAY(),
        by=p["camden_manager"],
    )
    AuditEvent.objects.filter(action="agreement_proposed").delete()
    return agreement


def _agreement_propose(client, p):
    client.force_login(p["camden_manager"])
    return client.post(
        reverse("agreement_propose"),
        {
            "other_borough": str(p["hackney"].pk),
            "funding_model": FundingModel.HOME_FUNDED,
            "starts_on": TODAY().isoformat(),
        },
    )


def _agreement_amend(client, p):
    agreement = _proposal(p)
    client.force_login(p["hackney_manager"])
    return client.post(
        reverse("agreement_amend", args=[agreement.pk]),
        {
            "funding_model": FundingModel.DAY_RATE,
            "day_rate": "300",
            "starts_on": TODAY().isoformat(),
        },
    )


def _agreement_accept(client, p):
    agreement = _proposal(p)
    client.force_login(p["hackney_manager"])
    return client.post(reverse("agreement_accept", args=[agreement.pk]))


def _agreement_decline(client, p):
    agreement = _proposal(p)
    client.force_login(p["hackney_manager"])
    return client.post(reverse("agreement_decline", args=[agreement.pk]), {"reason": "Not now"})


def _agreement_withdraw(client, p):
    agreement = _proposal(p)
    client.force_login(p["camden_manager"])
    return client.post(reverse("agreement_withdraw", args=[agreement.pk]))


def _agreement_end(client, p):
    agreement = _agreement(client, p)
    AuditEvent.objects.filter(action="agreement_created").delete()
    client.force_login(p["camden_manager"])
    ends_on = TODAY() + datetime.timedelta(days=NOTICE_DAYS)
    return client.post(
        reverse("agreement_end", args=[agreement.pk]),
        {"ends_on": ends_on.isoformat(), "reason": "Budgets change"},
    )


def _preferences(client, p):
    client.force_login(p["camden_worker"])
    # Every email switched off: only the mobile number field and no boxes ticked.
    return client.post(reverse("notification_preferences"), {"phone_number": "07700 900 982"})


def _unsubscribe(client, p):
    from notifications.preferences import unsubscribe_token

    token = unsubscribe_token(p["camden_worker"].pk, "weekly_digest")
    return client.post(reverse("unsubscribe", args=[token]))


def _sign_in(client, p):
    return client.post(
        reverse("account_login"), {"login": p["camden_worker"].email, "password": PASSWORD}
    )


def _sign_in_failed(client, p):
    return client.post(
        reverse("account_login"), {"login": p["camden_worker"].email, "password": "wrong-one"}
    )


def _sign_out(client, p):
    client.force_login(p["camden_worker"])
    AuditEvent.objects.filter(action="signed_in").delete()
    return client.post(reverse("account_logout"))


def _mfa_setup(client) -> None:
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})


def _account_details(client, p):
    client.force_login(p["camden_worker"])
    return client.post(
        reverse("account_details"), {"full_name": "Wendy Renamed", "phone_number": "07700900982"}
    )


def _mfa_added(client, p):
    _sign_in(client, p)
    AuditEvent.objects.filter(action="signed_in").delete()
    _mfa_setup(client)


def _mfa_removed(client, p):
    Authenticator.objects.create(
        user=p["camden_worker"],
        type=Authenticator.Type.TOTP,
        data={"secret": pyotp.random_base32()},
    )
    client.force_login(p["camden_worker"])  # password and code, just now
    return client.post(reverse("mfa_deactivate_totp"))


def _placement(p):
    """The Camden worker placed in Hackney, a month in."""
    return PlacementFactory(
        worker=p["camden_worker"], help_request__borough=p["hackney"], status=PlacementStatus.ACTIVE
    )


def _timesheet(p, placement=None):
    placement = placement or _placement(p)
    monday = week_starting(placement.starts_on)
    return timesheets.timesheet_submit(
        placement=placement,
        week_starting=monday,
        days={placement.starts_on: Decimal("1")},
        by=p["camden_worker"],
    )


def _timesheet_submit(client, p):
    placement = _placement(p)
    client.force_login(p["camden_worker"])
    return client.post(
        reverse("timesheet_week", args=[placement.pk, week_starting(placement.starts_on)]),
        {f"day_{placement.starts_on}": "0.5"},
    )


def _timesheet_resubmit(client, p):
    timesheet = _timesheet(p)
    timesheets.timesheet_query(timesheet=timesheet, reason="Wrong day", by=p["coordinator"])
    AuditEvent.objects.filter(action__startswith="timesheet_").delete()
    client.force_login(p["camden_worker"])
    return client.post(
        reverse("timesheet_week", args=[timesheet.placement_id, timesheet.week_starting]),
        {f"day_{timesheet.placement.starts_on}": "0.5"},
    )


def _timesheet_sign_off(client, p):
    timesheet = _timesheet(p)
    AuditEvent.objects.filter(action__startswith="timesheet_").delete()
    client.force_login(p["coordinator"])
    return client.post(reverse("timesheet_sign_off", args=[timesheet.pk]))


def _timesheet_query(client, p):
    timesheet = _timesheet(p)
    AuditEvent.objects.filter(action__startswith="timesheet_").delete()
    client.force_login(p["coordinator"])
    return client.post(reverse("timesheet_query", args=[timesheet.pk]), {"reason": "Wrong day"})


def _statement_scene(p) -> list[str]:
    """A Camden worker's signed-off week in Hackney last October; the statement's URL args."""
    placement = PlacementFactory(
        worker=WorkerFactory(borough=p["camden"]),
        status=PlacementStatus.ACTIVE,
        help_request__borough=p["hackney"],
        help_request__starts_on=datetime.date(2026, 10, 5),
        help_request__ends_on=datetime.date(2026, 10, 9),
        help_request__funding_model=FundingModel.DAY_RATE,
    )
    worked_week(placement, datetime.date(2026, 10, 5), 3)
    return [p["camden"].gss_code, p["hackney"].gss_code, "2026-10"]


def _issued_statement(p) -> list[str]:
    args = _statement_scene(p)
    RechargeStatement.objects.create(
        issuer=p["camden"],
        billed=p["hackney"],
        month=datetime.date(2026, 10, 1),
        reference="SX-TEST-1",
        total=Decimal("1050.00"),
        issued_at=timezone.now(),
        issued_by=p["camden_manager"],
    )
    return args


def _statement_issue(client, p):
    args = _statement_scene(p)
    client.force_login(p["camden_manager"])
    return client.post(reverse("statement_issue", args=args))


def _statement_paid(client, p):
    args = _issued_statement(p)
    client.force_login(p["camden_manager"])
    return client.post(reverse("statement_mark_paid", args=args))


def _statement_query(client, p):
    args = _issued_statement(p)
    client.force_login(p["coordinator"])
    return client.post(reverse("statement_query", args=args), {"reason": "Wrong days"})


def _agency_rate(client, p):
    client.force_login(p["coordinator"])
    return client.post(
        reverse("agency_rates"),
        {"region": p["camden"].region, f"rate_{JobLevel.SOCIAL_WORKER}": "450"},
    )


def _supervision_record(client, p):
    placement = PlacementFactory(
        worker=p["camden_worker"],
        help_request__borough=p["hackney"],
        help_request__newly_qualified_suitable=True,
        help_request__supervisor_name="Sam Patel",
        help_request__protected_caseload=12,
        help_request__supervision_frequency="weekly",
        status=PlacementStatus.ACTIVE,
    )
    held_on = placement.starts_on + datetime.timedelta(days=7)
    client.force_login(p["hackney_manager"])
    return client.post(
        reverse("placement_supervision", args=[placement.pk]),
        {
            "held_on-day": held_on.day,
            "held_on-month": held_on.month,
            "held_on-year": held_on.year,
            "note": "Caseload reviewed; reflective discussion on a first assessment.",
        },
    )


def _completed(p):
    """The Camden worker's completed placement in Hackney."""
    return PlacementFactory(
        worker=p["camden_worker"],
        help_request__borough=p["hackney"],
        status=PlacementStatus.COMPLETED,
    )


REFERENCE = {
    "practice": "4",
    "recording": "4",
    "teamwork": "5",
    "reliability": "5",
    "would_host_again": "yes",
    "comments": "Steady and kind.",
}
RATING = {
    "induction": "4",
    "supervision": "4",
    "workload": "3",
    "support": "5",
    "would_recommend": "yes",
    "comments": "Well supported.",
}


def _reference_give(client, p, placement=None):
    placement = placement or _completed(p)
    client.force_login(p["hackney_manager"])
    return client.post(reverse("placement_reference", args=[placement.pk]), REFERENCE)


def _reference_correct(client, p):
    placement = _completed(p)
    _reference_give(client, p, placement)
    AuditEvent.objects.filter(action="reference_given").delete()
    return client.post(
        reverse("placement_reference", args=[placement.pk]), REFERENCE | {"practice": "5"}
    )


def _placement_rate(client, p, placement=None):
    placement = placement or _completed(p)
    client.force_login(p["camden_worker"])
    return client.post(reverse("placement_rating", args=[placement.pk]), RATING)


def _placement_rating_correct(client, p):
    placement = _completed(p)
    _placement_rate(client, p, placement)
    AuditEvent.objects.filter(action="placement_rated").delete()
    return client.post(reverse("placement_rating", args=[placement.pk]), RATING | {"workload": "2"})


def _event(p, **fields):
    """A Hackney training session a week ahead."""
    return LearningEventFactory(borough=p["hackney"], created_by=p["hackney_manager"], **fields)


def _event_form() -> dict:
    day = TODAY() + datetime.timedelta(days=10)
    return {
        "kind": "training",
        "title": "Contextual safeguarding",
        "description": "A morning on extra-familial harm",
        "date-day": str(day.day),
        "date-month": str(day.month),
        "date-year": str(day.year),
        "start_time": "09:30",
        "end_time": "12:30",
        "place": "Hackney Town Hall",
        "capacity": "12",
    }


def _event_create(client, p):
    client.force_login(p["hackney_manager"])
    return client.post(reverse("event_create"), _event_form())


def _event_update(client, p):
    event = _event(p)
    client.force_login(p["hackney_manager"])
    return client.post(reverse("event_edit", args=[event.pk]), _event_form())


def _event_cancel(client, p):
    event = _event(p)
    client.force_login(p["hackney_manager"])
    return client.post(reverse("event_cancel", args=[event.pk]), {"reason": "Trainer unwell"})


def _booking_make(client, p):
    event = _event(p)
    client.force_login(p["camden_worker"])
    return client.post(reverse("event_book", args=[event.pk]))


def _booking_cancel(client, p):
    booking = events.booking_make(event=_event(p), by=p["camden_worker"])
    AuditEvent.objects.filter(action="booking_made").delete()
    client.force_login(p["camden_worker"])
    return client.post(reverse("booking_cancel", args=[booking.pk]))


def _booking_decision(agree: bool):
    def decide(client, p):
        booking = events.booking_make(
            event=_event(p, home_manager_must_agree=True), by=p["camden_worker"]
        )
        AuditEvent.objects.filter(action="booking_made").delete()
        client.force_login(p["camden_manager"])
        decision = "agree" if agree else "decline"
        return client.post(
            reverse("booking_home_decision", args=[booking.pk]), {"decision": decision}
        )

    decide.__name__ = f"_booking_{'agreed' if agree else 'declined'}"
    return decide


def _attendance(client, p):
    event = _event(p)
    booking = events.booking_make(event=event, by=p["camden_worker"])
    AuditEvent.objects.filter(action="booking_made").delete()
    event.starts_at = timezone.now() - datetime.timedelta(minutes=10)
    event.save()
    client.force_login(p["hackney_manager"])
    return client.post(
        reverse("event_attendance", args=[event.pk]), {f"attended_{booking.pk}": "yes"}
    )


# booking_promoted comes with the cancellation that frees the place (two rows
# for one write): tests/test_event_booking.py checks it.
def _report(p, *, consent=False):
    """The Camden worker's learning report on a completed Hackney placement."""
    placement = PlacementFactory(
        worker=p["camden_worker"],
        help_request__borough=p["hackney"],
        status=PlacementStatus.COMPLETED,
    )
    report = reports.report_write(
        placement=placement,
        by=p["camden_worker"],
        what_works_well="Huddles",
        take_home="Short assessments",
        could_do_differently="Laptops",
        anonymous=False,
        library_consent=consent,
    )
    AuditEvent.objects.filter(action__startswith="learning_report_").delete()
    return report


REPORT_FORM = {
    "what_works_well": "Huddles",
    "take_home": "Short assessments",
    "could_do_differently": "Laptops on day one",
    "shown_as": "anonymous",
}


def _report_write(client, p):
    placement = PlacementFactory(
        worker=p["camden_worker"],
        help_request__borough=p["hackney"],
        status=PlacementStatus.COMPLETED,
    )
    client.force_login(p["camden_worker"])
    return client.post(reverse("learning_report_edit", args=[placement.pk]), REPORT_FORM)


def _report_edit(client, p):
    report = _report(p)
    client.force_login(p["camden_worker"])
    return client.post(reverse("learning_report_edit", args=[report.placement_id]), REPORT_FORM)


def _report_consent(client, p):
    report = _report(p)
    client.force_login(p["camden_worker"])
    return client.post(reverse("learning_report_consent", args=[report.pk]), {"consent": "give"})


def _calendar_feed_create(client, p):
    client.force_login(p["camden_worker"])
    return client.post(reverse("calendar_link"), {"action": "create"})


def _calendar_feed_replace(client, p):
    calendar.calendar_feed_create(person=p["camden_worker"])
    AuditEvent.objects.filter(action="calendar_feed_created").delete()
    client.force_login(p["camden_worker"])
    return client.post(reverse("calendar_link"), {"action": "create"})


def _calendar_feed_revoke(client, p):
    calendar.calendar_feed_create(person=p["camden_worker"])
    AuditEvent.objects.filter(action="calendar_feed_created").delete()
    client.force_login(p["camden_worker"])
    return client.post(reverse("calendar_link"), {"action": "revoke"})


def _report_withdraw(client, p):
    report = _report(p, consent=True)
    client.force_login(p["camden_worker"])
    return client.post(
        reverse("learning_report_consent", args=[report.pk]), {"consent": "withdraw"}
    )


def _report_publish(client, p):
    report = _report(p, consent=True)
    client.force_login(p["coordinator"])
    return client.post(
        reverse("learning_report_moderate", args=[report.pk]),
        {"action": "publish", "title": "Huddles", "text": "Daily huddles"},
    )


def _report_return(client, p):
    report = _report(p, consent=True)
    client.force_login(p["coordinator"])
    return client.post(
        reverse("learning_report_moderate", args=[report.pk]),
        {"action": "return", "reason": "Remove the street name"},
    )


_PRESSURE_FIGURES = {
    "vacancy_rate": "18.5",
    "agency_rate": "12.0",
    "average_caseload": "17.5",
    "assessment_backlog": "40",
    "referrals": "310",
}


def _pressure_report_make(client, p):
    client.force_login(p["camden_manager"])
    month = TODAY().replace(day=1).isoformat()
    return client.post(
        reverse("pressure_report_new", args=[p["camden"].gss_code]),
        {"month": month, **_PRESSURE_FIGURES},
    )


def _pressure_report_change(client, p):
    report = PressureReportFactory(borough=p["camden"], month=TODAY().replace(day=1))
    client.force_login(p["coordinator"])
    return client.post(
        reverse("pressure_report", args=[report.pk]), {**_PRESSURE_FIGURES, "agency_rate": "30"}
    )


def _crisis_call(p):
    """Hackney's crisis call, asked of its neighbour Camden; the setup's own
    audit rows are cleared so each write below is measured alone."""
    p["hackney"].neighbours.add(p["camden"])
    call = crisis.crisis_call_raise(
        borough=p["hackney"], people_needed=1, data=raise_data(), by=p["hackney_manager"]
    )
    return call, call.asks.get(borough=p["camden"])


def _crisis_offer(p):
    _call, ask = _crisis_call(p)
    offer = crisis.crisis_offer_make(ask=ask, worker=p["camden_worker"], by=p["camden_manager"])
    AuditEvent.objects.all().delete()
    return offer


def _crisis_offer_make(client, p):
    call, _ask = _crisis_call(p)
    AuditEvent.objects.all().delete()
    client.force_login(p["camden_manager"])
    return client.post(
        reverse("crisis_offer_make", args=[call.pk]), {"worker": p["camden_worker"].pk}
    )


def _crisis_decline(client, p):
    call, _ask = _crisis_call(p)
    AuditEvent.objects.all().delete()
    client.force_login(p["camden_manager"])
    return client.post(reverse("crisis_decline", args=[call.pk]), {"reason": "Short-staffed"})


def _crisis_offer_refuse(client, p):
    offer = _crisis_offer(p)
    client.force_login(p["camden_worker"])
    return client.post(reverse("crisis_offer_refuse", args=[offer.pk]), {"reason": "Leave"})


def _crisis_close(client, p):
    call, _ask = _crisis_call(p)
    AuditEvent.objects.all().delete()
    client.force_login(p["hackney_manager"])
    return client.post(reverse("crisis_close", args=[call.pk]), {"reason": "Recruited"})


WRITES: list[tuple[str, Callable]] = [
    ("role_changed", _role),
    ("registration_verified", _verify),
    ("registration_queried", _query),
    ("registration_lapsed", _lapse),
    ("profile_changed", _profile),
    ("availability_added", _availability_add),
    ("availability_changed", _availability_change),
    ("availability_removed", _availability_remove),
    ("team_created", _team_add),
    ("team_changed", _team_change),
    ("team_membership_changed", _staff_team),
    ("agreement_created", _agreement),
    ("agreement_proposed", _agreement_propose),
    ("agreement_amended", _agreement_amend),
    ("agreement_accepted", _agreement_accept),
    ("agreement_declined", _agreement_decline),
    ("agreement_withdrawn", _agreement_withdraw),
    ("agreement_ended", _agreement_end),
    ("notification_preferences_changed", _preferences),
    ("notification_preferences_changed", _unsubscribe),
    ("account_details_changed", _account_details),
    ("signed_in", _sign_in),
    ("sign_in_failed", _sign_in_failed),
    ("signed_out", _sign_out),
    ("mfa_added", _mfa_added),
    ("mfa_removed", _mfa_removed),
    ("timesheet_submitted", _timesheet_submit),
    ("timesheet_resubmitted", _timesheet_resubmit),
    ("timesheet_signed_off", _timesheet_sign_off),
    ("timesheet_queried", _timesheet_query),
    ("statement_issued", _statement_issue),
    ("statement_paid", _statement_paid),
    ("statement_queried", _statement_query),
    ("agency_rate_set", _agency_rate),
    ("supervision_recorded", _supervision_record),
    ("reference_given", _reference_give),
    ("reference_corrected", _reference_correct),
    ("placement_rated", _placement_rate),
    ("placement_rating_corrected", _placement_rating_correct),
    ("event_created", _event_create),
    ("event_updated", _event_update),
    ("event_cancelled", _event_cancel),
    ("booking_made", _booking_make),
    ("booking_cancelled", _booking_cancel),
    ("booking_home_agreed", _booking_decision(True)),
    ("booking_home_declined", _booking_decision(False)),
    ("attendance_recorded", _attendance),
    ("learning_report_written", _report_write),
    ("learning_report_edited", _report_edit),
    ("learning_report_consent_given", _report_consent),
    ("learning_report_consent_withdrawn", _report_withdraw),
    ("learning_report_published", _report_publish),
    ("learning_report_returned", _report_return),
    ("calendar_feed_created", _calendar_feed_create),
    ("calendar_feed_replaced", _calendar_feed_replace),
    ("calendar_feed_revoked", _calendar_feed_revoke),
    ("pressure_report_created", _pressure_report_make),
    ("pressure_report_updated", _pressure_report_change),
    ("crisis_offer_made", _crisis_offer_make),
    ("crisis_ask_declined", _crisis_decline),
    ("crisis_offer_refused", _crisis_offer_refuse),
    ("crisis_call_closed", _crisis_close),
]


@pytest.fixture
def people(camden, hackney, camden_manager, hackney_manager, camden_worker, coordinator):
    return {
        "hackney_manager": hackney_manager,
        "camden": camden,
        "hackney": hackney,
        "camden_manager": camden_manager,
        "camden_worker": camden_worker,
        "coordinator": coordinator,
    }


@pytest.mark.parametrize(("action", "write"), WRITES, ids=[w.__name__[1:] for _, w in WRITES])
def test_each_write_leaves_exactly_one_audit_row_in_the_log(
    client, people, action, write, django_capture_on_commit_callbacks
):
    before = set(AuditEvent.objects.exclude(action="signed_in").values_list("pk", flat=True))

    # allauth announces two-factor changes once they commit.
    with django_capture_on_commit_callbacks(execute=True):
        write(client, people)

    new = AuditEvent.objects.exclude(pk__in=before)
    if action not in ("signed_in", "sign_in_failed"):
        new = new.exclude(action="signed_in")  # the force_login that let the person act
    assert list(new.values_list("action", flat=True)) == [action]
    event = new.get()
    assert event.at <= timezone.now()
    # Field names, never values: the log must not copy personal data.
    assert all(isinstance(name, str) and " " not in name for name in event.changed_fields)
    worker = people["camden_worker"]
    profile = worker.worker_profile
    personal = {
        "07700900982",
        "Wendy Renamed",
        "SW654321",
        "Turkish",
        PASSWORD,
        worker.email,
        worker.full_name,
        profile.registration_number,
        f"{profile.registration_expires_on:%-d %B %Y}",
    }
    assert not any(
        value and value in text
        for value in personal
        for text in [event.reason, *event.changed_fields]
    )

    client.logout()
    client.force_login(people["coordinator"])
    page = client.get(reverse("audit_log"), {"action": action}).content.decode()
    assert re.search(
        rf'<td class="govuk-table__cell"[^>]*>{re.escape(event.action_label)}</td>', page
    )


def test_a_profile_change_names_the_fields_that_changed(client, camden_worker):
    client.force_login(camden_worker)
    client.post(reverse("profile_edit"), _profile_form())
    AuditEvent.objects.all().delete()

    client.post(reverse("profile_edit"), _profile_form(languages="Turkish and Kurdish"))

    event = AuditEvent.objects.exclude(action="signed_in").get()
    assert event.changed_fields == ["languages"]
    assert "Kurdish" not in repr(event.__dict__)


def test_saving_without_changing_anything_writes_nothing(client, camden_worker):
    client.force_login(camden_worker)
    client.post(reverse("profile_edit"), _profile_form())
    client.post(reverse("availability_add"), _period(200, 60))
    period = Availability.objects.get(profile__user=camden_worker)
    AuditEvent.objects.all().delete()

    client.post(reverse("profile_edit"), _profile_form())
    client.post(
        reverse("availability_edit", args=[period.pk]),
        {
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "days_per_week": str(period.days_per_week),
        },
    )

    assert not AuditEvent.objects.exists()


def test_a_failed_sign_in_for_an_unknown_address_names_no_one(client, db):
    client.post(reverse("account_login"), {"login": "nobody@example.gov.uk", "password": "x" * 12})

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_type, event.object_id) == (
        "sign_in_failed",
        None,
        "user",
        None,
    )
    assert not User.objects.filter(email="nobody@example.gov.uk").exists()


def test_raising_a_crisis_call_audits_the_request_and_the_call(client, people):
    people["hackney"].neighbours.add(people["camden"])
    client.force_login(people["hackney_manager"])
    AuditEvent.objects.all().delete()

    client.post(reverse("crisis_raise"), raise_form())

    actions = AuditEvent.objects.exclude(action="signed_in").order_by("pk")
    assert list(actions.values_list("action", "actor")) == [
        ("request_opened_for_crisis", people["hackney_manager"].pk),
        ("crisis_raised", people["hackney_manager"].pk),
    ]


def test_agreeing_to_a_crisis_offer_audits_the_application_and_the_offer(client, people):
    offer = _crisis_offer(people)
    client.force_login(people["camden_worker"])
    AuditEvent.objects.all().delete()

    client.post(reverse("crisis_offer_agree", args=[offer.pk]))

    actions = AuditEvent.objects.exclude(action="signed_in").order_by("pk")
    # One person's need met by one agreed offer: the call is met as well.
    assert list(actions.values_list("action", flat=True)) == [
        "application_released_in_advance",
        "crisis_offer_agreed",
        "crisis_call_met",
    ]
