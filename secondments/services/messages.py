"""Messages on an application's thread: written once, never changed, and each
one tells everyone else in the thread."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from audit.services import audit_record
from notifications.services import managers_of, notify
from secondments.models import MESSAGE_MAX, Application, Message


def message_body_problem(body: str) -> str:
    """Why this message cannot be sent, or "" if it can (one rule for form and service)."""
    if not body:
        return "Enter a message"
    if len(body) > MESSAGE_MAX:
        return f"Message must be {MESSAGE_MAX:,} characters or fewer"
    return ""


def tidy_message_body(body: str) -> str:
    # Browsers send a textarea's line breaks as CRLF, while the character
    # count in the page counts each as one: count them as the person sees them.
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def thread_recipients(application: Application, *, author: User) -> list[User]:
    """Everyone in the thread but its author: the worker and both boroughs'
    managers always; coordinators once one of them has written in it, so a
    routine exchange does not reach every coordinator in the partnership."""
    people = [
        application.worker,
        *managers_of(application.help_request.borough_id),
        *managers_of(application.worker.borough_id),
    ]
    coordinators_in_thread = User.objects.coordinators().filter(
        is_active=True, pk__in=application.messages.values("author_id")
    )
    people += list(coordinators_in_thread)
    return [person for person in people if person.pk != author.pk and person.is_active]


@transaction.atomic
def application_message_post(*, application: Application, by: User, body: str) -> Message:
    """Add a message to the application's thread and tell the others in it."""
    if not application.can_be_seen_by(by):
        raise PermissionDenied("Only the people in this application's thread can write in it")
    body = tidy_message_body(body)
    problem = message_body_problem(body)
    if problem:
        raise ValidationError({"body": problem})
    message = Message.objects.create(application=application, author=by, body=body)
    # The log says who wrote and where; the words stay in the thread only.
    audit_record(actor=by, action="application_message_posted", obj=application)
    recipients = thread_recipients(application, author=by)
    # Addressed to the reader: the worker reads about "your application".
    _tell([p for p in recipients if p.pk == application.worker_id], message, "your application")
    _tell(
        [p for p in recipients if p.pk != application.worker_id],
        message,
        f"{application.worker}'s application",
    )
    return message


def _tell(people: list[User], message: Message, whose: str) -> None:
    author, application = message.author, message.application
    where = author.borough if author.borough_id else "coordinator"
    notify(
        recipients=people,
        event="application_message",
        title=f"Message from {author} ({where}) about {whose}: {application.help_request.title}",
        # Not the words themselves: they may name children and families, and
        # email leaves the service. People read them on the application page.
        body="Read it and reply on the application page.",
        link=f"{application.get_absolute_url()}#messages",
        key=message.pk,
    )
