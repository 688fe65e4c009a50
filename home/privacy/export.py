"""A person's copy of everything this service holds about them (UK GDPR Art 15
and 20): one JSON document, machine-readable, with a schema version.

Each section is a list of rows as stored, field by field, with other records
named by their ids. Secrets are never included: no password hash, no token
or calendar-link hash, no authenticator secrets.
"""

import datetime
import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.postgres.search import SearchVectorField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Availability, CalendarFeed, ErasureRequest, User, WorkerProfile
from audit.models import AuditEvent
from audit.registry import object_type_code
from home.privacy.anonymise import optional_model
from learning.models import Booking, LearningReport, PlacementRating, Reference, SupervisionSession
from matching.models import Match
from money.models import StatementLine, Timesheet, TimesheetDay
from notifications.models import Notification, NotificationPreference
from pressure.models import CrisisOffer
from secondments.models import Application, Message, Placement

SCHEMA = "secondment-exchange/personal-data"
# Raise when a section or a field is renamed or removed (adding one is compatible).
SCHEMA_VERSION = 1

# Never exported: they open the account, or are a copy of something that does.
SECRET_FIELDS = {"password", "token_hash", "hint", "data", "attachment_ics", "idempotency_key"}


def _row(obj: models.Model, *, leave_out: tuple[str, ...] = ()) -> dict:
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name in leave_out:
            continue
        if isinstance(field, SearchVectorField):
            continue
        row[field.attname] = getattr(obj, field.attname)
    return row


def _rows(queryset, **options) -> list[dict]:
    return [_row(obj, **options) for obj in queryset.order_by("pk")]


def _profile(person: User) -> dict | None:
    profile = WorkerProfile.objects.filter(user=person).first()
    if profile is None:
        return None
    return {
        **_row(profile),
        "specialisms": sorted(profile.specialisms.values_list("name", flat=True)),
        "willing_boroughs": sorted(profile.willing_boroughs.values_list("name", flat=True)),
    }


def personal_data(person: User, *, now: datetime.datetime | None = None) -> dict:
    """Everything held about `person`, as plain data ready for JSON."""
    now = now or timezone.now()
    placements = Placement.objects.filter(worker=person)
    timesheets = Timesheet.objects.filter(placement__in=placements)
    api_token = optional_model("api.ApiToken")
    social_account = optional_model("socialaccount.SocialAccount")
    about_me = Q(object_type=object_type_code(User), object_id=person.pk)
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "generated_at": now,
        "about": (
            "Everything Secondment Exchange holds about you. Other records are named "
            "by their ids; dates and times are UTC in ISO 8601."
        ),
        "account": _row(person, leave_out=("is_superuser",)),
        "email_addresses": _rows(EmailAddress.objects.filter(user=person)),
        "sign_in_methods": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=person).order_by("pk")
        ],
        "single_sign_on_accounts": (
            [
                {"provider": s.provider, "date_joined": s.date_joined, "last_login": s.last_login}
                for s in social_account.objects.filter(user=person).order_by("pk")
            ]
            if social_account is not None
            else []
        ),
        "api_tokens": _rows(api_token.objects.filter(user=person)) if api_token else [],
        "calendar_feed": _rows(CalendarFeed.objects.filter(user=person)),
        "worker_profile": _profile(person),
        "availability": _rows(Availability.objects.filter(profile__user=person)),
        "applications": _rows(Application.objects.filter(worker=person)),
        "messages_written": _rows(Message.objects.filter(author=person)),
        "placements": _rows(placements),
        "timesheets": _rows(timesheets),
        "timesheet_days": _rows(TimesheetDay.objects.filter(timesheet__in=timesheets)),
        "recharge_statement_lines": _rows(StatementLine.objects.filter(placement__in=placements)),
        "references_about_you": _rows(Reference.objects.filter(placement__in=placements)),
        "references_you_wrote": _rows(Reference.objects.filter(author=person)),
        "placement_ratings": _rows(PlacementRating.objects.filter(placement__in=placements)),
        "learning_reports": _rows(LearningReport.objects.filter(author=person)),
        "supervision_sessions": _rows(SupervisionSession.objects.filter(placement__in=placements)),
        "learning_event_bookings": _rows(Booking.objects.filter(person=person)),
        "crisis_offers": _rows(CrisisOffer.objects.filter(worker=person)),
        "matches": _rows(Match.objects.filter(worker=person)),
        "notifications": _rows(Notification.objects.filter(recipient=person)),
        "notification_preferences": _rows(NotificationPreference.objects.filter(user=person)),
        "erasure_requests": _rows(ErasureRequest.objects.filter(person=person)),
        "audit_events": [
            {**_row(event), "by_you": event.actor_id == person.pk}
            for event in AuditEvent.objects.filter(Q(actor=person) | about_me).order_by("pk")
        ],
    }


def personal_data_json(person: User, *, now: datetime.datetime | None = None) -> str:
    return json.dumps(personal_data(person, now=now), cls=DjangoJSONEncoder, indent=2)
