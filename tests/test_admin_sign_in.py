"""Nobody reaches the admin or a coordinator's pages on a password alone.

Django's admin login form checked the password only, with no rate limit; a
coordinator with an authenticator app who signed in there could then use
every page. The admin now signs in through allauth, and a session that has
not passed the second factor is signed out, whatever page it asks for.
"""

from urllib.parse import urlencode

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User, WorkerProfile
from audit.models import AuditEvent
from home.demo.people import COORDINATOR_EMAIL, seed_demo
from tests.factories import PASSWORD, UserFactory
from tests.personas import PERSONA_TOTP_SECRET

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
ADMIN_LOGIN = "/admin/login/"
SIGN_IN = reverse("account_login")
SIGN_IN_AGAIN = "Sign in again and enter the code from your authenticator app"
THROTTLED = "Too many attempts to sign in: wait 5 minutes and try again"


@pytest.fixture
def operator(coordinator):
    """A coordinator who also runs the admin, with an authenticator app (a persona)."""
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save(update_fields=["is_staff", "is_superuser"])
    return coordinator


def _coordinator_pages(worker) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("audit_log"),
        reverse("approvals_queue"),
        reverse("people"),
        reverse("person_detail", args=[worker.pk]),
        ADMIN,
        "/admin/auth/group/",
        reverse("mfa_deactivate_totp"),
    ]


def _assert_signed_out(client: Client) -> None:
    assert "_auth_user_id" not in client.session


def _ends_at_sign_in(response) -> bool:
    """Followed to the end, the request arrived at the sign-in page."""
    return response.status_code == 200 and response.request["PATH_INFO"] == SIGN_IN


def _state(worker) -> tuple:
    profile = WorkerProfile.objects.get(user=worker)
    return (
        profile.registration_verified,
        User.objects.get(pk=worker.pk).role,
        # Signing in and being signed out are audited; what must not appear is a change.
        AuditEvent.objects.exclude(action__in=["signed_in", "signed_out"]).count(),
        Authenticator.objects.count(),
    )


def test_admin_login_page_sends_people_to_the_sign_in_page(client):
    response = client.get(ADMIN)
    assert response["Location"] == f"{ADMIN_LOGIN}?next=/admin/"

    response = client.get(response["Location"])

    assert response["Location"] == f"{SIGN_IN}?{urlencode({'next': ADMIN})}"
    page = client.get(response["Location"]).content.decode()
    assert "Sign in" in page
    assert 'name="next" value="/admin/"' in page


def test_admin_login_keeps_only_a_safe_next(client):
    inside = client.get(ADMIN_LOGIN, {"next": "/admin/accounts/user/"})
    outside = client.get(ADMIN_LOGIN, {"next": "https://evil.example/admin/"})
    itself = client.get(ADMIN_LOGIN, {"next": ADMIN_LOGIN})

    assert inside["Location"] == f"{SIGN_IN}?{urlencode({'next': '/admin/accounts/user/'})}"
    assert outside["Location"] == f"{SIGN_IN}?{urlencode({'next': ADMIN})}"
    assert itself["Location"] == f"{SIGN_IN}?{urlencode({'next': ADMIN})}"


def test_password_at_the_admin_login_signs_nobody_in_and_reaches_nothing(operator, camden_worker):
    client = Client()
    before = _state(camden_worker)

    response = client.post(
        ADMIN_LOGIN, {"username": operator.email, "password": PASSWORD, "next": ADMIN}
    )

    assert response["Location"] == f"{SIGN_IN}?{urlencode({'next': ADMIN})}"
    _assert_signed_out(client)
    for page in _coordinator_pages(camden_worker):
        assert _ends_at_sign_in(client.get(page, follow=True)), page
    verify = client.post(reverse("person_verify", args=[camden_worker.pk]), follow=True)
    role = client.post(
        reverse("person_role", args=[camden_worker.pk]), {"role": Role.MANAGER}, follow=True
    )
    assert _ends_at_sign_in(verify)
    assert _ends_at_sign_in(role)
    assert _state(camden_worker) == before
    operator.refresh_from_db()
    assert operator.last_login is None


def test_password_only_session_of_a_coordinator_with_totp_is_signed_out(operator, camden_worker):
    # What Django's admin login form used to do: check the password, sign in.
    before = _state(camden_worker)
    for page in [*_coordinator_pages(camden_worker), reverse("accessibility")]:
        client = Client()
        assert client.login(email=operator.email, password=PASSWORD)

        response = client.get(page)

        assert response["Location"] == f"{SIGN_IN}?{urlencode({'next': page})}", page
        _assert_signed_out(client)
        assert SIGN_IN_AGAIN in client.get(response["Location"]).content.decode()

    for url, data in [
        (reverse("person_verify", args=[camden_worker.pk]), {}),
        (reverse("person_role", args=[camden_worker.pk]), {"role": Role.MANAGER}),
        (reverse("mfa_deactivate_totp"), {}),
    ]:
        client = Client()
        assert client.login(email=operator.email, password=PASSWORD)

        response = client.post(url, data)

        assert response["Location"] == SIGN_IN, url
        _assert_signed_out(client)
    assert _state(camden_worker) == before


def test_session_opened_before_an_authenticator_was_added_is_signed_out(client, camden_worker):
    client.force_login(camden_worker)
    assert client.get(reverse("profile")).status_code == 200

    # The worker adds an authenticator app from another device.
    Authenticator.objects.create(
        user=camden_worker, type=Authenticator.Type.TOTP, data={"secret": PERSONA_TOTP_SECRET}
    )

    response = client.get(reverse("profile"))
    assert response["Location"] == f"{SIGN_IN}?{urlencode({'next': reverse('profile')})}"
    _assert_signed_out(client)


def test_thirty_wrong_passwords_at_the_admin_login_never_sign_in_and_allauth_throttles(operator):
    client = Client()
    for attempt in range(30):
        response = client.post(
            ADMIN_LOGIN,
            {"username": operator.email, "password": f"wrong-{attempt}", "next": ADMIN},
        )
        assert response["Location"] == f"{SIGN_IN}?{urlencode({'next': ADMIN})}"
    _assert_signed_out(client)
    operator.refresh_from_db()
    assert operator.last_login is None

    # The sign-in page it sends them to checks passwords, and counts failures:
    # five for one account, then it refuses even the right password.
    sign_in = f"{SIGN_IN}?{urlencode({'next': ADMIN})}"
    for attempt in range(5):
        page = client.post(sign_in, {"login": operator.email, "password": f"wrong-{attempt}"})
        assert "Enter the email address and password for your account" in page.content.decode()
    assert THROTTLED in client.post(sign_in, {"login": operator.email, "password": "wrong"}).text
    right = client.post(sign_in, {"login": operator.email, "password": PASSWORD})
    assert THROTTLED in right.text
    _assert_signed_out(client)

    # 30 sign-in attempts a minute from one address, then 429 Too Many Requests.
    statuses = [
        client.post(sign_in, {"login": f"someone{n}@example.gov.uk", "password": "x"}).status_code
        for n in range(24)
    ]
    assert statuses == [200] * 23 + [429]
    too_many = client.post(sign_in, {"login": operator.email, "password": PASSWORD})
    assert too_many.status_code == 429
    assert "Too many requests" in too_many.text
    _assert_signed_out(client)


def test_coordinator_who_enters_their_code_reaches_the_admin_and_every_page(
    operator, camden_worker
):
    client = Client()
    login_page = client.get(client.get(ADMIN_LOGIN)["Location"])
    assert login_page.status_code == 200

    password = client.post(
        f"{SIGN_IN}?{urlencode({'next': ADMIN})}", {"login": operator.email, "password": PASSWORD}
    )
    assert password["Location"].startswith(reverse("mfa_authenticate"))
    _assert_signed_out(client)
    code = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(PERSONA_TOTP_SECRET).now()})

    assert code["Location"] == ADMIN
    for page in _coordinator_pages(camden_worker):
        assert client.get(page).status_code == 200, page
    verify = client.post(reverse("person_verify", args=[camden_worker.pk]))
    assert verify["Location"] == reverse("person_detail", args=[camden_worker.pk])
    assert WorkerProfile.objects.get(user=camden_worker).registration_verified


def test_signed_in_person_who_is_not_staff_is_refused_the_admin(client, coordinator):
    client.force_login(coordinator)

    assert client.get(ADMIN)["Location"] == f"{ADMIN_LOGIN}?next=/admin/"
    assert client.get(f"{ADMIN_LOGIN}?next=/admin/").status_code == 403


def test_staff_user_without_an_authenticator_is_sent_to_set_one_up(client, camden):
    staff = UserFactory(email="ops@partnership.gov.uk", borough=camden, is_staff=True)
    client.force_login(staff)

    for page in [reverse("dashboard"), ADMIN, reverse("profile")]:
        assert client.get(page)["Location"] == reverse("mfa_activate_totp"), page


def test_demo_coordinator_is_not_an_admin_operator(settings):
    settings.DEMO_MODE = True
    seed_demo()

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    assert not coordinator.is_staff
    assert not coordinator.is_superuser
    assert not User.objects.filter(is_staff=True).exists()
