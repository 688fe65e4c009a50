"""Which point stands for an authority in distances (boroughs/data/README.md)."""

from django.db import models


class CentroidSource(models.TextChoices):
    GLA_AREA_CENTROID = "gla_area_centroid", "Area centroid of the GLA borough boundary"
    ONS_AREA_CENTROID = (
        "ons_area_centroid",
        "Area centroid of the ONS boundary, clipped to the coast",
    )
    # For the four authorities whose area centroid falls outside them.
    ONS_LABEL_POINT = "ons_label_point", "ONS label point, inside the authority"
