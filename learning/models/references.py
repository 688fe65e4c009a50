"""References both ways: the host's reference on the worker, the worker's rating of the placement.

One reference per placement (decided for issue 10): the host borough gives one
end-of-assignment reference, in the spirit of the London Pledge, by whichever
of its managers (or a coordinator) gives it first; a second is refused, from
the same author or anyone else. The worker rates the placement once.
Each can be corrected by its author for 14 days after it was given, then locks.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

__all__ = ["COMMENTS_MAX", "CORRECTION_DAYS", "SCORE_CHOICES", "PlacementRating", "Reference"]

# How long the author may correct what they gave; then it is locked.
CORRECTION_DAYS = 14
COMMENTS_MAX = 2000

# "1 (en dash) Poor" and so on, as GOV.UK writes ranges.
DASH = "\N{EN DASH}"
SCORE_CHOICES = [
    (score, f"{score} {DASH} {label}")
    for score, label in enumerate(("Poor", "Fair", "Good", "Very good", "Excellent"), start=1)
]


def _score(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, choices=SCORE_CHOICES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


def _in_range(model: str, fields: tuple[str, ...]) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
            name=f"{model}_{name}_1_to_5",
        )
        for name in fields
    ]


class _Correctable(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def locks_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=CORRECTION_DAYS)

    def is_locked(self, now: datetime.datetime) -> bool:
        return now >= self.locks_at()

    def can_be_corrected_by(self, user, now: datetime.datetime) -> bool:
        return user.pk == self.author_id and not self.is_locked(now)


REFERENCE_SCORES = ("practice", "recording", "teamwork", "reliability")
RATING_SCORES = ("induction", "supervision", "workload", "support")


class Reference(_Correctable):
    """The host borough's end-of-assignment reference on the worker.

    Role and dates are the placement's own, shown from it, never copied.
    """

    placement = models.OneToOneField(
        "secondments.Placement", on_delete=models.PROTECT, related_name="reference"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="references_given"
    )
    practice = _score("Quality of social work practice")
    recording = _score("Case recording")
    teamwork = _score("Working with the team")
    reliability = _score("Reliability")
    would_host_again = models.BooleanField("Would host them again")
    comments = models.TextField(blank=True, max_length=COMMENTS_MAX)

    SCORES = REFERENCE_SCORES

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "author"], name="reference_one_per_placement_author"
            ),
            *_in_range("reference", REFERENCE_SCORES),
        ]

    def __str__(self) -> str:
        return f"Reference for {self.placement.worker} from {self.placement.host}"

    def get_absolute_url(self) -> str:
        return reverse("placement_reference", args=[self.placement_id])


class PlacementRating(_Correctable):
    """The worker's rating of their placement. The host sees only aggregates."""

    placement = models.OneToOneField(
        "secondments.Placement", on_delete=models.PROTECT, related_name="rating"
    )
    induction = _score("Induction")
    supervision = _score("Supervision")
    workload = _score("Workload")
    support = _score("Support from the team")
    would_recommend = models.BooleanField("Would recommend the placement")
    comments = models.TextField(blank=True, max_length=COMMENTS_MAX)

    SCORES = RATING_SCORES

    class Meta:
        constraints = _in_range("placementrating", RATING_SCORES)

    def __str__(self) -> str:
        return f"Rating of {self.placement}"

    def get_absolute_url(self) -> str:
        return reverse("placement_rating", args=[self.placement_id])

    @property
    def author_id(self) -> int:
        return self.placement.worker_id
