"""Messages: the thread on an application between the worker, the host and home
boroughs' managers and coordinators. Plain text, never changed once sent."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from secondments.models.applications import Application

# Long enough for a careful handover note; anything longer is a document,
# which belongs in the council's own case system, not here.
MESSAGE_MAX = 5000


class Message(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    # PROTECT, as the audit log does: what someone wrote stays theirs.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["application", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length("body"), 0)
                & LessThanOrEqual(Length("body"), MESSAGE_MAX),
                name="message_body_between_1_and_5000_characters",
            )
        ]

    def __str__(self) -> str:
        return f"Message from {self.author} on application {self.application_id}"
