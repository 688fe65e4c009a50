"""Settings for Secondment Exchange, read from the environment.

Every variable is listed in README.md. Defaults are safe for production;
the demo (``make run``) and the tests opt into their conveniences explicitly.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is read only when present; production passes real variables.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The demo lets its seeded managers and coordinators in without setting up
# MFA. Only `make run` turns this on, and every page then says so.
DEMO_MODE = env.bool("SECONDMENTS_DEMO_MODE", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    # The project's apps, in the order imports run (DESIGN.md): each imports
    # only those above it here. `make lint` checks it (import-linter).
    "boroughs",
    "accounts",
    "audit",
    "notifications",
    "secondments",
    "people",
    "money",
    "learning",
    "pressure",
    "matching",
    "home",
    "api",
]

MIDDLEWARE = [
    # First, so its duration and status are the whole response's: one JSON
    # line per request (method, route name, status, duration, user id).
    "config.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before any view or allauth reads the request; after the middlewares
    # that the 400 page needs (user, messages, CSP nonce).
    "accounts.middleware.RefuseNulCharactersMiddleware",
    # A bare 405 becomes the service's own page (it needs the same as the 400 page).
    "config.http.NotAllowedPageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.csp",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "accounts.context_processors.service",
]
TEMPLATES = [
    # Our pages: Jinja2 with GOV.UK Frontend's component macros
    # (govuk-frontend-jinja); see config/jinja2.py.
    {
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
    # Only the Django admin (and allauth's stock pages for features this
    # service turns off) render with Django templates, from their apps.
    {
        "NAME": "django",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
]
# Every form renders with GOV.UK Frontend's macros (config/forms.py).
FORM_RENDERER = "config.forms.GovUKFormRenderer"

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # On solid-state disks a random read costs little more than a sequential one; the
    # default (4) makes the planner read every worker (tests/test_query_plans.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "start"

# django-allauth: email is the login, verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "login": "accounts.forms.LoginForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Secondment Exchange] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("SECONDMENTS_HTTP_PROTOCOL", default="https")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_TOTP_ISSUER = "Secondment Exchange"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # govuk-frontend from npm: served as /static/govuk/...; never committed.
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Serve straight from the finders when collectstatic has not run (demo, tests).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Email. Django 6.1 configures mailers through MAILERS only.
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Secondment Exchange <noreply@secondments.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# EMAIL_URL: config/email_settings.py.
from config.email_settings import mailers  # noqa: E402

MAILERS = mailers(env, debug=DEBUG)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_ENGINE = "config.sessions"

# Security: safe by default; the demo and tests run over plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
# Only with HSTS on: every subdomain must be HTTPS too, and preload asks the
# browsers' built-in list to know the site before the first visit.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
# Behind a TLS-terminating proxy, which must set (and overwrite any client's)
# X-Forwarded-Proto; requests it marks https count as secure.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # No <base> element may send relative links elsewhere.
    "base-uri": [CSP.NONE],
    # Browsers post what the policy blocked here; config/csp_report.py logs it.
    "report-uri": ["/csp-report/"],
}

# Celery. With no broker configured (the demo) tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must never hang on a broker that is down. Publishing
# (.delay() after a commit) tries twice, at once (the second for a pooled
# connection gone stale when Redis restarted), then gives up; the periodic
# sweepers queue what was not. With Redis stopped a publish fails in ~60 ms.
# The max_retries/interval_* transport options bound kombu's own connection
# retries, which otherwise run for broker_connection_timeout: without them a
# publish with retry=False (or CELERY_TASK_PUBLISH_RETRY = False) waits ~6 s.
# The worker's consumer reconnects under broker_connection_max_retries, not these.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# The beat schedule: config/beat_schedule.py.
from config.beat_schedule import CELERY_BEAT_SCHEDULE  # noqa: E402, F401

# Queues (delivery, matching, default) and routes by task name: config/celery_queues.py.
from config.celery_queues import *  # noqa: E402, F403

CELERY_TIMEZONE = TIME_ZONE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # The request and CSP loggers write ready-made JSON lines.
        "json_lines": {"class": "logging.StreamHandler", "formatter": "message"},
    },
    "loggers": {
        "secondments.requests": {"handlers": ["json_lines"], "propagate": False},
        "secondments.csp": {"handlers": ["json_lines"], "propagate": False},
        # Django's own one-line-per-request log would repeat ours, with the query string.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# The REST API (/api/v1/, api/): config/api_settings.py.
from config.api_settings import API_TOKEN_MAX_DAYS, SPECTACULAR_SETTINGS, rest_framework  # noqa: E402, F401

REST_FRAMEWORK = rest_framework(env)

# Links in emails and texts point here.
SITE_URL = env.str("SECONDMENTS_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Matching: how many of the best-ranked candidates hear about a request.
MATCHING_NOTIFY_TOP_N = {"routine": 5, "urgent": 10, "crisis": 20}

# Reminders and escalation, in working days (England and Wales bank holidays skipped).
RELEASE_REMINDER_WORKING_DAYS = 2
RELEASE_ESCALATION_WORKING_DAYS = 5
APPROVAL_REMINDER_WORKING_DAYS = 2
TIMESHEET_SIGN_OFF_REMINDER_WORKING_DAYS = 2
REGISTRATION_EXPIRY_WARNING_DAYS = 60

# Crisis calls, in working days: widen to the next circle of boroughs while
# agreed offers are fewer than the people needed; remind an asked borough that
# has not answered; then tell the coordinators.
CRISIS_WIDEN_AFTER_WORKING_DAYS = env.int("CRISIS_WIDEN_AFTER_WORKING_DAYS", default=2)
CRISIS_REMIND_AFTER_WORKING_DAYS = env.int("CRISIS_REMIND_AFTER_WORKING_DAYS", default=2)
CRISIS_ESCALATE_AFTER_WORKING_DAYS = env.int("CRISIS_ESCALATE_AFTER_WORKING_DAYS", default=4)
for _name in (
    "CRISIS_WIDEN_AFTER_WORKING_DAYS",
    "CRISIS_REMIND_AFTER_WORKING_DAYS",
    "CRISIS_ESCALATE_AFTER_WORKING_DAYS",
):
    if not 1 <= globals()[_name] <= 30:
        raise ImproperlyConfigured(f"{_name} must be a whole number of working days from 1 to 30")
if CRISIS_ESCALATE_AFTER_WORKING_DAYS <= CRISIS_REMIND_AFTER_WORKING_DAYS:
    raise ImproperlyConfigured(
        "CRISIS_ESCALATE_AFTER_WORKING_DAYS must be more than CRISIS_REMIND_AFTER_WORKING_DAYS"
    )

# GOV.UK Notify (optional): email and SMS through Notify when a key is set;
# otherwise email goes through Django's mailer and SMS is not sent.
GOVUK_NOTIFY_API_KEY = env.str("GOVUK_NOTIFY_API_KEY", default="")
GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = env.str("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", default="")
GOVUK_NOTIFY_SMS_TEMPLATE_ID = env.str("GOVUK_NOTIFY_SMS_TEMPLATE_ID", default="")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
if GOVUK_NOTIFY_API_KEY:
    import re

    # A Notify key is "<name>-<service id>-<secret>"; a wrong one would only
    # show itself when the first message failed, so refuse to start instead.
    if not re.fullmatch(rf"[A-Za-z0-9_\-]+-{_UUID}-{_UUID}", GOVUK_NOTIFY_API_KEY):
        raise ImproperlyConfigured(
            "GOVUK_NOTIFY_API_KEY is not a GOV.UK Notify API key "
            "(expected <key name>-<service id>-<secret key>)"
        )
    for _name in ("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", "GOVUK_NOTIFY_SMS_TEMPLATE_ID"):
        if not re.fullmatch(_UUID, globals()[_name]):
            raise ImproperlyConfigured(
                f"{_name} must be a Notify template ID when GOVUK_NOTIFY_API_KEY is set"
            )

# --- Single sign-on (issue 12, sso) ------------------------------------------
# Staff sign in with their council's Microsoft Entra ID account, or through one
# OpenID Connect provider, when its variables are set; otherwise the sign-in
# page shows no such button. Who may come in is decided per borough (its email
# domains and the tenants it trusts: accounts/sso.py), not here.
INSTALLED_APPS += [
    "allauth.socialaccount",
    "allauth.socialaccount.providers.microsoft",
    "allauth.socialaccount.providers.openid_connect",
]
SOCIALACCOUNT_ADAPTER = "accounts.sso.SocialAccountAdapter"
# An address at a borough's domain, from a tenant that borough trusts, is taken
# as verified: it signs in to (and links) the account that already uses it.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
# The provider's tokens are used once, to read who signed in, and never kept.
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# Each provider from its SSO_* variables (config/sso_settings.py).
from config.sso_settings import social_account_providers  # noqa: E402

SOCIALACCOUNT_PROVIDERS = social_account_providers(env, debug=DEBUG)
# --- end single sign-on --------------------------------------------------------
# --- Sessions and sign-in (issue 12: sessions) ---------------------------------
# Signed out after SESSION_IDLE_TIMEOUT_MINUTES without a request, and
# SESSION_ABSOLUTE_HOURS after signing in whatever happens (coordinators, who
# see every borough's people, SESSION_ABSOLUTE_HOURS_COORDINATOR). The server
# enforces both (accounts/session_limits.py); pages warn
# SESSION_TIMEOUT_WARNING_SECONDS before either.
from config.sign_in_settings import (  # noqa: E402
    session_limits,
    sign_in_rate_limits,
    trusted_client_address,
)

SESSION_IDLE_TIMEOUT_MINUTES, SESSION_ABSOLUTE_HOURS, SESSION_ABSOLUTE_HOURS_COORDINATOR = (
    session_limits(env)
)
SESSION_TIMEOUT_WARNING_SECONDS = 120
# No session cookie outlives the longest sign-in, "remember me" or not; the
# middleware shortens a coordinator's to their own limit.
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
MIDDLEWARE.append("accounts.session_limits.SessionLimitsMiddleware")
_CONTEXT_PROCESSORS.append("accounts.session_limits.timeout_warning")

# Sign-in throttling (allauth, counted in the Redis cache). Behind a load
# balancer every request comes from its address: name the header it sets to
# the client's address (ALLAUTH_TRUSTED_CLIENT_IP_HEADER, e.g. X-Real-IP), or
# say how many proxies append to X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT).
# Without either, the connection's address counts. A council office shares one
# address, so the per-address limits are generous and the per-account one strict.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER, ALLAUTH_TRUSTED_PROXY_COUNT = trusted_client_address(env)
ACCOUNT_RATE_LIMITS = sign_in_rate_limits(env)
# --- UK GDPR: the retention schedule (config/retention_schedule.py), shown on the
# privacy notice and carried out nightly by the beat entry "retention-purge".
from config.retention_schedule import RETENTION  # noqa: E402, F401

# Where people write about their data (shown on the privacy notice and the
# accessibility statement); empty: they are told to ask their borough's
# data protection officer.
DATA_PROTECTION_CONTACT_EMAIL = env.str("DATA_PROTECTION_CONTACT_EMAIL", default="")
# --- end UK GDPR ---------------------------------------------------------------
