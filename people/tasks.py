"""Registrations past their expiry date lapse every night (celery beat)."""

from celery import shared_task
from django.utils import timezone

from people import services


@shared_task(name="people.tasks.lapse_expired_registrations", acks_late=True)
def lapse_expired_registrations() -> int:
    return services.registration_lapse_expired(today=timezone.localdate())
