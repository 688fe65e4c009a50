"""A wrong GOV.UK Notify key stops the service at start-up, in production settings."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The shape of a real key: <key name>-<service id>-<secret>, both UUIDs.
SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
VALID_KEY = f"secondment_exchange_live-{SERVICE_ID}-{SECRET}"


def _start_django(**overrides: str) -> subprocess.CompletedProcess:
    """`django.setup()` in a fresh process with the production settings module."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GOVUK_NOTIFY_", "SECONDMENTS_", "EMAIL_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-like-secret-key-for-this-test-only",
        "DJANGO_ALLOWED_HOSTS": "secondments.example",
        "EMAIL_URL": "smtp://mail.example:25",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "PYTHONPATH": str(ROOT),
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "key",
    [
        "not-a-key",
        # A live key's shape, with the secret cut short.
        f"secondment_exchange_live-{SERVICE_ID}-{SECRET[:-1]}",
        # The service ID alone, no secret.
        f"secondment_exchange_live-{SERVICE_ID}",
    ],
    ids=["not-a-key", "secret-cut-short", "no-secret"],
)
def test_an_invalid_notify_key_stops_django_starting(key):
    started = _start_django(
        GOVUK_NOTIFY_API_KEY=key,
        GOVUK_NOTIFY_EMAIL_TEMPLATE_ID=str(uuid.uuid4()),
        GOVUK_NOTIFY_SMS_TEMPLATE_ID=str(uuid.uuid4()),
    )

    assert started.returncode != 0
    assert "started" not in started.stdout
    assert "ImproperlyConfigured" in started.stderr
    assert "GOVUK_NOTIFY_API_KEY is not a GOV.UK Notify API key" in started.stderr
    assert key not in started.stderr, "the error must not print the key"


def test_a_notify_key_without_template_ids_stops_django_starting():
    started = _start_django(GOVUK_NOTIFY_API_KEY=VALID_KEY)

    assert started.returncode != 0
    assert "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID must be a Notify template ID" in started.stderr


def test_a_valid_notify_key_and_template_ids_start():
    started = _start_django(
        GOVUK_NOTIFY_API_KEY=VALID_KEY,
        GOVUK_NOTIFY_EMAIL_TEMPLATE_ID=str(uuid.uuid4()),
        GOVUK_NOTIFY_SMS_TEMPLATE_ID=str(uuid.uuid4()),
    )

    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "started"


def test_no_notify_key_starts_with_email_through_the_mailer():
    started = _start_django()

    assert started.returncode == 0, started.stderr
