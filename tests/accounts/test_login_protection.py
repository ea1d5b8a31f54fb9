"""Brute force on logging in: the per-address throttle cannot be dodged with
X-Forwarded-For, and one account's failed logins lock that account whatever
address they come from (django-axes), on the API and in Django admin alike."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REGISTER = "/api/v1/auth/register/"
ADMIN_LOGIN = "/admin/login/?next=/admin/"
LIMIT = 4


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "10/min"},
    }
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def address(n: int) -> dict[str, str]:
    """A request from its own socket address (and a forged header, which must not matter)."""
    return {"REMOTE_ADDR": f"203.0.113.{n}", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}


def login(client, email: str, password: str, n: int = 1):
    return client.post(TOKEN, {"email": email, "password": password}, format="json", **address(n))


def test_failures_from_many_addresses_lock_the_account_even_for_the_right_password(api_client, user):
    codes = [login(api_client, user.email, f"guess-{n}", n).status_code for n in range(LIMIT)]
    right = login(api_client, user.email, DEFAULT_PASSWORD, 200)

    assert codes == [401] * (LIMIT - 1) + [429]
    assert right.status_code == 429
    assert right.json() == {
        "detail": "Too many failed logins. Try again in 15 minutes.",
        "errors": {},
    }
    assert int(right["Retry-After"]) == 15 * 60
    assert "access" not in right.json()
    attempts = AccessAttempt.objects.filter(username=user.email)
    assert attempts.count() == LIMIT + 1  # one row per address: the socket's, not the forged header's
    assert {a.ip_address for a in attempts} == {f"203.0.113.{n}" for n in [*range(LIMIT), 200]}
    assert sum(a.failures_since_start for a in attempts) == LIMIT + 1


def test_the_lock_counts_the_account_whatever_the_case_of_the_e_mail(api_client, user):
    for n in range(LIMIT):
        login(api_client, user.email.upper() if n % 2 else user.email, f"guess-{n}", n)

    assert login(api_client, user.email, DEFAULT_PASSWORD, 99).status_code == 429


def test_the_lock_ends_after_the_cool_off(api_client, user):
    for n in range(LIMIT):
        login(api_client, user.email, f"guess-{n}", n)
    assert login(api_client, user.email, DEFAULT_PASSWORD, 50).status_code == 429

    # As if the cool-off had passed since the last failure.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16))

    response = login(api_client, user.email, DEFAULT_PASSWORD, 51)
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_other_accounts_are_not_locked(api_client, user):
    other = UserFactory()
    for n in range(LIMIT):
        login(api_client, user.email, f"guess-{n}", n)

    assert login(api_client, other.email, DEFAULT_PASSWORD, 1).status_code == 200


def test_axes_reset_username_unlocks_the_account(api_client, user):
    for n in range(LIMIT):
        login(api_client, user.email, f"guess-{n}", n)

    call_command("axes_reset_username", user.email)

    assert login(api_client, user.email, DEFAULT_PASSWORD, 1).status_code == 200
    assert not AccessAttempt.objects.exists()


def test_a_long_or_odd_e_mail_gets_a_4xx_not_a_500(api_client):
    for email in ["x" * 5000 + "@example.com", "nul\x00@example.com"]:
        response = api_client.post(TOKEN, {"email": email, "password": "wrong"}, format="json")
        assert response.status_code in (400, 401), response.content
        assert response.json()["detail"]


def test_registering_a_taken_e_mail_counts_against_that_account(api_client, user):
    body = {"email": user.email, "password": "a-much-better-passphrase-42"}
    codes = [api_client.post(REGISTER, body, format="json", **address(n)).status_code for n in range(LIMIT)]

    assert codes == [400] * (LIMIT - 1) + [429]
    assert api_client.post(REGISTER, body, format="json", **address(77)).status_code == 429
    assert login(api_client, user.email, DEFAULT_PASSWORD, 78).status_code == 429
    assert User.objects.filter(email=user.email).count() == 1


def admin_login(client, email: str, password: str, n: int):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password}, REMOTE_ADDR=f"203.0.113.{n}")


def test_the_admin_login_locks_the_account_too(client):
    admin_user = UserFactory(role=Role.ADMIN)

    wrong = [admin_login(client, admin_user.email, f"guess-{n}", n) for n in range(LIMIT)]
    right = admin_login(client, admin_user.email, DEFAULT_PASSWORD, 100)

    assert [r.status_code for r in wrong[:-1]] == [200] * (LIMIT - 1)  # the form again, with its error
    assert wrong[-1].status_code == 429
    assert right.status_code == 429
    assert "Too many failed logins. Try again in 15 minutes." in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_the_admin_login_still_works_below_the_limit(client):
    admin_user = UserFactory(role=Role.ADMIN)
    admin_login(client, admin_user.email, "one-typo", 1)

    response = admin_login(client, admin_user.email, DEFAULT_PASSWORD, 1)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_one_address_trying_many_accounts_is_locked_too(client, api_client):
    admins = [UserFactory(role=Role.ADMIN) for _ in range(LIMIT)]

    sprayed = [admin_login(client, a.email, "Summer2026!", 9) for a in admins]
    fresh = UserFactory(role=Role.ADMIN)
    right = admin_login(client, fresh.email, DEFAULT_PASSWORD, 9)
    api = login(api_client, fresh.email, DEFAULT_PASSWORD, 9)
    elsewhere = admin_login(client, fresh.email, DEFAULT_PASSWORD, 10)

    assert [r.status_code for r in sprayed] == [200] * (LIMIT - 1) + [429]
    assert right.status_code == 429
    assert api.status_code == 429
    assert elsewhere.status_code == 302


def test_the_address_lock_follows_the_proxy_setting(api_client, settings, user):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(LIMIT):
        api_client.post(
            TOKEN,
            {"email": f"nobody{n}@example.com", "password": "x"},
            format="json",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    other_client = api_client.post(
        TOKEN,
        {"email": user.email, "password": DEFAULT_PASSWORD},
        format="json",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )

    assert other_client.status_code == 200
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_forwarded_value_that_is_no_address_counts_as_the_socket(api_client, settings):
    # A client reaching the app past its proxy can write anything in the header.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    response = api_client.post(
        TOKEN,
        {"email": "nobody@example.com", "password": "x"},
        format="json",
        REMOTE_ADDR="10.0.0.3",
        HTTP_X_FORWARDED_FOR="not-an-address",
    )

    assert response.status_code == 401
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.3"]
