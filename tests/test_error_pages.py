"""Refusals look like the rest of the service and say what happened."""

import pytest
from django.urls import reverse

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
