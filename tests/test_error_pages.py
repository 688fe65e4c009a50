"""Refusals look like the rest of the service and say what happened."""

import pytest
from django.urls import reverse

from tests.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_plain_words(client, camden_worker):
    client.force_login(camden_worker)

    response = client.get("/requests/999999/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert reverse("dashboard") in page


def test_a_refusal_says_why(client, hackney_manager, camden_worker):
    client.force_login(hackney_manager)

    response = client.post(reverse("person_role", args=[hackney_manager.pk]), {"role": "worker"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do that" in page
    assert "Only a coordinator can do that." in page


def test_a_get_on_an_action_goes_back_to_the_page_it_belongs_to(client, camden_manager):
    draft = HelpRequestFactory(borough=camden_manager.borough, status="draft")
    client.force_login(camden_manager)

    response = client.get(reverse("request_publish", args=[draft.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("request_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_another_method_on_an_action_gets_the_405_page(client, camden_worker):
    client.force_login(camden_worker)

    response = client.put(reverse("notifications_read_all"))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "This address only takes a form" in page
    assert 'class="govuk-header' in page or "govuk-generic-header" in page


def test_a_server_error_gets_the_service_page_with_debug_off(client, settings, camden_worker):
    settings.ROOT_URLCONF = "tests.error_urls"
    client.force_login(camden_worker)
    assert settings.DEBUG is False
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "govuk-generic-header" in page
    assert "Traceback" not in page and "RuntimeError" not in page
