"""Email through Django's mailer, with one Message-ID per notification row."""

import hashlib
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from notifications.delivery.content import email_context, one_line
from notifications.delivery.errors import Undeliverable
from notifications.models import Notification

SMTP_TIMEOUT_SECONDS = 20
ICS_MIMETYPE = "text/calendar"


def message_id(notification: Notification) -> str:
    """The email's Message-ID: one per row, the same on every try, so a repeat shows."""
    host = urlsplit(settings.SITE_URL).hostname or "secondments.invalid"
    # The key's digest keeps rows of another database (a rebuilt staging one,
    # say) with the same primary key from sharing an ID.
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:12]
    return f"<notification-{notification.pk}.{digest}@{host}>"


class ListUnsubscribe(str):
    """The List-Unsubscribe value, written on one line as it is (to the email
    package a str with a name and fold() is a header object). Python folds a
    long URL by RFC 2047-encoding it, and Gmail and Outlook then ignore it."""

    name = "List-Unsubscribe"

    def fold(self, *, policy) -> str:
        if "\r" in self or "\n" in self:  # as the email package checks other headers
            raise ValueError("A line break in List-Unsubscribe")
        return f"{self.name}: {self}{policy.linesep}"


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The email for a notification: plain text and HTML, GOV.UK Notify style."""
    context = email_context(notification)
    message = EmailMultiAlternatives(
        subject=one_line(notification.title),
        body=render_to_string("email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={
            "Message-ID": message_id(notification),
            "List-Unsubscribe": ListUnsubscribe(f"<{context['unsubscribe_url']}>"),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Secondments-Notification": one_line(notification.idempotency_key),
        },
    )
    message.attach_alternative(render_to_string("email/notification.html", context), "text/html")
    if notification.attachment_ics:
        message.attach("invitation.ics", notification.attachment_ics, ICS_MIMETYPE)
    return message


def send_email(notification: Notification) -> None:
    """Hand the email to the default mailer; raises Undeliverable for a refused address."""
    mailer = mail.mailers.default
    if getattr(mailer, "timeout", 0) is None:
        # A server that stops answering fails this try, not the task's time limit.
        mailer.timeout = SMTP_TIMEOUT_SECONDS
    try:
        mailer.send_messages([build_email(notification)])
    except ValueError as error:  # an address Django cannot use
        raise Undeliverable(str(error)) from error
    except smtplib.SMTPRecipientsRefused as error:
        if all(code >= 500 for code, _ in error.recipients.values()):
            raise Undeliverable(f"The mail server refused {error.recipients}") from error
        raise
    except smtplib.SMTPDataError as error:
        if error.smtp_code >= 500:
            raise Undeliverable(f"The mail server refused the message: {error}") from error
        raise
