"""Refresh tokens die with the password and the account: a password change (API,
admin, `manage.py changepassword`) and a deactivation revoke every refresh token
of the user; logout revokes only the caller's own; a rotated-out refresh token
presented again revokes its whole family (reuse detection)."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.roles import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"
ME = "/api/v1/auth/me/"
PASSWORD = "/api/v1/auth/password/"
NEW_PASSWORD = "a-much-better-passphrase-42"


def log_in(user, password: str = DEFAULT_PASSWORD) -> dict[str, str]:
    response = APIClient().post(TOKEN, {"email": user.email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def refresh(token: str):
    return APIClient().post(REFRESH, {"refresh": token}, format="json")


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def live_refresh_tokens(user) -> set[str]:
    return set(
        OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False).values_list("jti", flat=True)
    )


def test_changing_the_password_through_the_api_revokes_every_refresh_token(user):
    laptop, phone = log_in(user), log_in(user)

    response = bearer(laptop["access"]).post(
        PASSWORD, {"old_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}  # the session that changed it carries on
    for old in (laptop, phone):
        assert refresh(old["refresh"]).status_code == 401
        assert bearer(old["access"]).get(ME).status_code == 401
    assert bearer(response.json()["access"]).get(ME).status_code == 200
    assert refresh(response.json()["refresh"]).status_code == 200
    assert len(live_refresh_tokens(user)) == 1


def test_changing_a_password_in_admin_revokes_every_refresh_token(client, user):
    tokens = log_in(user)
    client.force_login(UserFactory(role=Role.ADMIN))

    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert refresh(tokens["refresh"]).status_code == 401
    assert live_refresh_tokens(user) == set()


def test_manage_py_changepassword_revokes_every_refresh_token(user, monkeypatch):
    tokens = log_in(user)
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass", lambda prompt="": NEW_PASSWORD
    )

    call_command("changepassword", user.email)

    assert refresh(tokens["refresh"]).status_code == 401
    assert live_refresh_tokens(user) == set()
    assert log_in(user, NEW_PASSWORD)["refresh"]


def test_deactivating_a_user_by_any_path_revokes_their_refresh_tokens(user):
    tokens = log_in(user)

    user.is_active = False
    user.save()

    assert refresh(tokens["refresh"]).status_code == 401
    assert live_refresh_tokens(user) == set()


def test_a_password_hash_upgrade_at_login_revokes_nothing(user, settings):
    tokens = log_in(user)
    # A new preferred hasher: the next login re-hashes the same password.
    settings.PASSWORD_HASHERS = [
        "tests.accounts.hashers.CountingHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]

    log_in(user)

    user.refresh_from_db()
    assert user.password.startswith("counting_md5$")
    assert refresh(tokens["refresh"]).status_code == 200


def test_saving_other_fields_revokes_nothing(user):
    tokens = log_in(user)

    user.name = "Renamed"
    user.save()

    assert refresh(tokens["refresh"]).status_code == 200


def test_logout_refuses_someone_elses_refresh_token_and_leaves_it_valid(auth_client):
    victim = UserFactory()
    theirs = log_in(victim)["refresh"]

    response = auth_client.post(LOGOUT, {"refresh": theirs}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "refresh: This refresh token is not yours.",
        "errors": {"refresh": ["This refresh token is not yours."]},
    }
    assert not BlacklistedToken.objects.exists()
    assert refresh(theirs).status_code == 200


def test_logout_revokes_the_callers_own_token(user):
    mine = log_in(user)

    response = bearer(mine["access"]).post(LOGOUT, {"refresh": mine["refresh"]}, format="json")

    assert response.status_code == 204
    assert refresh(mine["refresh"]).status_code == 401


def test_a_rotated_out_refresh_token_presented_again_revokes_its_family(user):
    first = log_in(user)
    other_device = log_in(user)
    second = refresh(first["refresh"])
    assert second.status_code == 200

    replay = refresh(first["refresh"])

    assert replay.status_code == 401
    assert replay.json()["detail"] == "Token is blacklisted"
    assert refresh(second.json()["refresh"]).status_code == 401  # the thief's (or the owner's) child is dead too
    assert refresh(other_device["refresh"]).status_code == 200  # another login is another family
    assert len(live_refresh_tokens(user)) == 1


def test_reuse_detection_follows_the_family_down_several_rotations(user):
    a = log_in(user)["refresh"]
    b = refresh(a).json()["refresh"]
    c = refresh(b).json()["refresh"]
    d = refresh(c).json()["refresh"]

    assert refresh(b).status_code == 401

    assert refresh(d).status_code == 401
    assert live_refresh_tokens(user) == set()


def test_refresh_of_a_deactivated_user_is_refused(user):
    tokens = log_in(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)  # behind every hook: the refresh still checks

    response = refresh(tokens["refresh"])

    assert response.status_code == 401
    assert response.json()["detail"] == "No active account found for the given token."


def test_refresh_with_an_access_token_is_refused(user):
    response = refresh(log_in(user)["access"])

    assert response.status_code == 401
    assert response.json()["errors"] == {}


def test_refresh_without_a_token_names_the_field(api_client):
    response = api_client.post(REFRESH, {}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["refresh"]


def test_admin_deactivate_action_revokes_tokens_and_ends_sessions(client, user):
    tokens = log_in(user)
    browser = Client()
    browser.force_login(user)
    assert Session.objects.count() == 1
    admin_user = UserFactory(role=Role.ADMIN)
    client.force_login(admin_user)

    response = client.post(
        "/admin/accounts/user/", {"action": "deactivate", "_selected_action": [user.pk]}, follow=True
    )

    assert "1 users deactivated" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active is False
    assert refresh(tokens["refresh"]).status_code == 401
    assert bearer(tokens["access"]).get(ME).status_code == 401
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(user.pk) not in remaining
    assert str(admin_user.pk) in remaining
