"""The people every test talks about, in the boroughs the demo uses.

Camden and Haringey are neighbours; Hackney borders both. The Hackney
manager is the "other borough's manager" who must never see Camden's things.
"""

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.test import Client

from accounts.models import CoordinatorRegion, Role
from accounts.session_limits import start_sign_in
from boroughs.models import Region
from tests.factories import BoroughFactory, TeamFactory, UserFactory, WorkerProfileFactory

# 160 bits, as authenticator apps generate; tests compute codes with pyotp.
PERSONA_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _with_totp(user):
    # Managers and coordinators must have MFA; personas have it already so
    # tests about other things are not redirected to the set-up page.
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": PERSONA_TOTP_SECRET}
    )
    return user


def with_totp(user):
    """Give a manager or coordinator made outside the personas (the demo data,
    say) the persona authenticator, so TwoFactorClient can sign them in."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        _with_totp(user)
    return user


class TwoFactorClient(Client):
    """A test client whose force_login signs in as allauth's sign-in page does.

    allauth records each step of a sign-in in the session: the password, then
    the code from the person's authenticator app when they have one. Without
    the second record accounts/middleware.py signs the session out, as it must
    for a real password-only session.
    """

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        request = HttpRequest()
        request.session = self.session
        request.user = user
        record_authentication(request, user, "password", email=user.email)
        authenticator = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).first()
        if authenticator is not None:
            record_authentication(
                request, user, "mfa", id=authenticator.pk, type=authenticator.type
            )
        # Sessions and sign-in (issue 12): the idle and absolute limits start
        # here, as they do on the sign-in page.
        start_sign_in(request)
        request.session.save()


@pytest.fixture
def client() -> TwoFactorClient:
    """pytest-django's `client`, signing in with both factors (see TwoFactorClient)."""
    return TwoFactorClient()


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


def _manager(borough, email: str, full_name: str):
    return _with_totp(
        UserFactory(email=email, full_name=full_name, role=Role.MANAGER, borough=borough)
    )


@pytest.fixture
def camden_manager(camden):
    return _manager(camden, "manager@camden.gov.uk", "Cara Manager")


@pytest.fixture
def haringey_manager(haringey):
    return _manager(haringey, "manager@haringey.gov.uk", "Harry Manager")


@pytest.fixture
def hackney_manager(hackney):
    return _manager(hackney, "manager@hackney.gov.uk", "Hana Manager")


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


def _regional_coordinator(email: str, full_name: str, *regions: str):
    person = _with_totp(
        UserFactory(
            email=email,
            full_name=full_name,
            role=Role.COORDINATOR,
            borough=None,
            coordinates_nationally=False,
        )
    )
    for region in regions:
        CoordinatorRegion.objects.create(user=person, region=region)
    return person


@pytest.fixture
def london_coordinator(db):
    """A coordinator of the London region only (the persona boroughs are in London)."""
    return _regional_coordinator("coordinator@london.gov.uk", "Lon Ordinator", Region.LONDON)


@pytest.fixture
def north_east_coordinator(db):
    """The "coordinator of another region": the North East's, who must never see
    anything of the London persona boroughs."""
    return _regional_coordinator(
        "coordinator@northeast.gov.uk", "Nora Eastcoordinator", Region.NORTH_EAST
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
