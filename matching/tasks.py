"""Matching in the background: after a request or a worker's profile changes,
and every night for every open request (DESIGN.md, "Matching")."""

from celery import shared_task

from accounts.models import User
from matching import services
from secondments.models import HelpRequest, RequestStatus


@shared_task(name="matching.tasks.match_request")
def match_request(help_request_pk: int) -> int:
    help_request = HelpRequest.objects.filter(pk=help_request_pk, status=RequestStatus.OPEN).first()
    if help_request is None:
        return 0  # deleted, or no longer open: nobody should hear about it now
    return services.match_request(help_request=help_request).notified


@shared_task(name="matching.tasks.match_worker")
def match_worker(worker_pk: int) -> int:
    worker = User.objects.workers().filter(pk=worker_pk, is_active=True).first()
    if worker is None:
        return 0
    return services.match_worker(worker=worker).new


# The sweep matches every open request in one run; it may take minutes.
@shared_task(name="matching.tasks.match_sweep", soft_time_limit=3300, time_limit=3600)
def match_sweep() -> int:
    return len(services.match_sweep())
