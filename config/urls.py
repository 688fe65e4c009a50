"""Every app's pages under one root. This module wires the apps together and
so may import any of them; no app imports it."""

from django.contrib import admin
from django.urls import include, path

from accounts import session_limits, sign_in, sso
from config.csp_report import csp_report

handler500 = "config.http.server_error"

urlpatterns = [
    path("", include("home.urls")),
    path("health/", include("config.health")),
    path("csp-report/", csp_report, name="csp_report"),
    path("api/", include("api.urls")),
    # Before allauth's own: setting up an authenticator counts as using it.
    path("accounts/2fa/totp/activate/", sign_in.activate_totp, name="mfa_activate_totp"),
    # Single sign-on: allauth's Microsoft callback address, also reading the ID token.
    path("accounts/microsoft/login/callback/", sso.microsoft_callback, name="microsoft_callback"),
    path("accounts/", include("allauth.urls")),
    path("", include("people.urls")),
    path("", include("notifications.urls")),
    path("", include("boroughs.urls")),
    path("", include("secondments.urls")),
    path("", include("money.urls")),
    path("", include("learning.urls")),
    path("", include("pressure.urls")),
    path("", include("matching.urls")),
    path("", include("audit.urls")),
    # Before the admin's own: the admin signs in through allauth, with MFA.
    path("admin/login/", sign_in.admin_login),
    path("admin/", admin.site.urls),
    # REST API, marketplace (api-market): the API tokens pages among the account pages.
    path("", include("api.account_urls")),
]

# Sessions and sign-in (issue 12: sessions): the timeout warning dialog's endpoints.
urlpatterns += [
    path("session/status/", session_limits.session_status, name="session_status"),
    path("session/keep-alive/", session_limits.session_keep_alive, name="session_keep_alive"),
]
