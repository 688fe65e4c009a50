"""Delivering notification rows: at least once, by the channels people chose.

Email goes through Django's mailer (locmem in the tests, or real SMTP to a
small server run by the test, or to a closed port for failures); GOV.UK Notify
is replaced at the HTTP layer (requests.Session.request), never above it.
"""

import datetime
import json
import re
import socket
import threading
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import jinja2
import pytest
import redis
import requests
from celery.app import autoretry
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from config.celery import app
from notifications import delivery
from notifications.delivery import (
    DeliveryFailed,
    build_email,
    deliver,
    message_id,
    requeue_stuck,
)
from notifications.events import EVENT_TYPES, event_types_for
from notifications.models import DeliveryStatus, Notification, NotificationPreference
from notifications.preferences import preference_for, read_unsubscribe_token, unsubscribe_token
from notifications.services import notify
from notifications.tasks import deliver_notification, deliver_notifications
from tests.factories import UserFactory
from tests.smtp_sink import SmtpSink

NOTIFY_KEY = f"secondments_test-{uuid.uuid4()}-{uuid.uuid4()}"
EMAIL_TEMPLATE = str(uuid.uuid4())
SMS_TEMPLATE = str(uuid.uuid4())


def _notification(person, *, event="application_selected", key="1", **fields) -> Notification:
    notify(
        recipients=[person],
        event=event,
        title=fields.get("title", "Haringey selected Wendy Worker: Two social workers"),
        body=fields.get("body", "The home borough's manager now needs to release or refuse."),
        link=fields.get("link", "/applications/7/"),
        key=key,
    )
    return Notification.objects.get(idempotency_key=f"{event}:{key}:{person.pk}")


def _row(notification: Notification) -> Notification:
    return Notification.objects.get(pk=notification.pk)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unsubscribe_path(message) -> str:
    url = re.search(r"Unsubscribe from these emails: (\S+)", message.body).group(1)
    assert url.startswith(settings.SITE_URL + "/unsubscribe/")
    return urlsplit(url).path


# --- One claim at a time ---------------------------------------------------------


@pytest.mark.django_db
def test_the_same_delivery_task_run_twice_sends_one_email(camden_worker):
    notification = _notification(camden_worker)

    first = deliver_notification.apply(args=[notification.pk])
    second = deliver_notification.apply(args=[notification.pk])

    assert (first.get(), second.get()) == ("sent", "not_claimed")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["worker@camden.gov.uk"]
    row = _row(notification)
    assert row.delivery_status == DeliveryStatus.SENT
    assert row.delivery_attempts == 1
    assert row.delivery_channels == ["email"]
    assert row.delivered_at is not None


def test_two_threads_delivering_one_row_at_once_send_one_email(transactional_db):
    person = UserFactory(email="both@camden.gov.uk")
    notification = _notification(person)
    start = threading.Barrier(2)
    outcomes = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            outcomes.append(deliver(notification.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["not_claimed", "sent"]
    assert len(mail.outbox) == 1
    assert _row(notification).delivery_attempts == 1


# --- At least once, and a repeat shows ---------------------------------------------


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: no except Exception in the worker sees it."""


@pytest.mark.django_db
def test_a_row_whose_worker_died_after_the_send_goes_again_with_the_same_message_id(
    monkeypatch, camden_worker
):
    notification = _notification(camden_worker)
    other = _notification(camden_worker, key="other")

    def die(claim, channels):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(delivery.Claim, "mark_sent", die)
        with pytest.raises(WorkerKilled):
            deliver(notification.pk)
    assert len(mail.outbox) == 1  # the server had it
    assert _row(notification).delivery_status == DeliveryStatus.SENDING
    assert deliver(notification.pk) == "not_claimed"  # still claimed by the dead worker

    requeue_stuck(sending_after=datetime.timedelta(0))
    assert _row(notification).delivery_status == DeliveryStatus.PENDING

    assert deliver(notification.pk) == "sent"
    assert deliver(other.pk) == "sent"
    first, repeat, other_email = (message.message()["Message-ID"] for message in mail.outbox)
    host = urlsplit(settings.SITE_URL).hostname
    assert first == repeat == message_id(notification)
    assert re.fullmatch(
        rf"<notification-{notification.pk}\.[0-9a-f]{{12}}@{re.escape(host)}>", first
    )
    assert other_email != first  # one per row
    row = _row(notification)
    assert (row.delivery_status, row.delivery_attempts) == (DeliveryStatus.SENT, 2)


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpSink]:
    """Django's SMTP mailer, pointed at a small SMTP server run by the test."""
    sink = SmtpSink()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    yield sink
    sink.close()


@pytest.mark.django_db
def test_a_lost_reply_from_the_mail_server_resends_under_the_same_message_id(
    smtp_server, camden_worker
):
    notification = _notification(camden_worker)
    smtp_server.hang_up_after_next()  # takes the message, then drops the line unanswered

    with pytest.raises(DeliveryFailed):
        deliver(notification.pk)

    assert _row(notification).delivery_status == DeliveryStatus.FAILED
    assert deliver(notification.pk) == "sent"
    first, repeat = smtp_server.parsed()
    assert first["Message-ID"] == repeat["Message-ID"] == message_id(notification)
    assert repeat["To"] == "worker@camden.gov.uk"
    # Whole, on one line: an encoded or folded URL loses the unsubscribe button.
    # (The signed token carries the second it was made, so it is read, not compared.)
    header = repeat["List-Unsubscribe"]
    prefix = f"<{settings.SITE_URL}/unsubscribe/"
    assert header.startswith(prefix) and header.endswith("/>") and "\n" not in header
    token = header.removeprefix(prefix).removesuffix("/>")
    assert read_unsubscribe_token(token) == (notification.recipient_id, notification.event)
    assert repeat["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_a_mail_server_refusing_the_address_fails_the_row_without_retrying(
    smtp_server, camden_worker
):
    notification = _notification(camden_worker)
    smtp_server.refused.add(b"worker@camden.gov.uk")

    assert deliver(notification.pk) == "failed"

    assert smtp_server.count() == 0
    row = _row(notification)
    assert row.delivery_status == DeliveryStatus.FAILED
    assert row.delivery_attempts == delivery.MAX_ATTEMPTS
    assert "No such mailbox" in row.delivery_error
    assert deliver(notification.pk) == "not_claimed"


# --- Who gets what -------------------------------------------------------------


@pytest.mark.django_db
def test_someone_with_no_email_address_gets_it_in_the_service_only(client, camden):
    person = User.objects.create(email="", full_name="Nobody Emailable", borough=camden)
    notification = _notification(person, title="Placement agreed: you in Haringey")

    assert deliver(notification.pk) == "in_app_only"

    assert mail.outbox == []
    row = _row(notification)
    assert row.delivery_status == DeliveryStatus.IN_APP_ONLY
    assert "No email address" in row.delivery_error
    client.force_login(person)
    page = client.get(reverse("notifications")).content.decode()
    assert "Placement agreed: you in Haringey" in page


@pytest.mark.django_db
def test_turning_an_email_off_on_the_settings_page_keeps_that_event_in_the_service(
    client, camden_worker
):
    client.force_login(camden_worker)
    page = client.get(reverse("notification_preferences")).content.decode()
    for event in event_types_for(camden_worker):
        assert f'name="email-{event.name}"' in page
        assert (
            f'id="email-{event.name}" name="email-{event.name}" type="checkbox" value="on" checked'
            in page
        )
    assert "approval_reminder" not in page  # a coordinator's event
    wanted = {
        f"email-{event.name}": "on"
        for event in event_types_for(camden_worker)
        if event.name != "application_selected"
    }

    response = client.post(reverse("notification_preferences"), {"phone_number": "", **wanted})

    assert response.status_code == 302
    # Only the choice that differs from the defaults is stored.
    assert list(NotificationPreference.objects.values_list("event", "email", "sms")) == [
        ("application_selected", False, False)
    ]
    selected = _notification(camden_worker, event="application_selected")
    declined = _notification(camden_worker, event="application_declined")
    assert deliver(selected.pk) == "in_app_only"
    assert deliver(declined.pk) == "sent"
    assert [message.subject for message in mail.outbox] == [declined.title]
    assert "turned off" in _row(selected).delivery_error
    page = client.get(reverse("notifications")).content.decode()
    assert selected.title in page


@pytest.mark.django_db
def test_settings_page_offers_texts_once_a_valid_uk_mobile_number_is_saved(client, camden_worker):
    client.force_login(camden_worker)
    url = reverse("notification_preferences")
    page = client.get(url).content.decode()
    assert "Text message" not in page
    assert "Default: email and text message" in page  # invitations
    everything_on = {f"email-{event.name}": "on" for event in event_types_for(camden_worker)}

    refused = client.post(url, {"phone_number": "0207 946 0000", **everything_on})

    assert refused.status_code == 200
    assert "Enter a UK mobile number, like 07700 900 982" in refused.content.decode()
    assert refused.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error: Notification settings" in refused.content.decode()
    camden_worker.refresh_from_db()
    assert camden_worker.phone_number == ""

    saved = client.post(url, {"phone_number": "+44 (0)7700 900-982", **everything_on})

    assert saved.status_code == 302
    camden_worker.refresh_from_db()
    assert camden_worker.phone_number == "07700900982"
    page = client.get(url).content.decode()
    assert "Text message" in page
    assert (
        'id="sms-application_invited" name="sms-application_invited" type="checkbox" value="on" checked'
        in page
    )
    assert (
        'id="sms-application_declined" name="sms-application_declined" type="checkbox" value="on">'
        in page
    )

    client.post(url, {"phone_number": "07700900982", **everything_on})  # every text off

    assert preference_for(camden_worker, "application_invited").sms is False
    assert preference_for(camden_worker, "application_invited").email is True


@pytest.mark.django_db
def test_profile_links_to_the_notification_settings(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("notification_preferences")}"' in page
    settings_page = client.get(reverse("notification_preferences")).content.decode()
    assert "A placement has waited 2 working days for approval" in settings_page


# --- Unsubscribe ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_unsubscribe_link_in_the_email_turns_that_event_off_without_signing_in(
    client, camden_worker
):
    deliver(_notification(camden_worker, key="first").pk)
    message = mail.outbox[0]
    path = _unsubscribe_path(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<{settings.SITE_URL}{path}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0].content
    assert f'href="{settings.SITE_URL}{path}"' in html

    confirm = client.get(path)  # mail scanners open links: GET changes nothing

    assert confirm.status_code == 200
    assert "Unsubscribe from these emails" in confirm.content.decode()
    assert preference_for(camden_worker, "application_selected").email is True

    done = client.post(path)  # no CSRF token, as a one-click unsubscribe sends none

    assert done.status_code == 200
    assert "You have unsubscribed" in done.content.decode()
    assert preference_for(camden_worker, "application_selected").email is False
    assert preference_for(camden_worker, "application_declined").email is True
    assert deliver(_notification(camden_worker, key="second").pk) == "in_app_only"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_tampered_or_forged_unsubscribe_link_is_not_found(client, camden_worker, hackney_worker):
    deliver(_notification(camden_worker).pk)
    path = _unsubscribe_path(mail.outbox[0])
    token = path.split("/")[2]
    payload, signature = token.rsplit(":", 1)
    someone_else = unsubscribe_token(hackney_worker.pk, "application_selected")
    forged = [
        f"{payload}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{someone_else.split(':')[0]}:{signature}",  # another person's id, this signature
        "WzEsImFwcGxpY2F0aW9uX3NlbGVjdGVkIl0",  # unsigned
    ]
    for bad in forged:
        url = reverse("unsubscribe", args=[bad])
        assert client.get(url).status_code == 404, bad
        assert client.post(url).status_code == 404, bad
    assert not NotificationPreference.objects.exists()


# --- The email itself -------------------------------------------------------------


@pytest.mark.django_db
def test_email_templates_render_every_variable(settings, camden_worker):
    # A variable the template uses but the email does not give fails the test.
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"]}},
        *settings.TEMPLATES[1:],
    ]
    settings.TEMPLATES[0]["OPTIONS"]["undefined"] = jinja2.StrictUndefined
    full = _notification(camden_worker, key="full")
    bare = _notification(camden_worker, key="bare", body="", link="")

    for notification in (full, bare):
        message = build_email(notification)
        text, html = message.body, message.alternatives[0].content
        for part in (text, html):
            assert "MISSING[" not in part
            assert "Secondment Exchange" in part
            assert notification.title in part
            assert "Unsubscribe" in part
            assert f"{settings.SITE_URL}/profile/notifications/" in part
        assert message.subject == notification.title
        assert message.extra_headers["X-Secondments-Notification"] == notification.idempotency_key

    text = build_email(full).body
    assert "The home borough's manager now needs to release or refuse." in text  # not escaped
    assert f"{settings.SITE_URL}/applications/7/" in text
    assert "You get these emails when a host borough selects a social worker" in text
    html = build_email(full).alternatives[0].content
    assert "The home borough&#x27;s manager" in html
    assert f'href="{settings.SITE_URL}/applications/7/"' in html
    assert "See it in" not in build_email(bare).body


@pytest.mark.django_db
def test_every_event_the_services_use_has_a_label_and_defaults():
    used = set()
    sources = [settings.BASE_DIR / "secondments", settings.BASE_DIR / "accounts"]
    for path in (path for source in sources for path in source.rglob("*.py")):
        used |= set(re.findall(r'event="([a-z_]+)"', path.read_text()))
    assert used - set(EVENT_TYPES) == set()
    for event in EVENT_TYPES.values():
        assert event.email is True
        assert event.audience <= {Role.WORKER, Role.MANAGER, Role.COORDINATOR}
    assert [name for name, event in EVENT_TYPES.items() if event.sms] == ["application_invited"]


# --- GOV.UK Notify at the HTTP layer ---------------------------------------------


class FakeNotify:
    """Stands in for api.notifications.service.gov.uk: records requests, answers like it."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.failures: dict[str, list[int]] = {}
        self.known_references: set[str] = set()

    def __call__(self, method: str, url: str, **kwargs) -> requests.Response:
        parts = urlsplit(url)
        body = json.loads(kwargs["data"]) if kwargs.get("data") else None
        self.requests.append(
            {
                "method": method,
                "host": parts.hostname,
                "path": parts.path,
                "json": body,
                "params": kwargs.get("params") or {},
                "authorization": kwargs["headers"]["Authorization"],
            }
        )
        if method == "GET":
            reference = (kwargs.get("params") or {}).get("reference")
            found = (
                [{"reference": reference, "status": "delivered"}]
                if reference in self.known_references
                else []
            )
            return self._response(url, 200, {"notifications": found, "links": {}})
        pending = self.failures.get(parts.path)
        if pending:
            status = pending.pop(0)
            return self._response(url, status, {"errors": [{"error": "Fake", "message": "no"}]})
        self.known_references.add(body["reference"])
        return self._response(url, 201, {"id": str(uuid.uuid4()), "reference": body["reference"]})

    def posts(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] == path]

    @staticmethod
    def _response(url: str, status: int, payload: dict) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(payload).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = url
        return response


@pytest.fixture
def fake_notify(settings, monkeypatch) -> FakeNotify:
    settings.GOVUK_NOTIFY_API_KEY = NOTIFY_KEY
    settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    fake = FakeNotify()
    monkeypatch.setattr(
        requests.Session,
        "request",
        lambda session, method, url, **kwargs: fake(method, url, **kwargs),
    )
    return fake


@pytest.mark.django_db
def test_with_a_notify_key_email_and_text_go_through_notify(fake_notify, camden_worker):
    camden_worker.phone_number = "07700900982"
    camden_worker.save()
    invitation = _notification(camden_worker, event="application_invited", body="")

    assert deliver(invitation.pk) == "sent"

    assert mail.outbox == []  # not through Django's mailer
    (sent_email,) = fake_notify.posts("/v2/notifications/email")
    (sent_text,) = fake_notify.posts("/v2/notifications/sms")
    assert sent_email["host"] == "api.notifications.service.gov.uk"
    assert sent_email["authorization"].startswith("Bearer ")
    unsubscribe = sent_email["json"]["one_click_unsubscribe_url"]
    assert unsubscribe.startswith(f"{settings.SITE_URL}/unsubscribe/")
    assert sent_email["json"] == {
        "email_address": "worker@camden.gov.uk",
        "template_id": EMAIL_TEMPLATE,
        "personalisation": {
            "subject": invitation.title,
            "body": "",
            "link": f"{settings.SITE_URL}/applications/7/",
            "unsubscribe_link": unsubscribe,
        },
        "reference": f"secondments-{invitation.pk}-email",
        "one_click_unsubscribe_url": unsubscribe,
    }
    assert sent_text["json"]["phone_number"] == "07700900982"
    assert sent_text["json"]["template_id"] == SMS_TEMPLATE
    assert sent_text["json"]["reference"] == f"secondments-{invitation.pk}-sms"
    row = _row(invitation)
    assert (row.delivery_status, row.delivery_channels) == ("sent", ["email", "sms"])


@pytest.mark.django_db
def test_a_notify_retry_sends_only_what_notify_does_not_have(fake_notify, camden_worker):
    camden_worker.phone_number = "07700900982"
    camden_worker.save()
    invitation = _notification(camden_worker, event="application_invited")
    fake_notify.failures["/v2/notifications/sms"] = [500]

    with pytest.raises(DeliveryFailed):
        deliver(invitation.pk)

    row = _row(invitation)
    assert (row.delivery_status, row.delivery_channels) == ("failed", ["email"])
    assert "500" in row.delivery_error

    assert deliver(invitation.pk) == "sent"

    assert len(fake_notify.posts("/v2/notifications/email")) == 1
    assert len(fake_notify.posts("/v2/notifications/sms")) == 2  # the failed one, and this
    lookups = [r["params"] for r in fake_notify.requests if r["method"] == "GET"]
    assert lookups == [{"reference": f"secondments-{invitation.pk}-sms"}]
    assert _row(invitation).delivery_channels == ["email", "sms"]


@pytest.mark.django_db
def test_a_row_left_sending_by_a_dead_worker_is_not_sent_twice_through_notify(
    fake_notify, camden_worker
):
    notification = _notification(camden_worker)
    # The first worker posted it, then died before it could record that.
    Notification.objects.filter(pk=notification.pk).update(
        delivery_status=DeliveryStatus.PENDING, delivery_attempts=1
    )
    fake_notify.known_references.add(f"secondments-{notification.pk}-email")

    assert deliver(notification.pk) == "sent"

    assert fake_notify.posts("/v2/notifications/email") == []


@pytest.mark.django_db
def test_notify_refusing_a_number_fails_the_row_without_retrying(fake_notify, camden_worker):
    notification = _notification(camden_worker)
    fake_notify.failures["/v2/notifications/email"] = [400]

    assert deliver(notification.pk) == "failed"

    row = _row(notification)
    assert row.delivery_status == DeliveryStatus.FAILED
    assert row.delivery_attempts == delivery.MAX_ATTEMPTS
    assert "GOV.UK Notify refused the email" in row.delivery_error
    assert deliver(notification.pk) == "not_claimed"


# --- Failures, retries and the sweeper -------------------------------------------


@pytest.mark.django_db
def test_a_failing_send_retries_with_backoff_and_ends_failed(settings, monkeypatch, camden_worker):
    # A real SMTP connection to a port nobody listens on.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _free_port(), "timeout": 5},
        }
    }
    backoffs = []
    real_backoff = autoretry.get_exponential_backoff_interval

    def spy(**kwargs):
        backoffs.append(kwargs)
        return real_backoff(**kwargs)

    monkeypatch.setattr(autoretry, "get_exponential_backoff_interval", spy)
    notification = _notification(camden_worker)

    # Applied in this process, each retry runs at once (the countdown is not waited for).
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)

    result = deliver_notification.apply(args=[notification.pk])

    assert result.state == "FAILURE"
    assert isinstance(result.result, DeliveryFailed)

    assert [call["retries"] for call in backoffs] == [0, 1, 2, 3, 4, 5]
    assert {(c["factor"], c["maximum"], c["full_jitter"]) for c in backoffs} == {(1, 600, True)}
    row = _row(notification)
    assert row.delivery_status == DeliveryStatus.FAILED
    assert row.delivery_attempts == delivery.MAX_ATTEMPTS == 6
    assert "ConnectionRefusedError" in row.delivery_error
    assert deliver(notification.pk) == "not_claimed"


@pytest.fixture
def private_queue(monkeypatch):
    """Delivery tasks queued by this test go to a Redis list of its own."""
    queue = f"delivery-test-{uuid.uuid4().hex[:12]}"
    for task in (deliver_notification, deliver_notifications):
        task = task._get_current_object()
        monkeypatch.setattr(task, "queue", queue, raising=False)
        monkeypatch.setattr(task, "_exec_options", None)
    client = redis.Redis.from_url(app.conf.broker_url)
    yield lambda: _queued_ids(client, queue)
    client.delete(queue)
    client.close()


def _queued_ids(client, queue: str) -> list[int]:
    import base64

    ids = []
    for raw in client.lrange(queue, 0, -1):
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        # A batch task's argument is a list of ids; the single-row task's, one id.
        ids.extend(args[0] if isinstance(args[0], list) else [args[0]])
    return sorted(ids)


@pytest.mark.django_db
def test_sweeper_requeues_what_nothing_else_will_deliver(private_queue, camden_worker):
    now = timezone.now()
    ago = {
        name: now - datetime.timedelta(minutes=minutes)
        for name, minutes in {"fresh": 0, "2m": 2.5, "20m": 20}.items()
    }
    rows = {}
    states = {
        "pending_old": (DeliveryStatus.PENDING, 0, None, ago["2m"]),
        "pending_new": (DeliveryStatus.PENDING, 0, None, ago["fresh"]),
        "sending_stuck": (DeliveryStatus.SENDING, 1, ago["2m"], ago["2m"]),
        "sending_live": (DeliveryStatus.SENDING, 1, ago["fresh"], ago["2m"]),
        "sending_hopeless": (DeliveryStatus.SENDING, 6, ago["2m"], ago["2m"]),
        "failed_lost_retry": (DeliveryStatus.FAILED, 2, ago["20m"], ago["20m"]),
        "failed_retry_due": (DeliveryStatus.FAILED, 2, ago["fresh"], ago["20m"]),
        "failed_exhausted": (DeliveryStatus.FAILED, 6, ago["20m"], ago["20m"]),
        "sent": (DeliveryStatus.SENT, 1, ago["20m"], ago["20m"]),
    }
    for name, (status, attempts, claimed_at, created_at) in states.items():
        rows[name] = _notification(camden_worker, key=name)
        Notification.objects.filter(pk=rows[name].pk).update(
            delivery_status=status,
            delivery_attempts=attempts,
            delivery_claimed_at=claimed_at,
            created_at=created_at,
        )

    assert requeue_stuck() == 3

    assert private_queue() == sorted(
        rows[name].pk for name in ("pending_old", "sending_stuck", "failed_lost_retry")
    )
    status = {name: _row(row).delivery_status for name, row in rows.items()}
    assert status["sending_stuck"] == DeliveryStatus.PENDING
    assert status["sending_live"] == DeliveryStatus.SENDING
    assert status["sending_hopeless"] == DeliveryStatus.FAILED
    assert "stopped while sending" in _row(rows["sending_hopeless"]).delivery_error
    assert deliver(rows["sending_stuck"].pk) == "sent"
    assert deliver(rows["sending_live"].pk) == "not_claimed"


def test_notify_queues_delivery_only_after_the_change_commits(transactional_db, private_queue):
    person = UserFactory()
    with transaction.atomic():
        notification = _notification(person)
        assert private_queue() == []

    assert private_queue() == [notification.pk]


# --- The pages in a browser, checked with axe ---------------------------------------


@pytest.mark.browser
def test_worker_chooses_texts_and_unsubscribes_in_the_browser(page, camden_worker):
    from playwright.sync_api import expect

    from tests.browser import follow, visit
    from tests.factories import PASSWORD

    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(camden_worker.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))
    visit(page, reverse("profile"))
    follow(page, page.get_by_role("link", name="Notification settings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification settings")
    expect(page.get_by_role("columnheader", name="Text message")).to_have_count(0)

    page.get_by_label("Mobile number for text messages (optional)").fill("07700 9009")
    follow(page, page.get_by_role("button", name="Save settings"))
    expect(page.get_by_role("alert")).to_contain_text("Enter a UK mobile number")
    page.get_by_label("Mobile number for text messages (optional)").fill("07700 900 982")
    follow(page, page.get_by_role("button", name="Save settings"))
    expect(page.get_by_text("Your notification settings have been saved")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Text message")).to_be_visible()
    declined = page.get_by_label("Email when a host borough declines your offer of help")
    expect(declined).to_be_checked()
    declined.uncheck()
    follow(page, page.get_by_role("button", name="Save settings"))
    expect(
        page.get_by_label("Email when a host borough declines your offer of help")
    ).not_to_be_checked()
    assert preference_for(camden_worker, "application_declined").email is False

    token = unsubscribe_token(camden_worker.pk, "application_selected")
    visit(page, reverse("unsubscribe", args=[token]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from these emails")
    follow(page, page.get_by_role("button", name="Unsubscribe"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
    assert preference_for(camden_worker, "application_selected").email is False
