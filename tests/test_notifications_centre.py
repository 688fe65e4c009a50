"""Everyone signed in reads their notifications, and sees how many are unread."""

import re

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from secondments import services
from tests.factories import NotificationFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

CENTRE = reverse("notifications")


def _send(person, count: int, *, event: str = "test_event") -> list[Notification]:
    """`count` unread notifications for `person`, oldest first."""
    return [
        NotificationFactory(
            recipient=person,
            event=event,
            title=f"Notice {n} for {person.full_name}",
            body=f"What happened, number {n}",
            link=f"/requests/{n + 1}/",
        )
        for n in range(count)
    ]


def _header_count(html: str) -> str:
    """The Notifications item in the header as a screen reader hears it."""
    match = re.search(
        rf'<a class="govuk-service-navigation__link" href="{CENTRE}".*?</a>', html, re.S
    )
    assert match, "The header has no Notifications item"
    hidden = re.sub(r'<span aria-hidden="true">.*?</span>', "", match.group(0))
    return " ".join(re.sub(r"<[^>]+>", " ", hidden).split())


def _unread(person) -> int:
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def test_worker_sees_their_own_notifications_from_the_workflow_and_nobody_elses(
    client, haringey_manager, camden_worker, hackney_worker
):
    draft = services.help_request_create(by=haringey_manager, data=request_data())
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    application = services.application_volunteer(help_request=help_request, by=camden_worker)
    services.application_select(application=application, by=haringey_manager)
    _send(hackney_worker, 1)
    client.force_login(camden_worker)

    response = client.get(CENTRE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Haringey selected Wendy Worker: Two social workers for the assessment team" in html
    assert "Waiting for Camden to release you." in html
    opens = reverse(
        "notification_open", args=[Notification.objects.get(recipient=camden_worker).pk]
    )
    assert f'href="{opens}"' in html
    assert client.get(opens)["Location"] == application.get_absolute_url()
    assert "Walter Worker" not in html
    assert html.count(">New</strong>") == 1
    assert "You have 1 unread notification." in html


def test_newest_first_with_new_tags_only_on_unread_and_25_a_page(client, camden_worker):
    sent = _send(camden_worker, 30)
    Notification.objects.filter(pk=sent[-1].pk).mark_read()
    client.force_login(camden_worker)

    first = client.get(CENTRE).content.decode()
    second = client.get(CENTRE, {"page": 2}).content.decode()

    assert first.count('<li id="notification-') == 25
    assert second.count('<li id="notification-') == 5
    assert first.index("Notice 29 ") < first.index("Notice 28 ") < first.index("Notice 5 ")
    assert "Notice 4 " in second and "Notice 5 " not in second
    assert first.count(">New</strong>") == 24  # Notice 29 is read
    assert first.count(">Mark as read<") == 24
    assert "Page 1 of 2" in first


def test_the_header_shows_the_unread_count_on_every_page(client, camden_worker):
    _send(camden_worker, 3)
    client.force_login(camden_worker)

    for url in (reverse("dashboard"), reverse("request_list"), CENTRE):
        html = client.get(url).content.decode()
        assert _header_count(html) == "Notifications , 3 unread"
        assert '<span aria-hidden="true">(3)</span>' in html


def test_the_header_shows_no_count_when_everything_is_read(client, camden_worker):
    client.force_login(camden_worker)

    html = client.get(reverse("dashboard")).content.decode()

    assert _header_count(html) == "Notifications"


def test_marking_one_as_read_lowers_the_count(client, camden_worker):
    sent = _send(camden_worker, 3)
    client.force_login(camden_worker)

    response = client.post(reverse("notification_read", args=[sent[0].pk]), follow=True)

    assert response.redirect_chain == [(CENTRE, 302)]
    sent[0].refresh_from_db()
    assert sent[0].read_at is not None
    assert _unread(camden_worker) == 2
    html = response.content.decode()
    assert _header_count(html) == "Notifications , 2 unread"
    assert "You have 2 unread notifications." in html
    assert "Marked as read: Notice 0 for Wendy Worker" in html


def test_marking_one_as_read_returns_to_the_same_page(client, camden_worker):
    sent = _send(camden_worker, 30)
    client.force_login(camden_worker)

    response = client.post(reverse("notification_read", args=[sent[0].pk]), {"page": "2"})

    assert response["Location"] == f"{CENTRE}?page=2"


def test_marking_all_as_read_clears_the_count(client, camden_worker, hackney_worker):
    _send(camden_worker, 3)
    _send(hackney_worker, 2)
    client.force_login(camden_worker)

    response = client.post(reverse("notifications_read_all"), follow=True)

    assert response.redirect_chain == [(CENTRE, 302)]
    assert _unread(camden_worker) == 0
    assert _unread(hackney_worker) == 2
    html = response.content.decode()
    assert _header_count(html) == "Notifications"
    assert ">New</strong>" not in html
    assert "Mark all as read" not in html
    assert "You have read all your notifications." in html


def test_reading_again_keeps_the_time_it_was_first_read(client, camden_worker):
    (notification,) = _send(camden_worker, 1)
    client.force_login(camden_worker)
    client.post(reverse("notification_read", args=[notification.pk]))
    notification.refresh_from_db()
    first_read = notification.read_at

    client.post(reverse("notification_read", args=[notification.pk]))
    client.post(reverse("notifications_read_all"))

    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_another_persons_notification_cannot_be_marked_read(client, camden_worker, hackney_worker):
    (theirs,) = _send(hackney_worker, 1)
    client.force_login(camden_worker)

    assert client.post(reverse("notification_read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_needs_a_post(client, camden_worker):
    (notification,) = _send(camden_worker, 1)
    client.force_login(camden_worker)

    # A link followed by mistake goes back to the notifications, marking nothing.
    for url in (
        reverse("notification_read", args=[notification.pk]),
        reverse("notifications_read_all"),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, reverse("notifications"))
    assert _unread(camden_worker) == 1


def test_signed_out_people_are_sent_to_sign_in(client, camden_worker):
    (notification,) = _send(camden_worker, 1)

    response = client.post(reverse("notification_read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert _unread(camden_worker) == 1


def test_a_link_off_the_service_is_not_shown(client, camden_worker):
    notify(
        recipients=[camden_worker],
        event="odd",
        title="Odd link",
        link="https://example.com/",
        key=1,
    )
    client.force_login(camden_worker)

    html = client.get(CENTRE).content.decode()

    assert "Odd link" in html
    assert "https://example.com/" not in html


@pytest.mark.parametrize("size", [3, 30])
def test_notification_centre_query_count_does_not_grow(
    client, camden_worker, size, django_assert_num_queries
):
    _send(camden_worker, size)
    client.force_login(camden_worker)

    # Session, user, whether they have an authenticator, count, the page of
    # notifications, the header's unread count, the borough in the phase banner.
    with django_assert_num_queries(7):
        response = client.get(CENTRE)

    assert response.status_code == 200
