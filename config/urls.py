from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views

urlpatterns = [
    path("", account_views.start, name="start"),
    path("dashboard/", account_views.dashboard, name="dashboard"),
    path("accessibility/", account_views.accessibility, name="accessibility"),
    path("privacy/", account_views.privacy, name="privacy"),
    path("health/", include("config.health")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("boroughs.urls")),
    path("", include("secondments.urls")),
    path("admin/", admin.site.urls),
]
