"""The application page offers a person exactly the actions the services let them take.

Both read secondments/transitions.py. For an application at each step of the
workflow, everyone involved (the worker, the host, the home manager, another
borough's manager, a coordinator, and a coordinator once a release has been
escalated) opens the page and then tries every action: an action offered as a
button goes through; one not offered is refused (403, 404 or 409).
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from boroughs.models import FundingModel
from secondments import services, transitions
from secondments.models import Application, ApplicationStatus, Purpose, WorkingPattern

pytestmark = pytest.mark.django_db

PEOPLE = ["camden_worker", "haringey_manager", "camden_manager", "hackney_manager", "coordinator"]


class _Undo(Exception):
    """Raised to roll a try back, so every action starts from the same application."""


def _request(haringey_manager):
    starts = timezone.localdate() + datetime.timedelta(days=30)
    help_request = services.help_request_create(
        by=haringey_manager,
        data={
            "title": "Assessment backlog",
            "purpose": Purpose.BACKLOG,
            "job_level": 1,
            "min_years_qualified": 0,
            "newly_qualified_suitable": False,
            "supervisor_name": "",
            "places": 1,
            "starts_on": starts,
            "ends_on": starts + datetime.timedelta(days=60),
            "days_per_week": 3,
            "working_pattern": WorkingPattern.HYBRID,
            "location": "",
            "funding_model": FundingModel.HOME_FUNDED,
            "day_rate": None,
            "urgency": "routine",
            "description": "Help clear the assessments",
            "specialisms": [],
        },
    )
    return services.help_request_publish(help_request=help_request, by=haringey_manager)


def _application_at(step: str, help_request, worker, host, home) -> Application:
    if step == "invited":
        return services.application_invite(help_request=help_request, worker=worker, by=host)
    application = services.application_volunteer(help_request=help_request, by=worker)
    if step == "interested":
        return application
    application = services.application_select(application=application, by=host)
    if step in ("selected", "escalated"):
        if step == "escalated":
            Application.objects.filter(pk=application.pk).update(
                release_escalated_at=timezone.now()
            )
        return application
    application = services.application_release(application=application, by=home)
    if step == "released":
        return application
    return services.application_withdraw(application=application, by=worker, reason="Ill")


@pytest.mark.parametrize(
    "step", ["invited", "interested", "selected", "escalated", "released", "withdrawn"]
)
def test_the_page_offers_exactly_what_the_services_allow(
    client, request, step, camden_worker, haringey_manager, camden_manager
):
    help_request = _request(haringey_manager)
    application = _application_at(
        step, help_request, camden_worker, haringey_manager, camden_manager
    )
    application.refresh_from_db()
    url = reverse("application_detail", args=[application.pk])
    offered_anything = False

    for name in PEOPLE:
        person = request.getfixturevalue(name)
        client.force_login(person)
        page = client.get(url)
        offered = {
            action
            for action in transitions.TRANSITIONS
            if reverse("application_action", args=[application.pk, action]) in page.content.decode()
        }
        assert offered == set(transitions.allowed_actions(application, person))
        offered_anything |= bool(offered)
        for action in transitions.TRANSITIONS:
            try:
                with transaction.atomic():
                    response = client.post(
                        reverse("application_action", args=[application.pk, action]),
                        {"reason": "A reason given"},
                    )
                    raise _Undo
            except _Undo:
                pass
            if action in offered:
                assert response.status_code == 302, (step, name, action, response.status_code)
            else:
                assert response.status_code in (403, 404, 409), (step, name, action)

    # The final state offers no one anything; every other step offers someone something.
    assert offered_anything == (step != "withdrawn")


def test_each_action_leads_where_the_table_says(camden_worker, haringey_manager, camden_manager):
    help_request = _request(haringey_manager)
    application = _application_at(
        "interested", help_request, camden_worker, haringey_manager, camden_manager
    )

    selected = services.application_select(application=application, by=haringey_manager)

    assert selected.status == transitions.TRANSITIONS["select"].to_state
    assert selected.status == ApplicationStatus.SELECTED
