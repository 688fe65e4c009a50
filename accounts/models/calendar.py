"""A person's secret calendar link."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class CalendarFeedQuerySet(models.QuerySet):
    def for_token(self, token: str) -> "CalendarFeedQuerySet":
        return self.filter(token_hash=CalendarFeed.hash_token(token))


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only a hash of its token is kept, so
    a leaked database cannot be used to read anyone's calendar, and the link
    is shown once: making a new one replaces (and so stops) the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed for {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
