"""Matches: workers who pass every hard filter for a help request, with a score."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from secondments.models import Application, Placement, RequestStatus


class MatchQuerySet(models.QuerySet):
    def open_to(self, worker) -> "MatchQuerySet":
        """The worker's matches that still fit: open requests they have not applied
        to and have no booked placement during, best first.

        Matches are recomputed when anything changes and every night; these
        checks keep a request off the list the moment it stops fitting.
        """
        booked = Placement.objects.booked().filter(
            worker=worker,
            starts_on__lte=OuterRef("help_request__ends_on"),
            ends_on__gte=OuterRef("help_request__starts_on"),
        )
        applied = Application.objects.filter(worker=worker, help_request=OuterRef("help_request"))
        return (
            self.filter(worker=worker, help_request__status=RequestStatus.OPEN)
            .filter(~Exists(booked), ~Exists(applied))
            .order_by("-score", "help_request__starts_on", "pk")
        )


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

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["help_request", "worker"], name="one_match_per_worker"),
            models.CheckConstraint(condition=Q(score__lte=100), name="match_score_at_most_100"),
        ]
        indexes = [models.Index(fields=["help_request", "-score"])]

    def __str__(self) -> str:
        return f"{self.worker} for {self.help_request}: {self.score}"
