"""The Monday digest (celery beat): what each person should know this week."""

from celery import shared_task
from django.utils import timezone

from home import digests


@shared_task(name="home.tasks.weekly_digest")
def weekly_digest() -> int:
    return digests.weekly_digests_send(today=timezone.localdate())
