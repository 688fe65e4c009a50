from django.contrib import admin
from django.urls import include, path

from accounts import sign_in
from accounts import views as account_views

urlpatterns = [
    path("", account_views.start, name="start"),
    path("dashboard/", account_views.dashboard, name="dashboard"),
    path("accessibility/", account_views.accessibility, name="accessibility"),
    path("privacy/", account_views.privacy, name="privacy"),
    path("health/", include("config.health")),
    # Before allauth's own: setting up an authenticator counts as using it.
    path("accounts/2fa/totp/activate/", sign_in.activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("boroughs.urls")),
    path("", include("secondments.urls")),
    # Before the admin's own: the admin signs in through allauth, with MFA.
    path("admin/login/", sign_in.admin_login),
    path("admin/", admin.site.urls),
]
