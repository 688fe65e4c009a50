"""Who may see and change help requests (see the access table in DESIGN.md)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from secondments.models import Application, HelpRequest, Placement


def get_request_for_user(user: User, pk: int, *, write: bool = False) -> HelpRequest:
    """A draft is known only to its host borough's managers and coordinators (404
    for anyone else); other requests are visible to every signed-in user, and
    only the host's managers change them (403)."""
    help_request = (
        HelpRequest.objects.visible_to(user)
        .select_related("borough", "team", "created_by")
        .filter(pk=pk)
        .first()
    )
    if help_request is None:
        raise Http404("No such help request")
    if write and not help_request.can_be_changed_by(user):
        raise PermissionDenied("Only the host borough's managers can change this request")
    return help_request


def get_application_for_user(user: User, pk: int) -> Application:
    """The worker, the host's and the home borough's managers and coordinators see an
    application; anyone else is told it does not exist. What each may do with it
    is checked by the service for that action (403)."""
    application = (
        Application.objects.select_related(
            "help_request__borough", "worker__borough", "worker__worker_profile"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not application.can_be_seen_by(user):
        raise Http404("No such application")
    return application


def get_placement_for_user(user: User, pk: int) -> Placement:
    placement = (
        Placement.objects.visible_to(user)
        .select_related("worker", "host", "home", "help_request", "application")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404("No such placement")
    return placement
