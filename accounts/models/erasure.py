"""Requests to remove personal details (UK GDPR Art 17) and their decisions."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class ErasureStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a coordinator"
    CONFIRMED = "confirmed", "Confirmed: personal details removed"
    REFUSED = "refused", "Refused"


# A person's optional reason, and a coordinator's reason for refusing.
ERASURE_REASON_MAX = 1000


class ErasureRequestQuerySet(models.QuerySet):
    def pending(self) -> "ErasureRequestQuerySet":
        return self.filter(status=ErasureStatus.PENDING)


class ErasureRequest(models.Model):
    """A person's request to have their personal details removed (UK GDPR Art 17).

    A coordinator confirms it (the person is then anonymised) or refuses it
    with a reason. The row stays as the record of how the request was handled.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    reason = models.TextField(blank=True, max_length=ERASURE_REASON_MAX)
    status = models.CharField(
        max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True, max_length=ERASURE_REASON_MAX)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="pending"),
                name="erasure_one_pending_request_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="erasure_decided_request_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Erasure request {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("erasure_request_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == ErasureStatus.PENDING

    @property
    def reply_by(self) -> datetime.date:
        """One calendar month from the request, as UK GDPR Art 12(3) allows
        (the last day of a shorter month when the day is missing)."""
        asked = timezone.localdate(self.requested_at)
        year, month = (asked.year + 1, 1) if asked.month == 12 else (asked.year, asked.month + 1)
        for day in (asked.day, 30, 29, 28):
            try:
                return datetime.date(year, month, day)
            except ValueError:
                continue
        raise AssertionError("unreachable")
