import pytest

from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"


@pytest.fixture
def moderator_client(client):
    client.force_login(UserFactory(role=Role.MODERATOR))
    return client


def test_moderator_reaches_admin_without_being_superuser(moderator_client):
    user = UserFactory(email="someone@example.com")

    index = moderator_client.get("/admin/")
    changelist = moderator_client.get(USERS)
    detail = moderator_client.get(f"{USERS}{user.pk}/change/")

    assert index.status_code == 200
    assert changelist.status_code == 200
    assert b"someone@example.com" in changelist.content
    assert detail.status_code == 200
    assert b'name="role"' not in detail.content  # read-only view: no editable role


def test_moderator_cannot_add_or_change_users(moderator_client):
    user = UserFactory(role=Role.USER)

    add = moderator_client.get(f"{USERS}add/")
    change = moderator_client.post(f"{USERS}{user.pk}/change/", {"email": user.email, "role": Role.ADMIN})

    assert add.status_code == 403
    assert change.status_code == 403
    user.refresh_from_db()
    assert user.role == Role.USER


def test_plain_user_is_sent_to_admin_login(client):
    client.force_login(UserFactory(role=Role.USER))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_role_can_add_users(client):
    client.force_login(UserFactory(role=Role.ADMIN))

    response = client.post(
        f"{USERS}add/",
        {
            "email": "new@example.com",
            "name": "New",
            "timezone": "UTC",
            "role": Role.MODERATOR,
            "usable_password": "true",
            "password1": "a-fine-long-passphrase",
            "password2": "a-fine-long-passphrase",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").role == Role.MODERATOR


def test_user_admin_searches_and_filters_by_role(client):
    client.force_login(UserFactory(role=Role.ADMIN))
    UserFactory(email="mod@example.com", role=Role.MODERATOR)
    UserFactory(email="plain@example.com", role=Role.USER)

    by_role = client.get(USERS, {"role__exact": "moderator"})
    by_search = client.get(USERS, {"q": "plain@"})

    assert b"mod@example.com" in by_role.content
    assert b"plain@example.com" not in by_role.content
    assert b"plain@example.com" in by_search.content
    assert b"mod@example.com" not in by_search.content
