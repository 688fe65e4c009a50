"""Matches: workers who pass every hard filter for a help request, with a score."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q


class Match(models.Model):
    """A worker who passes every hard filter for a request, with an explainable score."""

    help_request = models.ForeignKey(
        "secondments.HelpRequest", on_delete=models.CASCADE, related_name="matches"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["help_request", "worker"], name="one_match_per_worker"),
            models.CheckConstraint(condition=Q(score__lte=100), name="match_score_at_most_100"),
        ]
        indexes = [models.Index(fields=["help_request", "-score"])]

    def __str__(self) -> str:
        return f"{self.worker} for {self.help_request}: {self.score}"
