"""Removing a person's details while keeping the records of what they did.

Placements, timesheets, recharge statements and the audit trail stay as they
are, rows and totals unchanged: boroughs have paid each other on them and must
be able to show why (Limitation Act 1980; UK GDPR Art 17(3)(b) and (e)). They
point at the same person row, which from now on carries a placeholder name,
an address nobody can receive mail at, no password and no way to sign in.
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import Availability, CalendarFeed, Role, User, WorkerProfile
from learning.events.services import booking_cancel
from learning.models import ACTIVE_BOOKING_STATES, Booking
from matching.models import Match
from notifications.models import Notification, NotificationPreference
from pressure.models import CrisisOffer
from secondments.models import Application, Message
from secondments.services import application_withdraw

# What a message its author asked us to erase now says (the thread keeps its shape).
REDACTED_MESSAGE = "This message was removed when its author's personal details were erased."

_FORMER = {
    Role.WORKER: "Former social worker",
    Role.MANAGER: "Former manager",
    Role.COORDINATOR: "Former coordinator",
}


def placeholder_name(person: User) -> str:
    return f"{_FORMER.get(person.role, 'Former user')} {person.pk}"


def placeholder_email(person: User) -> str:
    # .invalid can never be delivered to (RFC 2606); the random part keeps it
    # unique and unguessable, so nobody can sign up with it to take the row over.
    return f"erased-{person.pk}-{secrets.token_hex(6)}@erased.invalid"


def optional_model(label: str):
    """An optional app's model (API tokens, single sign-on), or None when it is not installed."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _sessions_of(person: User) -> list[str]:
    # Sessions are signed blobs keyed by a random string; the only way to find
    # a person's is to read each live one. A few thousand at most.
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            keys.append(session.session_key)
    return keys


WITHDRAWN_REASON = (
    "Their personal data was removed at their request or under the retention schedule"
)


def _step_back_from_work_in_progress(person: User) -> None:
    """Withdraw their open offers of help and cancel their bookings, through the
    same services as if they had done it themselves: otherwise a host could
    still select someone who can no longer sign in, and a place on an event
    would stay taken."""
    for application in Application.objects.active().filter(worker=person):
        application_withdraw(application=application, by=person, reason=WITHDRAWN_REASON)
    for booking in Booking.objects.filter(person=person, status__in=ACTIVE_BOOKING_STATES):
        booking_cancel(booking=booking, by=person)


def anonymise_person(person: User) -> list[str]:
    """Replace the person's details in every app; the kinds of data removed.

    The caller holds the transaction and writes the audit event.
    """
    _step_back_from_work_in_progress(person)
    now = timezone.now()
    removed: list[str] = []
    person.full_name = placeholder_name(person)
    person.email = placeholder_email(person)
    person.phone_number = ""
    person.team = None
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.anonymised_at = now
    person.set_unusable_password()
    person.save()
    removed += ["name", "email address", "phone number", "password"]

    profile = WorkerProfile.objects.filter(user=person).first()
    if profile is not None:
        profile.registration_number = None
        profile.registration_expires_on = None
        profile.registration_verified = False
        profile.registration_verified_at = None
        profile.registration_verified_by = None
        profile.registration_query_reason = ""
        profile.registration_queried_at = None
        profile.job_level = None
        profile.qualified_on = None
        profile.languages = ""
        profile.line_manager = None
        profile.open_to_matching = False
        profile.save()
        profile.specialisms.clear()
        profile.willing_boroughs.clear()
        Availability.objects.filter(profile=profile).delete()
        removed.append("social work profile and availability")

    Message.objects.filter(author=person).exclude(body=REDACTED_MESSAGE).update(
        body=REDACTED_MESSAGE
    )
    Application.objects.filter(worker=person).update(note="")
    CrisisOffer.objects.filter(worker=person).update(worker_reason="")
    removed.append("messages and notes they wrote")

    Match.objects.filter(worker=person).delete()
    Notification.objects.filter(recipient=person).delete()
    NotificationPreference.objects.filter(user=person).delete()
    CalendarFeed.objects.filter(user=person).delete()
    removed += ["matches", "notifications", "calendar link"]

    Session.objects.filter(session_key__in=_sessions_of(person)).delete()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    social_account = optional_model("socialaccount.SocialAccount")
    if social_account is not None:
        social_account.objects.filter(user=person).delete()
    api_token = optional_model("api.ApiToken")
    if api_token is not None:
        api_token.objects.filter(user=person, revoked_at__isnull=True).update(revoked_at=now)
    removed += ["sessions", "sign-in methods", "API tokens"]
    return removed
