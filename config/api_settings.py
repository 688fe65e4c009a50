"""Settings for the REST API (/api/v1/, the api app), read by config/settings.py."""

from environ import Env


def rest_framework(env: Env) -> dict:
    return {
        # Tokens first; the browsable API uses the session.
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "api.authentication.BearerTokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        # JSON bodies only: what HR systems send, and one body shape to document.
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
        "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
        "DEFAULT_THROTTLE_RATES": {"token": env.str("API_THROTTLE_RATE", default="600/minute")},
        "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
        # Every operation documents its error answers (400/401/403/404/409/429).
        "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
        "EXCEPTION_HANDLER": "api.errors.exception_handler",
        "DEFAULT_VERSIONING_CLASS": None,
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
    }


SPECTACULAR_SETTINGS = {
    "TITLE": "Secondment Exchange API",
    "DESCRIPTION": (
        "Help requests, applications, placements, timesheets, recharge statements, "
        "agreements, learning events and pressure figures, scoped as the web pages are. "
        "Authenticate with a personal token from your account page: "
        "`Authorization: Bearer sx_...`. "
        "Make, see and revoke your tokens on your account page, at /account/api-tokens/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Each operation's 404 (a record not there, a page past the end) is in the schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.v1._shared_rest.document_not_found",
    ],
    # Each set of choices is named after what it is.
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "boroughs.models.AgreementStatus",
        "BoroughKindEnum": "boroughs.models.BoroughKind",
        "StatementStatusEnum": "money.models.StatementStatus",
        "EventKindEnum": "learning.models.EventKind",
        "EventStatusEnum": "learning.models.EventStatus",
        "BookingStatusEnum": "learning.models.BookingStatus",
        "JobLevelEnum": "accounts.models.JobLevel",
    },
}
# The longest a personal API token may last.
API_TOKEN_MAX_DAYS = 365
