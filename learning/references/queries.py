"""What the host borough may know of its placement ratings: averages, from 3 up."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from learning.models import PlacementRating

# Below this many ratings the host sees nothing, so that each can be honest.
MIN_RATINGS_SHOWN = 3


@dataclass(frozen=True)
class RatingSummary:
    count: int
    averages: list[tuple[str, float]]
    recommend_percent: int


def borough_rating_summary(borough) -> RatingSummary | None:
    """Averages per question and the share who would recommend, in one query;
    None while fewer than MIN_RATINGS_SHOWN ratings exist."""
    fields = PlacementRating.SCORES
    row = PlacementRating.objects.filter(placement__host=borough).aggregate(
        count=Count("pk"),
        recommend=Count("pk", filter=Q(would_recommend=True)),
        **{name: Avg(name) for name in fields},
    )
    if row["count"] < MIN_RATINGS_SHOWN:
        return None
    labels = {name: PlacementRating._meta.get_field(name).verbose_name for name in fields}
    return RatingSummary(
        count=row["count"],
        averages=[(str(labels[name]), round(float(row[name]), 1)) for name in fields],
        recommend_percent=round(100 * row["recommend"] / row["count"]),
    )
