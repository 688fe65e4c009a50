"""Each person's choice of channels per event type, and signed unsubscribe links."""

from dataclasses import dataclass

from django.core import signing

from accounts.models import User
from notifications.events import EVENT_TYPES, event_type
from notifications.models import NotificationPreference

# --- Preferences: per person, per event type, per channel -------------------


@dataclass(frozen=True)
class Choice:
    email: bool
    sms: bool


def preferences_for(user: User) -> dict[str, Choice]:
    """Every event type's email/SMS choice for this person, defaults filled in."""
    stored = {row.event: row for row in NotificationPreference.objects.filter(user=user)}
    names = list(EVENT_TYPES) + [name for name in stored if name not in EVENT_TYPES]
    choices = {}
    for name in names:
        default = event_type(name)
        row = stored.get(name)
        choices[name] = Choice(row.email, row.sms) if row else Choice(default.email, default.sms)
    return choices


def preference_for(user: User, event: str) -> Choice:
    row = NotificationPreference.objects.filter(user=user, event=event).first()
    if row is not None:
        return Choice(row.email, row.sms)
    default = event_type(event)
    return Choice(default.email, default.sms)


def store_choice(user: User, event: str, choice: Choice) -> bool:
    """Store a choice, or forget it when it is the default (only differences are
    kept); whether it changed anything. Only notifications.services calls this,
    inside an audited change."""
    if preference_for(user, event) == choice:
        return False
    default = event_type(event)
    if choice == Choice(default.email, default.sms):
        NotificationPreference.objects.filter(user=user, event=event).delete()
    else:
        NotificationPreference.objects.update_or_create(
            user=user, event=event, defaults={"email": choice.email, "sms": choice.sms}
        )
    return True


# --- Unsubscribe links: signed, no sign-in needed ---------------------------

# Never change this: every unsubscribe link already sent is signed with it
# (the module it names has since moved).
_UNSUBSCRIBE_SALT = "secondments.notifications.unsubscribe"


def unsubscribe_token(user_id: int, event: str) -> str:
    """A token that turns emails about `event` off for this person, and nothing else."""
    return signing.dumps([user_id, event], salt=_UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, event) from a token this service signed, or None for anything else."""
    try:
        value = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        return None
    return value[0], value[1]
