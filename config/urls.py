"""Every app's pages under one root. This module wires the apps together and
so may import any of them; no app imports it."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("home.urls")),
    path("health/", include("config.health")),
    path("accounts/", include("allauth.urls")),
    path("", include("people.urls")),
    path("", include("notifications.urls")),
    path("", include("boroughs.urls")),
    path("", include("secondments.urls")),
    path("", include("matching.urls")),
    path("", include("audit.urls")),
    path("admin/", admin.site.urls),
]
