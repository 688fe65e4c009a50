"""/api/: the schema, its browsable docs and version 1."""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from api.v1 import (
    applications,
    boroughs,
    learning,
    me,
    money,
    placements,
    pressure,
    requests,
)

v1 = [
    *boroughs.urlpatterns,
    *requests.urlpatterns,
    *applications.urlpatterns,
    *placements.urlpatterns,
    *money.urlpatterns,
    *learning.urlpatterns,
    *pressure.urlpatterns,
    *me.urlpatterns,
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include(v1)),
]


def _authenticated_by_the_api(patterns: list) -> None:
    """LoginRequiredMiddleware sends the signed-out to the sign-in page; the API
    authenticates each request itself (a token or the session) and answers 401."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _authenticated_by_the_api(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback.login_required = False


_authenticated_by_the_api(urlpatterns)
