"""What each role's dashboard lists: the work waiting for the person signed in.

Every list is capped (the first rows and how many there are in all, counted
by the database), so a dashboard costs the same number of queries however
busy a borough is; "View all" links lead to the full list behind each one.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.access import get_own_profile
from accounts.models import ErasureRequest, User, WorkerProfile
from boroughs.models import Agreement, AgreementStatus, PressureReport, report_closes_on
from matching.models import Match
from money.timesheets.waiting import awaiting_sign_off_in, weeks_to_submit
from pressure.crisis.dashboard import asks_waiting_for, offers_waiting_for
from secondments.models import Application, HelpRequest, Placement, RequestStatus, Urgency

ROWS_SHOWN = 10
MATCHES_SHOWN = 5
# "Arriving and leaving soon" on a manager's dashboard.
COMING_UP = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Capped:
    """The first rows of a list, and how many rows the whole list has."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _capped(rows: QuerySet, shown: int = ROWS_SHOWN, *, counted: QuerySet | None = None) -> Capped:
    """The first `shown` rows, and the count of `counted` (the same rows without
    the annotations that only the shown ones need), or of `rows`."""
    return Capped(list(rows[:shown]), (rows if counted is None else counted).count())


@dataclass(frozen=True)
class Headline:
    """A number on a dashboard, linking to the list it counts."""

    count: int
    label: str
    url: str


def _applications() -> QuerySet:
    return Application.objects.select_related("worker__borough", "help_request__borough")


def _waited(applications: Capped, today: datetime.date) -> Capped:
    for application in applications.rows:
        application.working_days_waited = application.working_days_since_selected(today)
    return applications


# --- Borough manager -------------------------------------------------------------


def manager_dashboard(user: User) -> dict:
    borough = user.borough
    today = timezone.localdate()
    # The manager's staff selected elsewhere: the home manager decides, and
    # after 5 working days a coordinator may decide instead (escalated).
    releases = _applications().awaiting_release_by(user).longest_selected_first()
    to_release = _waited(_capped(releases.not_escalated()), today)
    escalated = _waited(_capped(releases.escalated()), today)
    coming_up = (
        Placement.objects.booked()
        .starting_or_ending_between(today, today + COMING_UP)
        .select_related("worker", "host", "home")
    )
    open_requests = HelpRequest.objects.open().in_borough(borough)
    return {
        "borough": borough,
        "applicants": _capped(
            _applications().awaiting_selection_in(borough).order_by("created_at", "pk")
        ),
        "to_release": to_release,
        "escalated": escalated,
        "open_requests": _capped(
            open_requests.with_fill_status().soonest_first(), counted=open_requests
        ),
        "to_sign_off": _capped(
            awaiting_sign_off_in(borough).select_related("placement__worker"),
            counted=awaiting_sign_off_in(borough),
        ),
        "arriving": _capped(coming_up.hosted_by(borough)),
        "leaving": _capped(coming_up.lent_by(borough)),
        "coming_up_days": COMING_UP.days,
        "borough_requests_url": reverse("our_requests"),
        "drafts": HelpRequest.objects.in_borough(borough)
        .filter(status=RequestStatus.DRAFT)
        .count(),
        "agreements_waiting": Agreement.objects.waiting_for(borough.pk).count(),
        **_pressure_report_due(borough, today),
        "crisis_asks": _capped(asks_waiting_for(user)),
        "incoming_url": f"{reverse('placement_list')}?direction=in",
        "outgoing_url": f"{reverse('placement_list')}?direction=out",
        "headlines": [
            Headline(
                to_release.total + escalated.total,
                "releases waiting for you",
                reverse("release_queue"),
            ),
            Headline(
                Placement.objects.visible_to(user).count(),
                f"placements in and out of {borough.name}",
                reverse("placement_list"),
            ),
            Headline(
                User.objects.staff_of(borough).count(),
                f"staff in {borough.name}",
                reverse("staff_list", args=[borough.gss_code]),
            ),
        ],
    }


def _pressure_report_due(borough, today: datetime.date) -> dict:
    """Whether this month's pressure report is in, for the manager's reminder."""
    month = today.replace(day=1)
    return {
        "pressure_month": month,
        "pressure_closes_on": report_closes_on(month),
        "pressure_report": PressureReport.objects.filter(borough=borough, month=month).first(),
    }


# --- Social worker ---------------------------------------------------------------


def registration_warning(profile: WorkerProfile, today: datetime.date) -> str:
    """What stands between the worker's registration and being placed, or ""."""
    expires_on = profile.registration_expires_on
    if not profile.registration_number:
        return "Add your Social Work England registration number: nobody can select you without it."
    if expires_on is None:
        return "Add the date your registration expires: nobody can select you without it."
    if expires_on < today:
        return (
            f"Your registration expired on {expires_on:%-d %B %Y}. Renew it with Social Work "
            "England and update your profile: until then you cannot be matched or seconded."
        )
    if not profile.registration_verified:
        return (
            "A coordinator has not checked your registration yet. Until they do you will not "
            "be matched, and no borough can select you."
        )
    if expires_on <= today + datetime.timedelta(days=settings.REGISTRATION_EXPIRY_WARNING_DAYS):
        return (
            f"Your registration expires on {expires_on:%-d %B %Y}. Renew it with Social Work "
            "England and update your profile, or you cannot be seconded after that date."
        )
    return ""


def worker_dashboard(user: User) -> dict:
    today = timezone.localdate()
    profile = get_own_profile(user)
    missing = profile.missing_items()
    # Booked placements, soonest first: the next or current one, and what
    # each availability period is already taken by.
    placements = list(
        Placement.objects.booked().filter(worker=user, ends_on__gte=today).select_related("host")
    )
    availability = list(profile.availability.all())
    for period in availability:
        period.placements = [
            placement
            for placement in placements
            if placement.starts_on <= period.ends_on and period.starts_on <= placement.ends_on
        ]
    matches = None
    if profile.open_to_matching:
        matches = _capped(
            Match.objects.open_to(user).select_related("help_request__borough"), MATCHES_SHOWN
        )
    return {
        "profile": profile,
        "missing": missing,
        "completeness": profile.completeness_percent(missing),
        "registration_warning": registration_warning(profile, today),
        "applications": _capped(
            user.applications.active()
            .select_related("help_request__borough", "worker__borough")
            .newest_first()
        ),
        "placement": placements[0] if placements else None,
        "timesheets_to_submit": weeks_to_submit(user, today),
        "availability": availability,
        "matches": matches,
        "today": today,
        "crisis_offers": offers_waiting_for(user),
    }


# --- Coordinator -----------------------------------------------------------------


def coordinated_area(user: User) -> str:
    """Where this coordinator acts, said to them."""
    regions = user.coordinated_regions
    if regions is None:
        return "You coordinate all of England"
    if not regions:
        return "You do not coordinate any region yet: ask a national coordinator to add yours"
    names = sorted(regions)
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"You coordinate {listed}"


def coordinator_dashboard(user: User) -> dict:
    """What is waiting for this coordinator, within their regions (issue 13)."""
    today = timezone.localdate()
    warn_until = today + datetime.timedelta(days=settings.REGISTRATION_EXPIRY_WARNING_DAYS)
    scope = user.coordinator_scope
    registrations = WorkerProfile.objects.awaiting_verification().filter(scope("user__borough"))
    month_starts = today.replace(day=1)
    next_month = (month_starts + datetime.timedelta(days=31)).replace(day=1)
    open_requests = HelpRequest.objects.open().filter(scope("borough"))
    crisis = open_requests.filter(urgency=Urgency.CRISIS)
    return {
        "coordinated_area": coordinated_area(user),
        "approvals": _capped(
            _applications()
            .awaiting_approval()
            .filter(scope("help_request__borough"))
            .select_related("worker__worker_profile")
            .with_overlap_warning()
            .longest_waiting_first()
        ),
        # Expired and soonest to expire first: those need the worker chased.
        "registrations": _capped(
            registrations.select_related("user__borough").order_by(
                F("registration_expires_on").asc(nulls_last=True), "user__full_name", "pk"
            )
        ),
        **registrations.aggregate(
            registrations_expired=Count("pk", filter=Q(registration_expires_on__lt=today)),
            registrations_expiring=Count(
                "pk", filter=Q(registration_expires_on__range=(today, warn_until))
            ),
        ),
        "today": today,
        "warn_until": warn_until,
        "registrations_url": f"{reverse('people')}?show=awaiting",
        "agreements_waiting": Agreement.objects.filter(status=AgreementStatus.PROPOSED)
        .filter(scope("borough_a", "borough_b"))
        .count(),
        # UK GDPR (issue 12): answer within a month, so they wait here.
        "erasure_requests_waiting": ErasureRequest.objects.pending()
        .filter(scope("person__borough"))
        .count(),
        # The release is the home side's: escalations of their regions' workers.
        "escalated": _waited(
            _capped(
                _applications()
                .awaiting_release()
                .escalated()
                .filter(scope("worker__borough"))
                .longest_selected_first()
            ),
            today,
        ),
        "headlines": [
            Headline(open_requests.count(), "open help requests", reverse("request_list")),
            Headline(
                crisis.count(),
                "crisis requests not yet filled",
                f"{reverse('request_list')}?urgency={Urgency.CRISIS}",
            ),
            Headline(
                Placement.objects.booked()
                .filter(scope("host", "home"))
                .filter(starts_on__gte=month_starts, starts_on__lt=next_month)
                .count(),
                f"placements starting in {today:%B}",
                reverse("placement_list"),
            ),
        ],
    }
