"""Session limits and sign-in throttling from the environment (read by config/settings.py).

Each value is checked here so a wrong one stops the service from starting
with a message naming it.
"""

from django.core.exceptions import ImproperlyConfigured
from environ import Env


def _whole(env: Env, name: str, default: int, low: int, high: int, unit: str = "") -> int:
    value = env.int(name, default=default)
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be a whole number{unit} from {low} to {high}")
    return value


def session_limits(env: Env) -> tuple[int, int, int]:
    """(idle minutes, absolute hours, absolute hours for coordinators)."""
    idle = _whole(env, "SESSION_IDLE_TIMEOUT_MINUTES", 30, 1, 240)
    absolute = _whole(env, "SESSION_ABSOLUTE_HOURS", 12, 1, 24, " of hours")
    coordinator = _whole(env, "SESSION_ABSOLUTE_HOURS_COORDINATOR", 8, 1, 24, " of hours")
    for name, hours in (
        ("SESSION_ABSOLUTE_HOURS", absolute),
        ("SESSION_ABSOLUTE_HOURS_COORDINATOR", coordinator),
    ):
        if hours * 60 <= idle:
            raise ImproperlyConfigured(f"{name} must be longer than SESSION_IDLE_TIMEOUT_MINUTES")
    if coordinator > absolute:
        raise ImproperlyConfigured(
            "SESSION_ABSOLUTE_HOURS_COORDINATOR must not be more than SESSION_ABSOLUTE_HOURS"
        )
    return idle, absolute, coordinator


def trusted_client_address(env: Env) -> tuple[str | None, int]:
    """(ALLAUTH_TRUSTED_CLIENT_IP_HEADER, ALLAUTH_TRUSTED_PROXY_COUNT): one or neither."""
    header = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
    proxies = _whole(env, "ALLAUTH_TRUSTED_PROXY_COUNT", 0, 0, 5)
    if header and proxies:
        raise ImproperlyConfigured(
            "Set ALLAUTH_TRUSTED_CLIENT_IP_HEADER or ALLAUTH_TRUSTED_PROXY_COUNT, not both"
        )
    return header, proxies


def sign_in_rate_limits(env: Env) -> dict[str, str]:
    """allauth's ACCOUNT_RATE_LIMITS: generous per address (a council office
    shares one), strict per account (the email typed, from any address)."""
    per_account = _whole(env, "SIGN_IN_FAILURES_PER_ACCOUNT", 5, 3, 20)
    per_address = _whole(env, "SIGN_IN_FAILURES_PER_ADDRESS", 60, 10, 1000)
    attempts = _whole(env, "SIGN_IN_ATTEMPTS_PER_ADDRESS", 30, 10, 1000)
    return {
        # Every sign-in form sent, per address, a minute.
        "login": f"{attempts}/m/ip",
        # Wrong passwords: per address and per account, over 5 minutes.
        "login_failed": f"{per_address}/5m/ip,{per_account}/5m/key",
    }
