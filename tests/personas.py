"""The people every test talks about, in the boroughs the demo uses.

Camden and Haringey are neighbours; Hackney borders both. The Hackney
manager is the "other borough's manager" who must never see Camden's things.
"""

import pytest
from allauth.mfa.models import Authenticator

from accounts.models import Role
from tests.factories import BoroughFactory, TeamFactory, UserFactory, WorkerProfileFactory


def _with_totp(user):
    # Managers and coordinators must have MFA; personas have it already so
    # tests about other things are not redirected to the set-up page.
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture
def camden(db):
    return BoroughFactory(gss_code="E09000007", name="Camden")


@pytest.fixture
def haringey(db):
    return BoroughFactory(gss_code="E09000014", name="Haringey")


@pytest.fixture
def hackney(db):
    return BoroughFactory(gss_code="E09000012", name="Hackney")


@pytest.fixture
def camden_team(camden):
    return TeamFactory(borough=camden, name="Assessment")


@pytest.fixture
def camden_manager(camden):
    return _with_totp(
        UserFactory(
            email="manager@camden.gov.uk",
            full_name="Cara Manager",
            role=Role.MANAGER,
            borough=camden,
        )
    )


@pytest.fixture
def haringey_manager(haringey):
    return _with_totp(
        UserFactory(
            email="manager@haringey.gov.uk",
            full_name="Harry Manager",
            role=Role.MANAGER,
            borough=haringey,
        )
    )


@pytest.fixture
def hackney_manager(hackney):
    return _with_totp(
        UserFactory(
            email="manager@hackney.gov.uk",
            full_name="Hana Manager",
            role=Role.MANAGER,
            borough=hackney,
        )
    )


@pytest.fixture
def coordinator(db):
    return _with_totp(
        UserFactory(
            email="coordinator@partnership.gov.uk",
            full_name="Cora Ordinator",
            role=Role.COORDINATOR,
            borough=None,
        )
    )


@pytest.fixture
def camden_worker(camden):
    user = UserFactory(email="worker@camden.gov.uk", full_name="Wendy Worker", borough=camden)
    WorkerProfileFactory(user=user)
    return user


@pytest.fixture
def hackney_worker(hackney):
    user = UserFactory(email="worker@hackney.gov.uk", full_name="Walter Worker", borough=hackney)
    WorkerProfileFactory(user=user)
    return user
