"""Inviting a social worker never tells a manager whether an email address has an account.

The host chooses from the request's own candidates (its ranked matches and
whoever has applied or been invited), found by name; whatever else is sent
(an email address, someone with an account who is not a candidate, a made-up
id) gets the same words back.
"""

import pytest
from django.urls import reverse

from secondments import services
from secondments.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, MatchFactory, UserFactory, WorkerProfileFactory
from tests.request_input import request_data

pytestmark = pytest.mark.django_db

GENERIC = "Choose a social worker from the list"


@pytest.fixture
def haringey_request(haringey_manager):
    draft = services.help_request_create(by=haringey_manager, data=request_data(places=1))
    return services.help_request_publish(help_request=draft, by=haringey_manager)


@pytest.fixture
def candidates(haringey_request, camden):
    best = UserFactory(borough=camden, full_name="Bea Best", email="bea@camden.gov.uk")
    second = UserFactory(borough=camden, full_name="Sam Second", email="sam@camden.gov.uk")
    applied = UserFactory(borough=camden, full_name="Alf Applied", email="alf@camden.gov.uk")
    for worker in (best, second, applied):
        WorkerProfileFactory(user=worker)
    MatchFactory(help_request=haringey_request, worker=best, score=91)
    MatchFactory(help_request=haringey_request, worker=second, score=64)
    ApplicationFactory(
        help_request=haringey_request, worker=applied, status=ApplicationStatus.WITHDRAWN
    )
    return best, second, applied


def _page(response) -> str:
    return response.content.decode()


def test_the_page_lists_the_requests_candidates_best_first_and_has_no_email_box(
    client, haringey_request, haringey_manager, candidates
):
    client.force_login(haringey_manager)
    page = _page(client.get(reverse("request_invite", args=[haringey_request.pk])))

    assert page.index("Bea Best") < page.index("Sam Second") < page.index("Alf Applied")
    assert "Match score 91" in page
    assert 'type="email"' not in page and 'name="email"' not in page
    assert "bea@camden.gov.uk" not in page


def test_the_search_box_filters_the_candidates_by_name(
    client, haringey_request, haringey_manager, candidates
):
    client.force_login(haringey_manager)
    url = reverse("request_invite", args=[haringey_request.pk])

    page = _page(client.get(url, {"q": "sec"}))
    assert "Sam Second" in page
    assert "Bea Best" not in page and "Alf Applied" not in page

    nobody = _page(client.get(url, {"q": "Zebedee"}))
    assert "No social worker on this request has a name containing" in nobody


def test_choosing_a_candidate_invites_them(client, haringey_request, haringey_manager, candidates):
    best, _, _ = candidates
    client.force_login(haringey_manager)

    response = client.post(
        reverse("request_invite", args=[haringey_request.pk]), {"worker": best.pk}
    )

    application = Application.objects.get(worker=best)
    assert response["Location"] == application.get_absolute_url()
    assert application.status == ApplicationStatus.INVITED


def test_unknown_email_known_email_and_outsiders_all_get_the_same_answer(
    client, haringey_request, haringey_manager, candidates, camden_worker, camden
):
    # camden_worker has an account but is not matched to, nor applied for, the request.
    client.force_login(haringey_manager)
    url = reverse("request_invite", args=[haringey_request.pk])
    no_such_id = 10_000_000
    attempts = [
        {"email": "nobody-at-all@camden.gov.uk"},
        {"email": camden_worker.email},
        {"worker": camden_worker.email},
        {"worker": "nobody-at-all@camden.gov.uk"},
        {"worker": camden_worker.pk},
        {"worker": no_such_id},
        {},
    ]

    answers = []
    for data in attempts:
        response = client.post(url, data)
        assert response.status_code == 200
        page = _page(response)
        assert "There is a problem" in page
        assert GENERIC in page
        for revealing in ("No social worker has an account", "account with that email"):
            assert revealing not in page
        # Beyond the error, the page is the same page whatever was sent.
        answers.append(page.replace(str(data.get("worker", "")), "").count(GENERIC))

    assert len(set(answers)) == 1
    assert not Application.objects.filter(worker=camden_worker).exists()


def test_another_boroughs_manager_cannot_open_the_invite_page(
    client, haringey_request, hackney_manager, candidates
):
    client.force_login(hackney_manager)
    url = reverse("request_invite", args=[haringey_request.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"worker": candidates[0].pk}).status_code == 403
    assert not Application.objects.filter(worker=candidates[0]).exists()
