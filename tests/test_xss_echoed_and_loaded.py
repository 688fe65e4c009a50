"""Text that reaches a page without a form being saved: search boxes and
filters echoed back from the query string, `?next=` on the sign-in page, and
names that come from data loading (boroughs, specialisms), and notifications
(the notification centre and the HTML part of their emails). Each shows
as text (issue 12, acceptance 6; the saved-form half is in
tests/test_xss_escaped_everywhere.py)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from accounts.models import Specialism
from notifications.delivery.email import build_email
from notifications.models import Notification
from secondments import services
from tests.factories import PASSWORD, BoroughFactory, WorkforceFigureFactory
from tests.request_input import request_data
from tests.xss_payloads import assert_not_echoed_raw, assert_shown_escaped, payload

pytestmark = pytest.mark.django_db

# (who looks, page, query-string parameter the page echoes into its search box)
ECHOED = [
    ("camden_worker", "request_list", "q"),
    ("haringey_manager", "our_requests", "q"),
    ("coordinator", "people", "q"),
    ("coordinator", "audit_log", "q"),
    ("camden_worker", "library", "q"),
]


@pytest.mark.parametrize(("viewer", "url_name", "parameter"), ECHOED)
def test_a_search_typed_into_the_address_is_echoed_as_text(
    request, client, viewer, url_name, parameter
):
    client.force_login(request.getfixturevalue(viewer))

    response = client.get(f"{reverse(url_name)}?{parameter}={quote(payload('xssq'))}")

    assert response.status_code in (200, 400)
    assert_shown_escaped(response.content.decode(), "xssq")


@pytest.mark.parametrize(
    "parameter", ["borough", "specialism", "month", "page", "status", "kind", "from"]
)
@pytest.mark.parametrize("url_name", ["request_list", "event_list", "timesheet_list", "people"])
def test_a_filter_given_hostile_text_never_echoes_it_as_markup(
    client, coordinator, url_name, parameter
):
    client.force_login(coordinator)

    response = client.get(f"{reverse(url_name)}?{parameter}={quote(payload('xssf'))}")

    assert response.status_code in (200, 400)
    assert_not_echoed_raw(response.content.decode(), "xssf")


def test_next_on_the_sign_in_page_is_never_markup(client):
    response = client.get(f"{reverse('account_login')}?next={quote(payload('xssn'))}")

    assert_not_echoed_raw(response.content.decode(), "xssn")


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "//evil.example/", "https://evil.example/"]
)
def test_signing_in_never_follows_next_to_a_script_or_another_site(client, camden_worker, target):
    response = client.post(
        f"{reverse('account_login')}?next={quote(target)}",
        {"login": camden_worker.email, "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("//")


def test_a_loaded_specialism_name_shows_as_text(client, camden_worker, camden_manager):
    specialism = Specialism.objects.create(name=payload("x"))
    camden_worker.worker_profile.specialisms.add(specialism)
    client.force_login(camden_manager)

    person = client.get(reverse("person_detail", args=[camden_worker.pk])).content.decode()

    assert_shown_escaped(person, "x")


def test_notifications_and_their_emails_show_hostile_titles_as_text(
    client, camden_worker, haringey_manager, camden, django_capture_on_commit_callbacks
):
    title = payload("xsst")
    draft = services.help_request_create(by=haringey_manager, data=request_data(title=title))
    help_request = services.help_request_publish(help_request=draft, by=haringey_manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_volunteer(help_request=help_request, by=camden_worker)

    told = Notification.objects.filter(recipient=haringey_manager, title__contains="xsst")
    assert told.exists()
    for notification in told:
        email = build_email(notification)
        html_body = next(body for body, kind in email.alternatives if kind == "text/html")
        assert_shown_escaped(html_body, "xsst")
        assert title in email.body  # the plain-text part is text already: left as typed
    client.force_login(haringey_manager)
    assert_shown_escaped(client.get(reverse("notifications")).content.decode(), "xsst")
    # "Marked as read: <title>" comes back as a message on the next page.
    read = client.post(reverse("notification_read", args=[told[0].pk]), follow=True)
    assert_shown_escaped(read.content.decode(), "xsst")


def test_a_success_message_naming_a_hostile_team_shows_it_as_text(client, camden, camden_manager):
    client.force_login(camden_manager)

    response = client.post(
        reverse("team_add", args=[camden.gss_code]), {"name": payload("xssm")}, follow=True
    )

    html = response.content.decode()
    assert "govuk-notification-banner" in html
    assert_shown_escaped(html, "xssm")


def test_a_loaded_borough_name_shows_as_text_in_lists_and_the_league_table(client, coordinator):
    # The borough table is loaded from reference data; a hostile row must not
    # become markup on the pages (and the public league table) that list it.
    borough = BoroughFactory(gss_code="E09000099", name=payload("x"))
    WorkforceFigureFactory(borough=borough)

    public = [reverse("league_table"), reverse("league_authority", args=[borough.gss_code])]
    for url in public:
        assert_shown_escaped(client.get(url).content.decode(), "x")
    client.force_login(coordinator)
    for url in [reverse("borough_list"), reverse("borough_detail", args=[borough.gss_code])]:
        assert_shown_escaped(client.get(url).content.decode(), "x")
