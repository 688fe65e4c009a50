"""Opening a notification takes the reader to what it is about and marks it read."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

CENTRE = reverse("notifications")


def _open(notification: Notification) -> str:
    return reverse("notification_open", args=[notification.pk])


def test_the_centres_title_link_opens_the_notification_and_marks_it_read(client, camden_worker):
    notification = NotificationFactory(recipient=camden_worker, link="/requests/7/")
    client.force_login(camden_worker)

    html = client.get(CENTRE).content.decode()
    assert f'href="{_open(notification)}"' in html
    assert 'href="/requests/7/"' not in html

    response = client.get(_open(notification))

    assert response.status_code == 302
    assert response["Location"] == "/requests/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    html = client.get(CENTRE).content.decode()
    assert ">New</strong>" not in html
    assert "You have read all your notifications." in html


def test_opening_again_keeps_the_time_it_was_first_read(client, camden_worker):
    notification = NotificationFactory(recipient=camden_worker, read=True, link="/requests/7/")
    first_read = notification.read_at
    client.force_login(camden_worker)

    response = client.get(_open(notification))

    assert response["Location"] == "/requests/7/"
    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_someone_elses_notification_is_not_found_and_stays_unread(
    client, camden_worker, camden_manager
):
    notification = NotificationFactory(recipient=camden_worker, link="/requests/7/")
    client.force_login(camden_manager)

    response = client.get(_open(notification))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("link", ["https://example.com/", "//example.com/", ""])
def test_a_link_off_the_service_goes_back_to_the_centre(client, camden_worker, link):
    notification = NotificationFactory(recipient=camden_worker, link=link)
    client.force_login(camden_worker)

    response = client.get(_open(notification))

    assert response["Location"] == CENTRE
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_signed_out_opening_asks_to_sign_in_and_marks_nothing(client, camden_worker):
    notification = NotificationFactory(recipient=camden_worker, link="/requests/7/")

    response = client.get(_open(notification))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    notification.refresh_from_db()
    assert notification.read_at is None
