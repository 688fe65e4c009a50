from celery import shared_task
from django.utils import timezone

from accounts import services


@shared_task(acks_late=True)
def lapse_expired_registrations() -> int:
    return services.registration_lapse_expired(today=timezone.localdate())
