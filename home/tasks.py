"""The Monday digest (celery beat): what each person should know this week."""

from celery import shared_task
from django.utils import timezone

from home import digests
from home.privacy import retention as privacy_retention


@shared_task(name="home.tasks.weekly_digest")
def weekly_digest() -> int:
    return digests.weekly_digests_send(today=timezone.localdate())


# UK GDPR (issue 12): nightly, the retention schedule (home/privacy/retention.py).
@shared_task(name="home.tasks.retention_purge")
def retention_purge() -> dict[str, int]:
    return privacy_retention.retention_purge()
