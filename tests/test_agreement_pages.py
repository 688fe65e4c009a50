"""The agreement pages as managers and coordinators see them: the list grouped
by what waits for whom, the coordinators' filters, an agreement's own page,
and the agreements shown beside a help request's funding and on the borough
page and dashboards."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from boroughs.models import FundingModel
from money.agreements.services import (
    agreement_decline,
    agreement_propose,
    agreement_record,
)
from tests.factories import BoroughFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _section(page: str, caption: str) -> str:
    """The table under this caption (empty if there is none)."""
    found = re.search(rf"{re.escape(caption)} \(\d+\)</caption>(.*?)</table>", page, re.S)
    return found.group(1) if found else ""


def _links(page: str) -> int:
    """How many agreements the page links to."""
    return len(re.findall(r'href="/agreements/\d+/"', page))


@pytest.fixture
def agreements(camden, haringey, hackney, camden_manager, haringey_manager, hackney_manager,
               coordinator):  # fmt: skip
    islington = BoroughFactory(name="Islington")
    enfield = BoroughFactory(name="Enfield")
    return {
        "asked_of_camden": agreement_propose(
            from_borough=hackney,
            to_borough=camden,
            funding_model=FundingModel.DAY_RATE,
            day_rate=325,
            starts_on=TODAY + 10 * DAY,
            by=hackney_manager,
        ),
        "asked_by_camden": agreement_propose(
            from_borough=camden,
            to_borough=haringey,
            funding_model=FundingModel.HOME_FUNDED,
            starts_on=TODAY + 10 * DAY,
            by=camden_manager,
        ),
        "in_force": agreement_record(
            borough_a=camden,
            borough_b=islington,
            funding_model=FundingModel.HOST_RECHARGE,
            recharge_terms="Social workers and senior practitioners only",
            starts_on=TODAY - 100 * DAY,
            by=coordinator,
        ),
        "ended": agreement_record(
            borough_a=camden,
            borough_b=enfield,
            funding_model=FundingModel.HOME_FUNDED,
            starts_on=TODAY - 100 * DAY,
            ends_on=TODAY - DAY,
            by=coordinator,
        ),
        "declined": agreement_decline(
            agreement=agreement_propose(
                from_borough=haringey,
                to_borough=hackney,
                funding_model=FundingModel.HOME_FUNDED,
                starts_on=TODAY - 5 * DAY,
                by=haringey_manager,
            ),
            reason="Not this year",
            by=hackney_manager,
        ),
    }


def test_a_manager_sees_their_boroughs_agreements_grouped(client, agreements, camden_manager):
    client.force_login(camden_manager)

    page = client.get(reverse("agreement_list")).content.decode()

    assert "Agreements with Camden" in page
    assert "Hackney" in _section(page, "Waiting for your answer")
    assert "Haringey" in _section(page, "Waiting for the other borough")
    assert "Islington" in _section(page, "In force or yet to start")
    assert "Host recharges salary cost" in _section(page, "In force or yet to start")
    assert "Enfield" in _section(page, "Ended, declined or withdrawn")
    # Haringey declined Hackney's proposal: nothing to do with Camden.
    assert "Not this year" not in page
    assert _links(page) == 4
    assert "Propose an agreement" in page


def test_the_other_boroughs_manager_sees_only_their_own(client, agreements, hackney_manager):
    client.force_login(hackney_manager)

    page = client.get(reverse("agreement_list")).content.decode()

    assert "Camden" in _section(page, "Waiting for the other borough")
    assert "Haringey" in _section(page, "Ended, declined or withdrawn")
    assert "Islington" not in page and "Enfield" not in page


def test_a_coordinator_sees_every_agreement_and_filters_them(client, agreements, coordinator):
    client.force_login(coordinator)

    everything = client.get(reverse("agreement_list")).content.decode()
    assert _links(everything) == 5
    assert "Propose an agreement" not in everything

    by_borough = client.get(reverse("agreement_list"), {"borough": "E09000012"}).content.decode()
    assert _links(by_borough) == 2
    assert "Islington</a>" not in by_borough

    waiting = client.get(reverse("agreement_list"), {"status": "proposed"}).content.decode()
    assert _links(waiting) == 2
    assert "Islington</a>" not in waiting

    in_force = client.get(reverse("agreement_list"), {"status": "in_force"}).content.decode()
    assert "Islington</a>" in in_force and "Enfield</a>" not in in_force

    ended = client.get(reverse("agreement_list"), {"status": "ended"}).content.decode()
    assert "Enfield</a>" in ended and "Islington</a>" not in ended

    nothing = client.get(
        reverse("agreement_list"), {"borough": "E09000012", "status": "ended"}
    ).content.decode()
    assert "No agreements match these filters." in nothing


def test_a_social_worker_has_no_agreements_page(client, agreements, camden_worker):
    client.force_login(camden_worker)

    assert client.get(reverse("agreement_list")).status_code == 404


def test_the_agreement_page_shows_terms_status_and_history(
    client, agreements, coordinator, camden_manager
):
    agreement = agreements["in_force"]
    client.force_login(camden_manager)

    page = client.get(agreement.get_absolute_url()).content.decode()

    assert "Camden and Islington" in page
    assert "In force" in page
    assert "Social workers and senior practitioners only" in page
    assert "No end date" in page
    assert "Agreement recorded" in page
    assert "End agreement" in page
    assert "Accept agreement" not in page


def test_the_request_form_lists_the_boroughs_agreements_beside_funding(
    client, agreements, camden_manager
):
    client.force_login(camden_manager)

    page = client.get(reverse("request_create")).content.decode()

    assert "Funding follows the agreement with Islington when the worker comes from Islington" in (
        page
    )
    # Proposals and agreements that have ended are not terms anyone follows.
    assert "agreement with Hackney" not in page
    assert "agreement with Enfield" not in page


def test_the_request_form_says_nothing_without_agreements(client, camden, camden_manager):
    client.force_login(camden_manager)

    page = client.get(reverse("request_create")).content.decode()

    assert 'id="agreements-in-force"' not in page


def test_the_borough_page_lists_agreements_in_force_and_links_its_managers_on(
    client, agreements, camden, camden_manager, hackney_manager
):
    url = reverse("borough_detail", args=[camden.gss_code])
    client.force_login(camden_manager)
    own = client.get(url).content.decode()

    assert "Islington" in own
    assert "Social workers and senior practitioners only" in own
    assert "Enfield" not in own  # ended
    assert "Propose an agreement" in own
    assert reverse("agreement_list") in own

    client.force_login(hackney_manager)
    other = client.get(url).content.decode()
    assert "Islington" in other
    assert "Propose an agreement" not in other
    assert agreements["in_force"].get_absolute_url() not in other


def test_dashboards_count_agreements_waiting_for_an_answer(
    client, agreements, camden_manager, coordinator
):
    client.force_login(camden_manager)
    assert (
        "Agreements (1 waiting for your answer)"
        in client.get(reverse("dashboard")).content.decode()
    )

    client.force_login(coordinator)
    assert (
        "Agreements (2 waiting for an answer)" in client.get(reverse("dashboard")).content.decode()
    )
