"""A real Celery worker takes a task from Redis and its writes reach PostgreSQL."""

import datetime
import re
import time
from collections.abc import Callable

import pytest
from celery.result import EagerResult
from django.conf import settings
from django.utils import timezone

from accounts.models import User, WorkerProfile
from boroughs.models import Borough, BoroughKind
from people.tasks import lapse_expired_registrations

pytestmark = pytest.mark.worker


def wait_until(condition: Callable[[], object], *, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def verified_profile(
    borough: Borough, *, email: str, number: str, expires_on: datetime.date
) -> WorkerProfile:
    user = User.objects.create_user(email=email, full_name=email.split("@")[0], borough=borough)
    return WorkerProfile.objects.create(
        user=user,
        registration_number=number,
        registration_expires_on=expires_on,
        registration_verified=True,
        registration_verified_at=timezone.now(),
    )


def test_worker_lapses_expired_registration_queued_through_redis(
    transactional_db, celery_worker_process
):
    camden, _ = Borough.objects.get_or_create(
        gss_code="E09000007",
        defaults={"name": "Camden", "region": "London", "kind": BoroughKind.LONDON_BOROUGH},
    )
    today = timezone.localdate()
    expired = verified_profile(
        camden,
        email="expired@camden.gov.uk",
        number="SW100001",
        expires_on=today - datetime.timedelta(days=10),
    )
    in_date = verified_profile(
        camden,
        email="in-date@camden.gov.uk",
        number="SW100002",
        expires_on=today + datetime.timedelta(days=200),
    )
    assert settings.CELERY_TASK_ALWAYS_EAGER is False, (
        "REDIS_URL is set, so tasks must not run eagerly"
    )

    result = lapse_expired_registrations.delay()

    assert not isinstance(result, EagerResult)
    assert wait_until(lambda: not WorkerProfile.objects.get(pk=expired.pk).registration_verified), (
        "the expired registration was still verified after 30 s"
    )
    # The worker's own log says that it ran this task and lapsed exactly one registration.
    finished = re.compile(rf"\[{result.id}\] succeeded in [0-9.]+s: 1$", re.MULTILINE)
    assert wait_until(lambda: finished.search(celery_worker_process.log()), timeout=5), (
        f"the worker's log does not show task {result.id} lapsing one registration"
    )
    expired.refresh_from_db()
    in_date.refresh_from_db()
    assert expired.registration_verified_at is None
    assert in_date.registration_verified is True
