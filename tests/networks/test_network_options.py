"""Per-network options are checked when a post is created, each error under its option's name."""

from datetime import timedelta

import pytest
from django.utils import timezone

from posts.models import Post
from tests.factories import SocialAccountFactory
from tests.posts.helpers import make_media

pytestmark = pytest.mark.django_db


def create(client, account, options, **extra):
    body = {
        "caption": "Hello",
        "account_ids": [account.pk],
        "scheduled_at": (timezone.now() + timedelta(hours=1)).isoformat(),
        "options": {str(account.pk): options},
        **extra,
    }
    return client.post("/api/v1/posts/", body, format="json")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, {"subreddit": 'Reddit needs a subreddit, e.g. "python".', "title": "Reddit needs a title."}),
        ({"subreddit": "r/python", "title": "T"}, {"subreddit": '"r/python" is not a subreddit name'}),
        ({"subreddit": "python", "title": "   "}, {"title": "Reddit needs a title."}),
        ({"subreddit": "python", "title": "T", "url": "ftp://x"}, {"url": "needs an http(s) URL"}),
    ],
)
def test_reddit_needs_a_valid_subreddit_and_title(auth_client, user, options, expected):
    account = SocialAccountFactory(owner=user, network="reddit")

    response = create(auth_client, account, options)

    assert response.status_code == 400
    errors = response.json()["errors"]
    for name, message in expected.items():
        assert any(message in m for m in errors[f"options.{account.pk}.{name}"]), errors
    assert not Post.objects.exists()


def test_reddit_link_post_cannot_also_carry_media(auth_client, user):
    account = SocialAccountFactory(owner=user, network="reddit")
    media = make_media(user)

    response = create(
        auth_client, account, {"subreddit": "python", "title": "T", "url": "https://example.com"}, media_ids=[media.pk]
    )

    assert response.status_code == 400
    assert response.json()["errors"][f"options.{account.pk}.url"] == [
        "A Reddit post is either a link or carries media, not both."
    ]


def test_valid_reddit_options_are_stored_on_the_delivery(auth_client, user):
    account = SocialAccountFactory(owner=user, network="reddit")

    response = create(auth_client, account, {"subreddit": "python", "title": "Release notes"})

    assert response.status_code == 201, response.json()
    assert Post.objects.get().deliveries.get().options == {"subreddit": "python", "title": "Release notes"}


@pytest.mark.parametrize(
    ("remote_id", "visibility", "message"),
    [
        ("urn:li:person:abc", "FRIENDS", "LinkedIn visibility must be one of PUBLIC, CONNECTIONS, LOGGED_IN."),
        ("urn:li:organization:42", "CONNECTIONS", "LinkedIn organization posts are always PUBLIC."),
        ("urn:li:person:abc", "CONNECTIONS", None),
    ],
)
def test_linkedin_visibility(auth_client, user, remote_id, visibility, message):
    account = SocialAccountFactory(owner=user, network="linkedin", remote_id=remote_id)

    response = create(auth_client, account, {"visibility": visibility})

    if message is None:
        assert response.status_code == 201, response.json()
        return
    assert response.status_code == 400
    assert response.json()["errors"] == {f"options.{account.pk}.visibility": [message]}


@pytest.mark.parametrize(
    ("first_comment", "message"),
    [
        ("x" * 2201, "Instagram comments allow 2200 characters; this one has 2201."),
        (" ".join(f"#tag{n}" for n in range(31)), "Instagram comments allow 30 hashtags; this one has 31."),
        (["#tag"], "The Instagram first comment must be text."),
        (42, "The Instagram first comment must be text."),
    ],
)
def test_instagram_first_comment_is_refused(auth_client, user, first_comment, message):
    account = SocialAccountFactory(owner=user, network="instagram")
    media = make_media(user)

    response = create(auth_client, account, {"first_comment": first_comment}, media_ids=[media.pk])

    assert response.status_code == 400
    assert response.json()["errors"] == {f"options.{account.pk}.first_comment": [message]}
    assert not Post.objects.exists()


@pytest.mark.parametrize("first_comment", ["x" * 2200, " ".join(f"#tag{n}" for n in range(30)), ""])
def test_instagram_first_comment_at_the_limits_is_stored(auth_client, user, first_comment):
    account = SocialAccountFactory(owner=user, network="instagram")
    media = make_media(user)

    response = create(auth_client, account, {"first_comment": first_comment}, media_ids=[media.pk])

    assert response.status_code == 201, response.json()
    assert Post.objects.get().deliveries.get().options == {"first_comment": first_comment}
