"""The calendar's nudges: reminders of decisions and dates, and the release escalation.

Celery beat runs these every hour (secondments/tasks.py); the weekly digest
is in home/digests.py.
Each is safe to run twice, or to run late after an outage: a notification's
idempotency key names its milestone (the application, placement or expiry
date, and which reminder), so a repeat writes nothing, and the escalation
claims each application with a conditional update.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import WorkerProfile
from audit.services import audit_record
from notifications.services import coordinators, managers_of, notify
from secondments.models import (
    HOLDING_STATES,
    Application,
    ApplicationStatus,
    Placement,
    PlacementStatus,
)
from secondments.working_days import add_working_days, latest_start

# Placements are announced a week ahead and again the day before.
START_REMINDER_DAYS = 7
# Feedback is asked for placements that ended within this many days: enough
# to catch up after an outage, without asking about long-past placements.
FEEDBACK_WINDOW_DAYS = 28


def _date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _with_people(applications):
    return applications.select_related("worker__borough", "help_request__borough")


# --- Releases and approvals waiting for a decision ---------------------------------


def releases_escalate(*, now: datetime.datetime) -> int:
    """Releases a home manager has left for 5 working days pass to the coordinators.

    Returns how many were escalated by this run.
    """
    working_days = settings.RELEASE_ESCALATION_WORKING_DAYS
    selected_by = latest_start(_local_date(now), working_days)
    due = _with_people(
        Application.objects.filter(
            status=ApplicationStatus.SELECTED,
            release_escalated_at__isnull=True,
            selected_at__date__lte=selected_by,
        )
    )
    escalated = 0
    for application in due:
        with transaction.atomic():
            # Claimed only if still waiting: a manager may have decided since
            # the query, or another run may have escalated it already.
            claimed = Application.objects.filter(
                pk=application.pk,
                status=ApplicationStatus.SELECTED,
                release_escalated_at__isnull=True,
            ).update(release_escalated_at=now)
            if not claimed:
                continue
            application.release_escalated_at = now
            _escalation_record(application, working_days)
            escalated += 1
    return escalated


def _escalation_record(application: Application, working_days: int) -> None:
    worker, help_request = application.worker, application.help_request
    audit_record(
        actor=None,
        action="application_escalated",
        obj=application,
        from_state=ApplicationStatus.SELECTED,
        to_state=ApplicationStatus.SELECTED,
        reason=f"No release decision within {working_days} working days",
    )
    notify(
        # The release is the home side's: the worker's region's coordinators.
        recipients=coordinators(worker.borough),
        event="release_escalated",
        title=f"Release escalated to you: {worker} ({worker.borough}) for {help_request.borough}: {help_request.title}",
        body=(
            f"{worker.borough}'s managers have not released or refused {worker} within "
            f"{working_days} working days. You can now release or refuse instead."
        ),
        link=application.get_absolute_url(),
        key=application.pk,
    )
    notify(
        recipients=managers_of(worker.borough_id),
        event="release_escalated",
        title=f"Release of {worker} escalated to the coordinators: {help_request.title}",
        body=(
            f"{help_request.borough} selected {worker} and nobody released or refused them "
            f"within {working_days} working days, so a coordinator may now decide. "
            "You can still decide yourself."
        ),
        link=application.get_absolute_url(),
        key=application.pk,
    )


@transaction.atomic
def release_reminders_send(*, today: datetime.date) -> int:
    """Remind home managers of a release waiting 2 working days, once.

    Returns how many releases are due a reminder (repeats included).
    """
    due = _with_people(
        Application.objects.filter(
            status=ApplicationStatus.SELECTED,
            # Once escalated, the escalation notice has said it all.
            release_escalated_at__isnull=True,
            selected_at__date__lte=latest_start(today, settings.RELEASE_REMINDER_WORKING_DAYS),
        )
    )
    count = 0
    for application in due:
        worker, help_request = application.worker, application.help_request
        selected_on = _local_date(application.selected_at)
        escalates_on = add_working_days(selected_on, settings.RELEASE_ESCALATION_WORKING_DAYS)
        notify(
            recipients=managers_of(worker.borough_id),
            event="release_reminder",
            title=f"Waiting for your decision: release {worker} to {help_request.borough}?",
            body=(
                f"{help_request.borough} selected {worker} for {help_request.title} on "
                f"{_date(selected_on)}. Release them or refuse by {_date(escalates_on)}, "
                "when the decision passes to the coordinators."
            ),
            link=application.get_absolute_url(),
            key=f"{application.pk}:after-{settings.RELEASE_REMINDER_WORKING_DAYS}-working-days",
        )
        count += 1
    return count


@transaction.atomic
def approval_reminders_send(*, today: datetime.date) -> int:
    """Remind coordinators of a placement waiting 2 working days for approval, once.

    Returns how many approvals are due a reminder (repeats included).
    """
    working_days = settings.APPROVAL_REMINDER_WORKING_DAYS
    due = _with_people(
        Application.objects.filter(
            status=ApplicationStatus.RELEASED,
            released_at__date__lte=latest_start(today, working_days),
        )
    )
    count = 0
    for application in due:
        worker, help_request = application.worker, application.help_request
        notify(
            recipients=coordinators(help_request.borough),
            event="approval_reminder",
            title=f"Waiting for approval: {worker} ({worker.borough}) for {help_request.borough}: {help_request.title}",
            body=(
                f"{worker.borough} released {worker} on "
                f"{_date(_local_date(application.released_at))}. Approve or reject the placement."
            ),
            link=application.get_absolute_url(),
            key=f"{application.pk}:after-{working_days}-working-days",
        )
        count += 1
    return count


# --- Placements starting and ending ------------------------------------------------


@transaction.atomic
def placement_start_reminders_send(*, today: datetime.date) -> int:
    """Tell the worker, host and home managers a week before a placement starts and
    the day before; once each.

    The week's reminder goes out up to the day before the eve, so a run missed on
    the day, or a placement agreed later than a week ahead, still gets it.
    Returns how many reminders are due (repeats included).
    """
    upcoming = Placement.objects.filter(
        status=PlacementStatus.CONFIRMED,
        starts_on__gt=today,
        starts_on__lte=today + datetime.timedelta(days=START_REMINDER_DAYS),
    ).select_related("worker", "host", "home", "help_request")
    count = 0
    for placement in upcoming:
        days = (placement.starts_on - today).days
        milestone = "tomorrow" if days == 1 else f"{START_REMINDER_DAYS}-days"
        when = "tomorrow" if days == 1 else f"in {days} days"
        notify(
            recipients=[
                placement.worker,
                *managers_of(placement.host_id),
                *managers_of(placement.home_id),
            ],
            event="placement_starting",
            title=f"Placement starts {when}: {placement.worker} in {placement.host}, {_date(placement.starts_on)}",
            body=(
                f"{placement.help_request.title}: {_date(placement.starts_on)} to "
                f"{_date(placement.ends_on)}, {placement.days_per_week} days a week."
            ),
            link=placement.get_absolute_url(),
            key=f"{placement.pk}:{placement.starts_on}:{milestone}",
        )
        count += 1
    return count


@transaction.atomic
def feedback_requests_send(*, today: datetime.date) -> int:
    """Ask the host managers for a reference on the worker, and the worker to rate
    the placement, once it has ended (the forms are in learning/references).

    Returns how many placements are due a request (repeats included).
    """
    ended = Placement.objects.filter(
        status__in=HOLDING_STATES,
        ends_on__lt=today,
        ends_on__gte=today - datetime.timedelta(days=FEEDBACK_WINDOW_DAYS),
    ).select_related("worker", "host")
    count = 0
    for placement in ended:
        title = f"How did it go? {placement.worker} in {placement.host} ended on {_date(placement.ends_on)}"
        notify(
            recipients=managers_of(placement.host_id),
            event="feedback_requested",
            title=title,
            body=(
                f"Give {placement.worker} a reference: a few ratings, whether you would host "
                "them again, and comments. Their home borough's managers will see it."
            ),
            link=reverse("placement_reference", args=[placement.pk]),
            key=placement.pk,
        )
        notify(
            recipients=[placement.worker],
            event="feedback_requested",
            title=title,
            body=(
                f"Rate your placement in {placement.host}. They only ever see averages "
                "from at least 3 social workers, never your answers on their own."
            ),
            link=reverse("placement_rating", args=[placement.pk]),
            key=placement.pk,
        )
        count += 1
    return count


# --- Registrations ---------------------------------------------------------------------


@transaction.atomic
def registration_expiry_reminders_send(*, today: datetime.date) -> int:
    """Remind a worker, and their home managers, that their Social Work England
    registration expires within 60 days: once for each expiry date.

    Returns how many registrations are due a reminder (repeats included).
    """
    expiring = WorkerProfile.objects.filter(
        user__is_active=True,
        registration_expires_on__gte=today,
        registration_expires_on__lte=today
        + datetime.timedelta(days=settings.REGISTRATION_EXPIRY_WARNING_DAYS),
    ).select_related("user")
    count = 0
    for profile in expiring:
        worker, expires_on = profile.user, profile.registration_expires_on
        key = f"{worker.pk}:{expires_on}"
        notify(
            recipients=[worker],
            event="registration_expiring",
            title=f"Your Social Work England registration expires on {_date(expires_on)}",
            body=(
                "Renew it with Social Work England, then update the expiry date on your "
                "profile: once it has expired you cannot be matched or seconded."
            ),
            link=reverse("profile"),
            key=key,
        )
        if worker.borough_id is not None:
            notify(
                recipients=managers_of(worker.borough_id),
                event="registration_expiring",
                title=f"{worker}'s Social Work England registration expires on {_date(expires_on)}",
                body=f"{worker} needs to renew it before then to keep being seconded.",
                link=reverse("person_detail", args=[worker.pk]),
                key=key,
            )
        count += 1
    return count


def reminders_send(*, now: datetime.datetime) -> dict[str, int]:
    """Every hourly reminder and the escalation, for the day `now` falls on.

    Escalation runs first: a release that has waited long enough to escalate
    (after an outage, say) is escalated rather than also reminded.
    """
    today = _local_date(now)
    return {
        "releases_escalated": releases_escalate(now=now),
        "release_reminders": release_reminders_send(today=today),
        "approval_reminders": approval_reminders_send(today=today),
        "placement_start_reminders": placement_start_reminders_send(today=today),
        "feedback_requests": feedback_requests_send(today=today),
        "registration_expiry_reminders": registration_expiry_reminders_send(today=today),
    }
