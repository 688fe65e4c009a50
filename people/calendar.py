"""Each person's own calendar link: make one (replacing any old one) or stop it.

The feed itself is served by home/calendar_feed.py, which gathers placements,
learning events and timesheet deadlines from the apps above this one. Only a
hash of the token is stored (accounts.models.CalendarFeed), so the link can be
shown once, when it is made; making a new one is how a person gets it again,
and the old link stops working at once.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import CalendarFeed, User
from audit.services import audit_record

ACTIONS = {
    "calendar_feed_created": "Calendar link made",
    "calendar_feed_replaced": "Calendar link replaced",
    "calendar_feed_revoked": "Calendar link stopped",
}


@transaction.atomic
def calendar_feed_create(*, person: User) -> str:
    """Make the person a new calendar link, replacing any they had; the new token."""
    person = User.objects.select_for_update().get(pk=person.pk)
    token = CalendarFeed.new_token()
    feed = CalendarFeed.objects.filter(user=person).first()
    action = "calendar_feed_replaced" if feed else "calendar_feed_created"
    feed = feed or CalendarFeed(user=person)
    feed.token_hash = CalendarFeed.hash_token(token)
    feed.created_at = timezone.now()
    feed.last_used_at = None
    feed.save()
    audit_record(actor=person, action=action, obj=person, changed_fields=["calendar_feed"])
    return token


@transaction.atomic
def calendar_feed_revoke(*, person: User) -> bool:
    """Stop the person's calendar link; False when they had none."""
    deleted, _ = CalendarFeed.objects.filter(user=person).delete()
    if not deleted:
        return False
    audit_record(
        actor=person, action="calendar_feed_revoked", obj=person, changed_fields=["calendar_feed"]
    )
    return True
