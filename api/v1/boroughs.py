"""Boroughs: every signed-in user may read them, as the borough pages."""

from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from boroughs.models import Borough


class BoroughSerializer(serializers.ModelSerializer):
    neighbours = serializers.SlugRelatedField(slug_field="gss_code", many=True, read_only=True)

    class Meta:
        model = Borough
        fields = [
            "gss_code",
            "name",
            "official_name",
            "region",
            "kind",
            "latitude",
            "longitude",
            "neighbours",
        ]


class BoroughViewSet(viewsets.ReadOnlyModelViewSet):
    """The authorities in the service, by ONS code."""

    serializer_class = BoroughSerializer
    lookup_field = "gss_code"
    lookup_value_regex = "[A-Z][0-9]{8}"
    queryset = Borough.objects.order_by("name").prefetch_related("neighbours")


router = SimpleRouter()
router.register("boroughs", BoroughViewSet, basename="api-borough")
urlpatterns = router.urls
