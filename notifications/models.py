"""Notifications: outbox rows written with the change they report, and each
person's choice of how to hear about each kind of event."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"
    IN_APP_ONLY = "in_app_only", "Shown in the service only"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def for_recipient(self, user) -> "NotificationQuerySet":
        return self.filter(recipient_id=user.pk)

    def mark_read(self) -> int:
        """Mark the unread ones read now; already-read rows keep the time they were read."""
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """An outbox row: written with the change it reports, delivered later."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True)
    # An iCalendar invitation (text) the email carries as a text/calendar
    # attachment; empty for nearly every notification.
    attachment_ics = models.TextField(blank=True, default="")
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Delivery by email/SMS (the in-app centre needs none of this).
    delivery_status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    delivery_claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivery_channels = models.JSONField(default=list, blank=True)
    delivery_error = models.TextField(blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery_status", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """How one person wants to hear about one kind of event.

    Only choices that differ from the defaults are stored; the defaults live
    with the event types in notifications/events.py.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(max_length=40)
    email = models.BooleanField(default=True)
    sms = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_preference_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.event}"
