"""Models for supervision (see learning/models/__init__.py).

A newly qualified social worker on a placement from a request marked suitable
for them is supervised by the host borough (the supervisor is named on the
request); each session is recorded here, with its date and a short note."""

from django.conf import settings
from django.db import models
from django.urls import reverse

__all__ = ["SUPERVISION_NOTE_MAX", "SupervisionSession", "SupervisionSessionQuerySet"]

SUPERVISION_NOTE_MAX = 1000


class SupervisionSessionQuerySet(models.QuerySet):
    def of(self, placement) -> "SupervisionSessionQuerySet":
        """The placement's sessions, latest first."""
        return self.filter(placement=placement).order_by("-held_on", "-pk")


class SupervisionSession(models.Model):
    placement = models.ForeignKey(
        "secondments.Placement", on_delete=models.PROTECT, related_name="supervision_sessions"
    )
    held_on = models.DateField("date of the session")
    note = models.TextField(max_length=SUPERVISION_NOTE_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["placement", "held_on"])]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("placement_supervision", args=[self.placement_id])
