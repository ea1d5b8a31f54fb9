"""`/api/v1/social-accounts/`: list, connect a sandbox account, disconnect."""

import pytest
from django.utils import timezone

from accounts.models import SocialAccount
from posts.models import Delivery
from tests.factories import SocialAccountFactory
from tests.posts.helpers import make_post

pytestmark = pytest.mark.django_db

URL = "/api/v1/social-accounts/"


def test_connect_sandbox_account(auth_client, user):
    response = auth_client.post(URL, {"network": "sandbox", "handle": "@ada_l"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["network"], body["handle"], body["status"]) == ("sandbox", "ada_l", "active")
    assert "access_token" not in body and "refresh_token" not in body
    account = SocialAccount.objects.get(pk=body["id"], owner=user)
    assert account.remote_id == "sandbox:ada_l"


def test_reconnecting_the_same_handle_reactivates_it(auth_client, user):
    first = auth_client.post(URL, {"network": "sandbox", "handle": "ada"}, format="json").json()
    auth_client.delete(f"{URL}{first['id']}/")

    again = auth_client.post(URL, {"network": "sandbox", "handle": "ada"}, format="json")

    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert SocialAccount.objects.get(pk=first["id"]).status == "active"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"network": "x", "handle": "ada"}, "network"),
        ({"network": "myspace", "handle": "ada"}, "network"),
        ({"network": "sandbox", "handle": ""}, "handle"),
        ({"network": "sandbox", "handle": "has space"}, "handle"),
        ({"network": "sandbox", "handle": "a" * 51}, "handle"),
        ({"handle": "ada"}, "network"),
    ],
)
def test_connect_validation_names_the_field(auth_client, body, field):
    response = auth_client.post(URL, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not SocialAccount.objects.exists()


def test_list_shows_own_connected_accounts_without_tokens(auth_client, user):
    mine = SocialAccountFactory(owner=user, access_token="secret-token", refresh_token="secret-refresh")
    SocialAccountFactory(owner=user, status="revoked")
    SocialAccountFactory()  # someone else's

    response = auth_client.get(URL)

    assert response.status_code == 200
    assert [a["id"] for a in response.json()] == [mine.pk]
    assert "secret" not in response.content.decode()


def test_disconnect_revokes_forgets_tokens_and_cancels_pending_deliveries(auth_client, user):
    account = SocialAccountFactory(owner=user, access_token="secret-token")
    pending = make_post(accounts=[account])
    published = make_post(accounts=[account])
    Delivery.objects.filter(post=published).update(status="published", published_at=timezone.now())

    response = auth_client.delete(f"{URL}{account.pk}/")

    assert response.status_code == 204
    account.refresh_from_db()
    assert (account.status, account.access_token) == ("revoked", "")
    delivery = Delivery.objects.get(post=pending)
    assert delivery.status == "cancelled"
    assert delivery.last_error == f"{account} was disconnected."
    assert Delivery.objects.get(post=published).status == "published"
    assert auth_client.get(f"{URL}{account.pk}/").status_code == 404


@pytest.mark.parametrize("method", ["get", "delete"])
def test_another_users_account_is_404(auth_client, method):
    stranger = SocialAccountFactory()

    response = getattr(auth_client, method)(f"{URL}{stranger.pk}/")

    assert response.status_code == 404
    assert SocialAccount.objects.get(pk=stranger.pk).status == "active"
