"""Coordinators' regions (issue 13): a coordinator covers all of England or the
regions listed for them, and everything they may see or do follows from it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from boroughs.models import Region


class CoordinatorScope:
    """What a coordinator covers; mixed into User."""

    @cached_property
    def coordinated_regions(self) -> frozenset[str] | None:
        """The regions this coordinator covers; None means all of England.
        Anyone who is not a coordinator covers none."""
        if not self.is_coordinator:
            return frozenset()
        if self.coordinates_nationally:
            return None
        if self.pk is None:
            return frozenset()
        return frozenset(self.coordinator_regions.values_list("region", flat=True))

    def coordinates(self, *boroughs) -> bool:
        """Whether this is a coordinator whose scope takes in any of these
        authorities (a placement's host or home, say). None counts as no authority."""
        if not self.is_coordinator:
            return False
        regions = self.coordinated_regions
        if regions is None:
            return True
        return any(borough is not None and borough.region in regions for borough in boroughs)

    def coordinator_scope(self, *paths: str) -> Q:
        """A filter for the rows whose authority, at any of these paths from the
        row ("host", "borough", "worker__borough"; "" for a Borough itself),
        this coordinator covers. Everything for a national coordinator, nothing
        for anyone who is not a coordinator or has no regions."""
        regions = self.coordinated_regions
        if regions is None:
            return Q()
        scope = Q(pk__in=[])
        for path in paths or ("",):
            lookup = f"{path}__region__in" if path else "region__in"
            scope |= Q(**{lookup: sorted(regions)})
        return scope


class CoordinatorRegion(models.Model):
    """One region a regional coordinator covers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_regions"
    )
    region = models.CharField(max_length=60, choices=Region.choices)

    class Meta:
        ordering = ["region"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"], name="one_row_per_coordinator_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} coordinates {self.region}"
