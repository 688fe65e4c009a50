"""Social workers hear of new learning events that suit their job level and
specialisms: one summary a week at most, through their notification choices."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.models import JobLevel, Specialism
from config.celery import app as celery_app
from learning.events.digest import event_digests_send
from learning.tasks import event_digests
from notifications.models import Notification, NotificationPreference
from notifications.tasks import deliver_notification
from tests.factories import LearningEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialisms():
    return list(Specialism.objects.all()[:2])


@pytest.fixture
def worker(camden_worker, specialisms):
    profile = camden_worker.worker_profile
    profile.job_level = JobLevel.SOCIAL_WORKER
    profile.save()
    profile.specialisms.set([specialisms[0]])
    return camden_worker


def _event(borough, by, title, *, levels="", specialisms=()):
    event = LearningEventFactory(borough=borough, created_by=by, title=title, job_levels=levels)
    event.specialisms.set(specialisms)
    return event


def test_a_worker_is_told_once_a_week_of_the_events_that_suit_them(
    haringey, haringey_manager, worker, specialisms
):
    _event(haringey, haringey_manager, "For everyone")
    _event(haringey, haringey_manager, "For social workers", levels="1,2")
    _event(haringey, haringey_manager, "For team managers", levels="4")
    _event(haringey, haringey_manager, "Their specialism", specialisms=[specialisms[0]])
    _event(haringey, haringey_manager, "Another specialism", specialisms=[specialisms[1]])

    assert event_digests_send() == 1
    assert event_digests_send() == 0  # the same week: nothing more

    (told,) = Notification.objects.filter(recipient=worker, event="events_suggested")
    assert told.title == "3 new learning events suit you"
    assert "For everyone" in told.body and "For social workers" in told.body
    assert "Their specialism" in told.body
    assert "For team managers" not in told.body and "Another specialism" not in told.body
    assert told.link == "/events/"


def test_next_week_brings_a_new_summary_of_what_is_new(haringey, haringey_manager, worker):
    _event(haringey, haringey_manager, "First")
    event_digests_send()

    later = timezone.now() + datetime.timedelta(days=7)
    second = _event(haringey, haringey_manager, "Second")
    second.starts_at = later + datetime.timedelta(days=3)
    second.ends_at = second.starts_at + datetime.timedelta(hours=2)
    second.save()
    type(second).objects.filter(pk=second.pk).update(created_at=later - datetime.timedelta(days=1))

    assert event_digests_send(now=later) == 1
    newest = Notification.objects.filter(event="events_suggested").order_by("-pk").first()
    assert "Second" in newest.body and "First" not in newest.body


def test_nothing_suits_nothing_is_sent(haringey, haringey_manager, worker):
    _event(haringey, haringey_manager, "For team managers", levels="4")

    assert event_digests() == 0
    assert not Notification.objects.filter(event="events_suggested").exists()


def test_the_summary_follows_the_workers_email_choice(haringey, haringey_manager, worker):
    NotificationPreference.objects.create(user=worker, event="events_suggested", email=False)
    _event(haringey, haringey_manager, "For everyone")

    event_digests_send()
    row = Notification.objects.get(event="events_suggested")
    deliver_notification.apply(args=[row.pk])

    assert mail.outbox == []


def test_the_summary_is_on_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "learning.tasks.event_digests" in tasks
    assert "learning.tasks.event_digests" in celery_app.tasks
