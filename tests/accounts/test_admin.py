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


def act(client, action: str, *users: User):
    return client.post(USERS, {"action": action, "_selected_action": [u.pk for u in users]}, follow=True)


@pytest.fixture
def admin_client(client):
    admin_user = UserFactory(role=Role.ADMIN)
    client.force_login(admin_user)
    client.admin_user = admin_user
    return client


def test_the_user_change_form_is_read_only_even_for_an_admin(admin_client):
    user = UserFactory(role=Role.USER, name="Ada")

    page = admin_client.get(f"{USERS}{user.pk}/change/")
    posted = admin_client.post(
        f"{USERS}{user.pk}/change/",
        {"email": "evil@example.com", "name": "Changed", "timezone": "UTC", "role": Role.ADMIN, "is_active": ""},
    )

    assert page.status_code == 200
    assert b'name="role"' not in page.content
    assert b'name="is_active"' not in page.content
    assert b'name="_save"' not in page.content
    assert posted.status_code in (200, 302, 403)
    user.refresh_from_db()
    assert (user.email, user.name, user.role, user.is_active) == (user.email, "Ada", Role.USER, True)


def test_set_role_actions_go_through_the_service(admin_client):
    plain, other = UserFactory(role=Role.USER), UserFactory(role=Role.USER)

    response = act(admin_client, "make_moderator", plain, other)

    assert "2 users are now moderators" in response.content.decode()
    assert set(User.objects.filter(pk__in=[plain.pk, other.pk]).values_list("role", flat=True)) == {Role.MODERATOR}
    act(admin_client, "make_user", plain)
    assert User.objects.get(pk=plain.pk).role == Role.USER


def test_an_admin_cannot_demote_or_deactivate_themselves(admin_client):
    me = admin_client.admin_user

    demote = act(admin_client, "make_user", me)
    deactivate = act(admin_client, "deactivate", me)

    assert "your own account" in demote.content.decode()
    assert "your own account" in deactivate.content.decode()
    me.refresh_from_db()
    assert (me.role, me.is_active) == (Role.ADMIN, True)


def test_reactivate_action(admin_client):
    user = UserFactory(is_active=False)

    act(admin_client, "reactivate", user)

    assert User.objects.get(pk=user.pk).is_active is True


def test_moderators_get_no_user_actions(moderator_client):
    user = UserFactory(role=Role.USER)

    page = moderator_client.get(USERS)
    response = act(moderator_client, "make_admin", user)

    assert b'name="action"' not in page.content
    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).role == Role.USER


def test_users_are_not_deleted_from_admin(admin_client):
    user = UserFactory()

    response = admin_client.get(f"{USERS}{user.pk}/delete/")

    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()
