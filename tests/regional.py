"""Authorities and people outside London, for the tests of regional coordinators
(issue 13). The persona boroughs (Camden, Haringey, Hackney) are in London;
Norfolk is in the East of England."""

import pytest

from accounts.models import CoordinatorRegion, Role
from boroughs.models import BoroughKind, Region
from tests.factories import BoroughFactory, UserFactory, WorkerProfileFactory
from tests.personas import with_totp


@pytest.fixture
def norfolk(db):
    return BoroughFactory(
        gss_code="E10000020", name="Norfolk", region=Region.EAST, kind=BoroughKind.COUNTY
    )


@pytest.fixture
def suffolk(db):
    return BoroughFactory(
        gss_code="E10000029", name="Suffolk", region=Region.EAST, kind=BoroughKind.COUNTY
    )


@pytest.fixture
def norfolk_manager(norfolk):
    return with_totp(
        UserFactory(
            email="manager@norfolk.gov.uk",
            full_name="Nell Manager",
            role=Role.MANAGER,
            borough=norfolk,
        )
    )


@pytest.fixture
def suffolk_manager(suffolk):
    return with_totp(
        UserFactory(
            email="manager@suffolk.gov.uk",
            full_name="Sid Manager",
            role=Role.MANAGER,
            borough=suffolk,
        )
    )


@pytest.fixture
def norfolk_worker(norfolk):
    user = UserFactory(email="worker@norfolk.gov.uk", full_name="Nia Worker", borough=norfolk)
    WorkerProfileFactory(user=user)
    return user


@pytest.fixture
def east_coordinator(db):
    """The East of England's coordinator (Norfolk and Suffolk)."""
    person = with_totp(
        UserFactory(
            email="coordinator@east.gov.uk",
            full_name="Esme Eastern",
            role=Role.COORDINATOR,
            borough=None,
            coordinates_nationally=False,
        )
    )
    CoordinatorRegion.objects.create(user=person, region=Region.EAST)
    return person
