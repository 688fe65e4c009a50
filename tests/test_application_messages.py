"""The message thread on an application: the worker, the host and home boroughs'
managers (and coordinators) write to each other; each message tells the others,
is audited without its words, and can be neither changed nor seen from outside."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from secondments import services
from secondments.models import Message
from tests.request_input import request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(haringey_manager, camden_worker):
    """Camden's worker offers to help with Haringey's request."""
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    return services.application_volunteer(help_request=help_request, by=camden_worker)


def _post(client, person, application, body: str):
    client.force_login(person)
    return client.post(reverse("application_message_post", args=[application.pk]), {"body": body})


def _told(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, event="application_message"))


def _audit_rows():
    return AuditEvent.objects.exclude(action="signed_in")


@pytest.mark.parametrize(
    ("author", "others"),
    [
        ("camden_worker", ["haringey_manager", "camden_manager"]),
        ("haringey_manager", ["camden_worker", "camden_manager"]),
        ("camden_manager", ["camden_worker", "haringey_manager"]),
    ],
)
def test_each_party_writes_and_the_others_are_told_and_see_it(
    client, request, application, camden_manager, coordinator, author, others
):
    writer = request.getfixturevalue(author)

    response = _post(client, writer, application, "Can you start on a Tuesday?")

    assert response.status_code == 302
    assert response["Location"] == f"{application.get_absolute_url()}#messages"
    assert _told(writer) == []
    # Coordinators are not told of a thread none of them has written in.
    assert _told(coordinator) == []
    for name in others:
        person = request.getfixturevalue(name)
        [notification] = _told(person)
        assert str(writer) in notification.title
        assert application.help_request.title in notification.title
        assert notification.link == f"{application.get_absolute_url()}#messages"
        client.force_login(person)
        page = client.get(application.get_absolute_url()).content.decode()
        assert "Can you start on a Tuesday?" in page
        assert str(writer) in page


def test_the_worker_is_told_about_their_own_application(
    application, haringey_manager, camden_worker
):
    services.application_message_post(application=application, by=haringey_manager, body="Hello")

    [notification] = _told(camden_worker)
    assert notification.title.startswith(
        "Message from Harry Manager (Haringey) about your application"
    )


def test_a_coordinator_is_told_once_they_have_written_in_the_thread(
    application, coordinator, camden_worker, haringey_manager, camden_manager
):
    services.application_message_post(application=application, by=coordinator, body="Any dates?")
    assert _told(coordinator) == []
    assert len(_told(camden_worker)) == len(_told(haringey_manager)) == 1
    assert len(_told(camden_manager)) == 1

    services.application_message_post(application=application, by=camden_worker, body="Mondays")

    [notification] = _told(coordinator)
    assert notification.title.startswith("Message from Wendy Worker (Camden)")


@pytest.mark.parametrize("outsider", ["hackney_manager", "hackney_worker"])
def test_people_outside_the_thread_get_404_and_nothing_is_written(
    client, request, application, haringey_manager, outsider
):
    services.application_message_post(application=application, by=haringey_manager, body="Secret")
    url = reverse("application_message_post", args=[application.pk])
    messages, notifications, audits = (
        Message.objects.count(),
        Notification.objects.count(),
        _audit_rows().count(),
    )
    client.force_login(request.getfixturevalue(outsider))

    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Let me in"}).status_code == 404
    page = client.get(application.get_absolute_url())
    assert page.status_code == 404
    assert "Secret" not in page.content.decode()
    assert Message.objects.count() == messages
    assert Notification.objects.count() == notifications
    assert _audit_rows().count() == audits


def test_the_service_refuses_someone_outside_the_thread(application, hackney_manager):
    with pytest.raises(PermissionDenied):
        services.application_message_post(application=application, by=hackney_manager, body="Hi")
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Enter a message"),
        ("   \r\n\t  ", "Enter a message"),
        ("x" * 5001, "Message must be 5,000 characters or fewer"),
    ],
)
def test_empty_and_overlong_messages_are_refused_and_nothing_is_saved(
    client, application, camden_worker, body, error
):
    audits = _audit_rows().count()

    response = _post(client, camden_worker, application, body)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'<a href="#id_body">{error}</a>' in page
    assert "<title>Error: " in page
    assert not Message.objects.exists()
    assert not Notification.objects.filter(event="application_message").exists()
    assert _audit_rows().count() == audits


def test_a_message_of_5000_characters_counting_line_breaks_as_the_page_does_is_sent(
    client, application, camden_worker
):
    # 2,500 characters and 2,500 line breaks, which the browser sends as CRLF.
    body = "a\r\n" * 2499 + "a" * 2

    response = _post(client, camden_worker, application, body)

    assert response.status_code == 302
    assert len(Message.objects.get().body) == 5000


@pytest.mark.parametrize(
    ("body", "error"),
    [("  ", "Enter a message"), ("x" * 5001, "Message must be 5,000 characters or fewer")],
)
def test_the_service_refuses_what_the_form_refuses(application, camden_worker, body, error):
    with pytest.raises(ValidationError) as refused:
        services.application_message_post(application=application, by=camden_worker, body=body)

    assert refused.value.message_dict == {"body": [error]}
    assert not Message.objects.exists()


def test_the_database_refuses_an_empty_or_overlong_message(application, camden_worker):
    for body in ("", "x" * 5001):
        with pytest.raises(IntegrityError), transaction.atomic():
            Message.objects.create(application=application, author=camden_worker, body=body)


def test_html_in_a_message_is_shown_as_text_with_its_line_breaks(
    client, application, camden_worker, haringey_manager
):
    _post(client, camden_worker, application, '<script>alert("hi")</script>\nSecond line')

    client.force_login(haringey_manager)
    page = client.get(application.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;<br>Second line" in page


def test_each_message_writes_exactly_one_audit_row_without_its_words(
    client, application, camden_worker, haringey_manager
):
    before = _audit_rows().count()

    _post(client, camden_worker, application, "First private words")
    _post(client, haringey_manager, application, "Second private words")

    rows = list(_audit_rows().order_by("pk")[before:])
    assert [row.action for row in rows] == ["application_message_posted"] * 2
    assert [row.actor for row in rows] == [camden_worker, haringey_manager]
    assert {(row.object_type, row.object_id) for row in rows} == {("application", application.pk)}
    for row in rows:
        assert "private" not in f"{row.reason} {row.changed_fields} {row.to_state}"


def test_a_get_on_the_message_address_goes_back_to_the_thread(client, application, camden_worker):
    client.force_login(camden_worker)

    response = client.get(reverse("application_message_post", args=[application.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"{application.get_absolute_url()}#messages"


def test_the_thread_shows_who_wrote_from_where_oldest_first(
    client, application, camden_worker, haringey_manager, coordinator
):
    services.application_message_post(application=application, by=haringey_manager, body="One")
    services.application_message_post(application=application, by=coordinator, body="Two")
    services.application_message_post(application=application, by=camden_worker, body="Three")
    client.force_login(camden_worker)

    page = client.get(application.get_absolute_url()).content.decode()

    assert page.index(">One<") < page.index(">Two<") < page.index(">Three<")
    assert "Borough manager, Haringey" in page
    assert "Cora Ordinator" in page
    assert "Social worker, Camden" in page


# The page's own queries (see tests/test_page_query_counts.py): the application,
# its history, the facts to decide on, and the thread with each author and their
# borough in one query.
@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize(
    ("viewer", "queries"),
    [("haringey_manager", 14), ("camden_manager", 14), ("camden_worker", 14), ("coordinator", 13)],
)
def test_application_page_query_count_does_not_grow_with_the_thread(
    client, request, application, haringey_manager, camden_manager, camden_worker, coordinator,
    django_assert_num_queries, viewer, queries, size,
):  # fmt: skip
    authors = [camden_worker, haringey_manager, camden_manager, coordinator]
    for n in range(size):
        services.application_message_post(
            application=application, by=authors[n % len(authors)], body=f"Message {n}"
        )
    client.force_login(request.getfixturevalue(viewer))

    with django_assert_num_queries(queries):
        response = client.get(application.get_absolute_url())

    page = response.content.decode()
    assert page.count('<li id="message-') == size
    assert f"Message {size - 1}" in page
    assert "Borough manager, Haringey" in page
