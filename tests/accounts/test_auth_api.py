import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"
ME = "/api/v1/auth/me/"
PASSWORD = "/api/v1/auth/password/"
NEW_PASSWORD = "a-much-better-passphrase-42"


def register(api_client, **overrides):
    body = {"email": "ada@example.com", "password": NEW_PASSWORD, "name": "Ada", **overrides}
    return api_client.post(REGISTER, body, format="json")


def test_register_creates_user_and_never_returns_password(api_client):
    response = register(api_client, timezone="Asia/Jakarta")

    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "email": "ada@example.com",
        "name": "Ada",
        "timezone": "Asia/Jakarta",
        "role": "user",
        "date_joined": response.json()["date_joined"],
    }
    user = User.objects.get(email="ada@example.com")
    assert user.check_password(NEW_PASSWORD)
    assert user.timezone == "Asia/Jakarta"


def test_register_defaults_timezone_to_utc_and_lowercases_email(api_client):
    response = register(api_client, email="Ada@Example.COM")

    assert response.status_code == 201
    assert response.json()["email"] == "ada@example.com"
    assert response.json()["timezone"] == "UTC"


def test_register_taken_email_names_email(api_client):
    UserFactory(email="ada@example.com")

    response = register(api_client, email="ADA@example.com")

    assert response.status_code == 400
    assert response.json()["errors"] == {"email": ["A user with this e-mail already exists."]}
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"password": "12345678901"}, "password"),
        ({"password": "ada@example.com"}, "password"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"name": "x" * 151}, "name"),
    ],
)
def test_register_rejects_bad_input_naming_the_field(api_client, overrides, field):
    response = register(api_client, **overrides)

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    assert body["detail"].startswith(f"{field}: ")
    assert not User.objects.exists()


def test_register_requires_email_and_password(api_client):
    response = api_client.post(REGISTER, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "password"}


def test_login_returns_token_pair(api_client, user):
    response = api_client.post(TOKEN, {"email": user.email, "password": DEFAULT_PASSWORD}, format="json")

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    me = api_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert me.json()["email"] == user.email


@pytest.mark.parametrize("password", ["wrong-password", ""])
def test_login_with_wrong_credentials_is_401_or_names_field(api_client, user, password):
    response = api_client.post(TOKEN, {"email": user.email, "password": password}, format="json")

    if password:
        assert response.status_code == 401
        assert response.json() == {
            "detail": "No active account found with the given credentials",
            "errors": {},
        }
    else:
        assert response.status_code == 400
        assert "password" in response.json()["errors"]


def test_login_of_inactive_user_is_401(api_client):
    user = UserFactory(is_active=False)

    response = api_client.post(TOKEN, {"email": user.email, "password": DEFAULT_PASSWORD}, format="json")

    assert response.status_code == 401


def test_refresh_rotates_and_blacklists_the_old_token(api_client, user):
    old_refresh = str(RefreshToken.for_user(user))

    first = api_client.post(REFRESH, {"refresh": old_refresh}, format="json")
    again = api_client.post(REFRESH, {"refresh": first.json()["refresh"]}, format="json")
    reuse = api_client.post(REFRESH, {"refresh": old_refresh}, format="json")

    assert first.status_code == 200
    assert set(first.json()) == {"access", "refresh"}
    assert first.json()["refresh"] != old_refresh
    assert again.status_code == 200
    assert reuse.status_code == 401
    assert reuse.json()["detail"] == "Token is blacklisted"


def test_refresh_with_garbage_is_401(api_client):
    response = api_client.post(REFRESH, {"refresh": "not.a.token"}, format="json")

    assert response.status_code == 401
    assert response.json()["errors"] == {}


def test_logout_blacklists_refresh_token(auth_client, api_client, user):
    refresh = str(RefreshToken.for_user(user))

    response = auth_client.post(LOGOUT, {"refresh": refresh}, format="json")

    assert response.status_code == 204
    assert api_client.post(REFRESH, {"refresh": refresh}, format="json").status_code == 401


def test_logout_twice_names_refresh(auth_client, user):
    refresh = str(RefreshToken.for_user(user))
    auth_client.post(LOGOUT, {"refresh": refresh}, format="json")

    response = auth_client.post(LOGOUT, {"refresh": refresh}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"refresh": ["Token is invalid, expired or already revoked."]}


def test_logout_requires_authentication(api_client, user):
    response = api_client.post(LOGOUT, {"refresh": str(RefreshToken.for_user(user))}, format="json")

    assert response.status_code == 401


def test_me_requires_authentication(api_client):
    response = api_client.get(ME)

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided.", "errors": {}}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_me_with_invalid_token_is_401(api_client):
    response = api_client.get(ME, HTTP_AUTHORIZATION="Bearer nonsense")

    assert response.status_code == 401


def test_patch_me_updates_name_and_timezone(auth_client, user):
    response = auth_client.patch(ME, {"name": "Grace", "timezone": "America/New_York"}, format="json")

    assert response.status_code == 200
    assert response.json()["name"] == "Grace"
    user.refresh_from_db()
    assert (user.name, user.timezone) == ("Grace", "America/New_York")


def test_patch_me_ignores_read_only_fields(auth_client, user):
    response = auth_client.patch(ME, {"role": "admin", "email": "evil@example.com"}, format="json")

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.role, user.email) == ("user", user.email)


def test_patch_me_rejects_unknown_timezone(auth_client, user):
    response = auth_client.patch(ME, {"timezone": "Europe/Atlantis"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["timezone"]
    user.refresh_from_db()
    assert user.timezone == "Europe/Berlin"


def test_password_change(auth_client, api_client, user):
    response = auth_client.post(
        PASSWORD, {"old_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 200
    login = api_client.post(TOKEN, {"email": user.email, "password": NEW_PASSWORD}, format="json")
    assert login.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"old_password": "wrong", "new_password": NEW_PASSWORD}, "old_password"),
        ({"old_password": DEFAULT_PASSWORD, "new_password": "123"}, "new_password"),
        ({"new_password": NEW_PASSWORD}, "old_password"),
        ({"old_password": DEFAULT_PASSWORD}, "new_password"),
    ],
)
def test_password_change_errors_name_the_field(auth_client, user, body, field):
    response = auth_client.post(PASSWORD, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
