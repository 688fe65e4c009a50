"""Matches: workers who pass every hard filter for a help request, with a score."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Mod

from accounts.models import Role
from secondments.models import Application, Placement, RequestStatus

# Equal scores take turns at the top of different requests: the same fixed
# shuffle as the ranking's (matching/ranking/score.py, `scored`).
TURN_FACTOR, TURN_OFFSET, TURN_MODULUS = 7919, 104729, 1000003


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

    def still_fitting(self, help_request, workers=None) -> "MatchQuerySet":
        """The request's stored matches that still fit, in the order they were
        ranked: the cheap live conditions checked again at read time, so a
        worker who was booked, applied, opted out, lost their verification or
        was deactivated since the last ranking drops off at once. The rest
        (score, reasons) are as stored until the next recompute.

        `workers`: user ids, or a query of them, to look at those people only.
        """
        matches = self.filter(help_request_id=help_request.pk).filter(
            still_fits(help_request, "worker_id", "worker__")
        )
        if workers is not None:
            matches = matches.filter(worker_id__in=workers)
        turn = Mod(
            F("worker_id") * Value(TURN_FACTOR) + Value(help_request.pk * TURN_OFFSET),
            Value(TURN_MODULUS),
        )
        return matches.order_by("-score", turn, "worker_id")


def still_fits(help_request, worker_id: str, worker: str) -> Q:
    """The live conditions a worker ranked for the request must still meet:
    an active social worker, opted in, registration verified and in date
    until the request ends, not booked on its dates, not applied or invited.
    `worker_id` and `worker` are the paths to the worker's id and row
    ("worker_id", "worker__" from a Match; "pk", "" from a User)."""
    booked = Placement.objects.booked().filter(
        worker_id=OuterRef(worker_id),
        starts_on__lte=help_request.ends_on,
        ends_on__gte=help_request.starts_on,
    )
    applied = Application.objects.filter(
        help_request_id=help_request.pk, worker_id=OuterRef(worker_id)
    )
    return Q(
        ~Exists(booked),
        ~Exists(applied),
        **{
            f"{worker}role": Role.WORKER,
            f"{worker}is_active": True,
            f"{worker}worker_profile__open_to_matching": True,
            f"{worker}worker_profile__registration_verified": True,
            f"{worker}worker_profile__registration_expires_on__gte": help_request.ends_on,
        },
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
    # [[part, points], ...]: how the score adds up, as the candidates page shows it.
    points = models.JSONField(default=list)
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


class Ranking(models.Model):
    """When a request's candidates were last ranked and stored as Match rows:
    the candidates page says so, and knows a request with no Match rows yet
    from one that was ranked and has no candidates."""

    help_request = models.OneToOneField(
        "secondments.HelpRequest", on_delete=models.CASCADE, related_name="ranking"
    )
    ranked_at = models.DateTimeField()
    candidates = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.help_request} ranked at {self.ranked_at:%Y-%m-%d %H:%M}"
