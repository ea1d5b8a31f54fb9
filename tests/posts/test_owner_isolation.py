"""Every posts endpoint answers 404 for another user's object, and changes nothing."""

import pytest
from django.utils import timezone

from posts.models import Delivery, Media, Post
from tests.conftest import client_for
from tests.factories import SocialAccountFactory
from tests.posts.helpers import make_media, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def strangers():
    account = SocialAccountFactory()
    media = make_media(account.owner)
    post = make_post(accounts=[account], media_ids=[media.pk])
    delivery = Delivery.objects.get(post=post)
    Delivery.objects.filter(pk=delivery.pk).update(status="failed", last_error="x", finished_at=timezone.now())
    return {"media": media, "post": post, "delivery": delivery}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/media/{media}/"),
        ("delete", "/api/v1/media/{media}/"),
        ("get", "/api/v1/posts/{post}/"),
        ("patch", "/api/v1/posts/{post}/"),
        ("delete", "/api/v1/posts/{post}/"),
        ("post", "/api/v1/posts/{post}/publish-now/"),
        ("post", "/api/v1/posts/{post}/cancel/"),
        ("post", "/api/v1/deliveries/{delivery}/retry/"),
    ],
)
def test_another_users_object_is_404(auth_client, strangers, method, path):
    url = path.format(**{name: obj.pk for name, obj in strangers.items()})

    response = getattr(auth_client, method)(url, {"caption": "mine now"}, format="json")

    assert response.status_code == 404
    assert Media.objects.filter(pk=strangers["media"].pk).exists()
    assert Post.objects.get(pk=strangers["post"].pk).caption == "Hello"
    assert Delivery.objects.get(pk=strangers["delivery"].pk).status == "failed"


def test_lists_and_dashboard_show_nothing_of_others(auth_client, strangers):
    assert auth_client.get("/api/v1/media/").json()["count"] == 0
    assert auth_client.get("/api/v1/posts/").json()["count"] == 0
    assert auth_client.get("/api/v1/posts/", {"account": strangers["delivery"].account_id}).json()["count"] == 0
    dashboard = auth_client.get("/api/v1/dashboard/").json()
    assert sum(dashboard["counts"].values()) == 0
    assert dashboard["last_outcomes"] == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/media/"),
        ("post", "/api/v1/media/"),
        ("get", "/api/v1/posts/"),
        ("post", "/api/v1/posts/"),
        ("get", "/api/v1/posts/1/"),
        ("post", "/api/v1/deliveries/1/retry/"),
        ("get", "/api/v1/dashboard/"),
        ("get", "/api/v1/social-accounts/"),
        ("delete", "/api/v1/social-accounts/1/"),
    ],
)
def test_anonymous_is_401(api_client, method, path):
    assert getattr(api_client, method)(path).status_code == 401


def test_owner_sees_own_post(strangers):
    owner_client = client_for(strangers["post"].owner)

    assert owner_client.get(f"/api/v1/posts/{strangers['post'].pk}/").status_code == 200
