"""The retention schedule (settings.RETENTION) carried out: each line's rule
finds the rows past their time and deletes or anonymises them.

Safe to run twice: every rule selects only rows still past retention and not
yet dealt with, so a second run finds nothing. One audit event sums up each
run that changed anything (how many rows of each kind, never whose).
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Availability, CalendarFeed, ErasureRequest, User, WorkerProfile
from audit.models import AuditEvent
from audit.services import audit_record
from home.privacy.anonymise import anonymise_person, optional_model
from learning.models import (
    Booking,
    LearningReport,
    LibraryStatus,
    PlacementRating,
    Reference,
    SupervisionSession,
)
from matching.models import Match
from money.models import RechargeStatement, StatementLine, Timesheet
from notifications.models import Notification
from pressure.models import CrisisOffer
from secondments.models import (
    ACTIVE_APPLICATION_STATES,
    Application,
    HelpRequest,
    Message,
    Placement,
)

logger = logging.getLogger(__name__)

ACTIONS = {"retention_purge": "Old personal data removed under the retention schedule"}

# What a supervisor's name on an old request becomes (the column must not be
# empty where the request was open to newly qualified workers).
REMOVED_NAME = "Name removed"
FORMER_WORKER = "Former social worker"


@dataclass(frozen=True)
class Line:
    """One line of the schedule, as the privacy notice shows it."""

    key: str
    what: str
    after: str
    keep: datetime.timedelta
    then: str
    why: str

    @property
    def kept_text(self) -> str:
        """ "6 years after the placement ends"; "Until the account is anonymised"."""
        days = self.keep.days
        if days == 0:
            return f"Until {self.after}"
        if days % 365 == 0:
            years = days // 365
            return f"{years} year{'s' if years > 1 else ''} after {self.after}"
        return f"{days} days after {self.after}"

    @property
    def then_text(self) -> str:
        return {"delete": "Deleted", "anonymise": "Anonymised"}.get(self.then, self.then)


def schedule() -> list[Line]:
    """The schedule's lines whose models are installed, in the settings' order."""
    lines = []
    for key, line in settings.RETENTION.items():
        if optional_model(key.split(":")[0]) is None:
            continue
        lines.append(Line(key=key, **line))
    return lines


def financial_year_start(day: datetime.date) -> datetime.date:
    """1 April of the financial year `day` falls in (councils' years run April to March)."""
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


# --- The rules: each returns how many rows it deleted or anonymised ------------


def _anonymise_idle_accounts(now, keep) -> int:
    since = now - keep
    idle = (
        User.objects.filter(anonymised_at__isnull=True)
        .filter(Q(last_login__lt=since) | Q(last_login__isnull=True, date_joined__lt=since))
        .exclude(placements__in=Placement.objects.booked())
        .distinct()
    )
    count = 0
    for person in idle:
        removed = anonymise_person(person)
        audit_record(
            actor=None,
            action="person_anonymised",
            obj=person,
            changed_fields=removed,
            reason="Retention schedule: nobody signed in to the account for 2 years",
        )
        count += 1
    return count


def _delete_unconfirmed_sign_ups(now, keep) -> int:
    unconfirmed = (
        User.objects.filter(
            anonymised_at__isnull=True, last_login__isnull=True, date_joined__lt=now - keep
        )
        .filter(emailaddress__verified=False)
        .exclude(emailaddress__verified=True)
        .distinct()
    )
    count = 0
    for person in unconfirmed:
        try:
            with transaction.atomic():
                person.delete()
        except ProtectedError:
            # Someone recorded something against them after all: keep the row, not the person.
            anonymise_person(person)
            audit_record(
                actor=None,
                action="person_anonymised",
                obj=person,
                changed_fields=["name", "email address"],
                reason="Retention schedule: email address never confirmed",
            )
        count += 1
    return count


def _follows_account(now, keep) -> int:
    # The row names a person only through the link to their account, whose
    # name and details "accounts.User" replaces: nothing of its own to remove.
    return 0


def _after_account_anonymised(model_label: str, user_field: str = "user"):
    def rule(now, keep) -> int:
        model = optional_model(model_label)
        if model is None:
            return 0
        return model.objects.filter(**{f"{user_field}__anonymised_at__isnull": False}).delete()[0]

    return rule


def _clear_anonymised_profiles(now, keep) -> int:
    # anonymise_person clears them; this catches a profile filled in since
    # (by a coordinator's mistake, say), so the schedule holds whatever happened.
    stale = WorkerProfile.objects.filter(user__anonymised_at__isnull=False).filter(
        Q(registration_number__isnull=False) | ~Q(languages="") | Q(qualified_on__isnull=False)
    )
    return stale.update(registration_number=None, languages="", qualified_on=None)


def _delete(queryset_for: Callable) -> Callable:
    def rule(now, keep) -> int:
        queryset = queryset_for(now, keep)
        if queryset is None:
            return 0
        return queryset.delete()[0]

    return rule


def _api_tokens(now, keep):
    model = optional_model("api.ApiToken")
    if model is None:
        return None
    return model.objects.filter(Q(revoked_at__lt=now - keep) | Q(expires_at__lt=now - keep))


def _anonymise_requests(now, keep) -> int:
    old = HelpRequest.objects.filter(ends_on__lt=(now - keep).date())
    named = (
        old.exclude(supervisor_name="")
        .exclude(supervisor_name=REMOVED_NAME)
        .update(supervisor_name=REMOVED_NAME)
    )
    return named + old.exclude(status_reason="").update(status_reason="")


def _anonymise_placements(now, keep) -> int:
    return (
        Placement.objects.filter(ends_on__lt=(now - keep).date())
        .filter(
            ~Q(report_to_address="")
            | ~Q(host_contact_name="")
            | ~Q(host_contact_phone="")
            | ~Q(induction_notes="")
            | ~Q(supervision_arrangement="")
            | ~Q(status_reason="")
        )
        .update(
            report_to_address="",
            host_contact_name="",
            host_contact_phone="",
            induction_notes="",
            supervision_arrangement="",
            status_reason="",
        )
    )


def _anonymise_statements(now, keep) -> int:
    before = financial_year_start((now - keep).date())
    old = RechargeStatement.objects.filter(month__lt=before)
    return (
        StatementLine.objects.filter(statement__in=old)
        .exclude(worker_name=FORMER_WORKER)
        .update(worker_name=FORMER_WORKER)
    )


def _anonymise_crisis_offers(now, keep) -> int:
    return (
        CrisisOffer.objects.filter(created_at__lt=now - keep)
        .filter(~Q(note="") | ~Q(worker_reason=""))
        .update(note="", worker_reason="")
    )


RULES: dict[str, Callable[[datetime.datetime, datetime.timedelta], int]] = {
    # Unconfirmed sign-ups go before idle accounts, which they would also be.
    "accounts.User:unconfirmed": _delete_unconfirmed_sign_ups,
    "accounts.User": _anonymise_idle_accounts,
    "accounts.WorkerProfile": _clear_anonymised_profiles,
    "accounts.Availability": _delete(
        lambda now, keep: Availability.objects.filter(ends_on__lt=(now - keep).date())
    ),
    "accounts.CalendarFeed": _delete(
        lambda now, keep: CalendarFeed.objects.annotate(
            used=Coalesce("last_used_at", "created_at")
        ).filter(used__lt=now - keep)
    ),
    "accounts.ErasureRequest": _delete(
        lambda now, keep: ErasureRequest.objects.filter(decided_at__lt=now - keep)
    ),
    "account.EmailAddress": _delete(
        lambda now, keep: EmailAddress.objects.filter(user__anonymised_at__isnull=False)
    ),
    "mfa.Authenticator": _delete(
        lambda now, keep: Authenticator.objects.filter(user__anonymised_at__isnull=False)
    ),
    "sessions.Session": _delete(
        lambda now, keep: Session.objects.filter(expire_date__lt=now - keep)
    ),
    "api.ApiToken": _delete(_api_tokens),
    "socialaccount.SocialAccount": _after_account_anonymised("socialaccount.SocialAccount"),
    "accounts.CoordinatorRegion": _after_account_anonymised("accounts.CoordinatorRegion"),
    "secondments.HelpRequest": _anonymise_requests,
    "secondments.Application": _delete(
        lambda now, keep: Application.objects.exclude(status__in=ACTIVE_APPLICATION_STATES).filter(
            updated_at__lt=now - keep, placement__isnull=True, crisis_offer__isnull=True
        )
    ),
    "secondments.Message": _delete(
        lambda now, keep: Message.objects.filter(created_at__lt=now - keep).exclude(
            application__status__in=ACTIVE_APPLICATION_STATES
        )
    ),
    "secondments.Placement": _anonymise_placements,
    "matching.Match": _delete(lambda now, keep: Match.objects.filter(computed_at__lt=now - keep)),
    "money.Timesheet": _delete(
        lambda now, keep: Timesheet.objects.filter(
            week_starting__lt=financial_year_start((now - keep).date())
        )
    ),
    "money.RechargeStatement": _anonymise_statements,
    "learning.Reference": _delete(
        lambda now, keep: Reference.objects.filter(placement__ends_on__lt=(now - keep).date())
    ),
    "learning.PlacementRating": _delete(
        lambda now, keep: PlacementRating.objects.filter(placement__ends_on__lt=(now - keep).date())
    ),
    "learning.LearningReport": _delete(
        lambda now, keep: LearningReport.objects.filter(
            placement__ends_on__lt=(now - keep).date()
        ).exclude(library_status=LibraryStatus.PUBLISHED)
    ),
    "learning.Booking": _delete(
        lambda now, keep: Booking.objects.filter(event__ends_at__lt=now - keep)
    ),
    "learning.SupervisionSession": _delete(
        lambda now, keep: SupervisionSession.objects.filter(held_on__lt=(now - keep).date())
    ),
    "pressure.CrisisOffer": _anonymise_crisis_offers,
    "notifications.Notification": _delete(
        lambda now, keep: Notification.objects.filter(created_at__lt=now - keep)
    ),
    "notifications.NotificationPreference": _after_account_anonymised(
        "notifications.NotificationPreference"
    ),
    "audit.AuditEvent": _delete(lambda now, keep: AuditEvent.objects.filter(at__lt=now - keep)),
    "learning.LearningEvent": _follows_account,
    "boroughs.Agreement": _follows_account,
    "boroughs.PressureReport": _follows_account,
    "pressure.CrisisCall": _follows_account,
    "pressure.CrisisAsk": _follows_account,
    "admin.LogEntry": _delete(
        lambda now, keep: LogEntry.objects.filter(action_time__lt=now - keep)
    ),
}


def retention_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Carry out every line of the schedule; how many rows each line changed.

    Each line is its own transaction, so one that fails (and is logged) does
    not undo the others; the next night's run tries it again.
    """
    now = now or timezone.now()
    done: dict[str, int] = {}
    for line in schedule():
        rule = RULES.get(line.key)
        if rule is None:
            logger.error("Retention line %s has no rule: nothing removed", line.key)
            continue
        try:
            with transaction.atomic():
                done[line.key] = rule(now, line.keep)
        except Exception:
            logger.exception("Retention line %s failed; tried again on the next run", line.key)
    changed = {key: count for key, count in done.items() if count}
    if changed:
        audit_record(
            actor=None,
            action="retention_purge",
            obj=None,
            object_type="retention",
            changed_fields=list(changed),
            reason="; ".join(f"{key}: {count}" for key, count in changed.items()),
        )
    return done
