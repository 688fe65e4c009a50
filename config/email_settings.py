"""Django 6.1's MAILERS from EMAIL_URL (read by config/settings.py)."""

from django.core.exceptions import ImproperlyConfigured
from environ import Env


def mailers(env: Env, *, debug: bool) -> dict:
    url = env.str("EMAIL_URL", default="console://" if debug else "")
    if url.startswith("console:"):
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    if url.startswith("locmem:"):
        return {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    if not url:
        raise ImproperlyConfigured(
            "EMAIL_URL must be set when DJANGO_DEBUG is off, e.g. smtp://mail.example:25."
        )
    email = env.email_url_config(url)
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email["EMAIL_HOST"],
                "port": email["EMAIL_PORT"],
                "username": email.get("EMAIL_HOST_USER") or None,
                "password": email.get("EMAIL_HOST_PASSWORD") or None,
                "use_tls": bool(email.get("EMAIL_USE_TLS")),
                "use_ssl": bool(email.get("EMAIL_USE_SSL")),
            },
        }
    }
