"""Mastodon inside the pipeline and the API: options checked at creation, alt text carried, retries keep the key."""

import pytest

from accounts.models import SocialAccount
from tests.posts.helpers import dispatch_and_publish, make_media, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(user, mastodon):
    return SocialAccount.objects.create(
        owner=user,
        network="mastodon",
        handle=f"ada@{mastodon.host}",
        remote_id=f"110001@{mastodon.host}",
        access_token=mastodon.token_for(),
        options={"instance": mastodon.base_url, "account_id": "110001"},
    )


def test_a_post_with_an_described_image_and_options_is_published(
    auth_client, user, account, mastodon, django_capture_on_commit_callbacks
):
    media = make_media(user)
    described = auth_client.patch(f"/api/v1/media/{media.pk}/", {"alt_text": "A red pixel"}, format="json")
    assert described.status_code == 200 and described.json()["alt_text"] == "A red pixel"
    post = make_post(
        accounts=[account],
        caption="Launch day",
        media_ids=[media.pk],
        options={account.pk: {"visibility": "private", "spoiler_text": "news"}},
    )

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "published", delivery.last_error
    status = mastodon.statuses[delivery.remote_id]
    assert (status.visibility, status.spoiler_text, status.media[0].description) == ("private", "news", "A red pixel")
    assert delivery.remote_url == f"{mastodon.base_url}/@ada/{delivery.remote_id}"


def test_a_lost_answer_is_retried_and_posts_once(account, mastodon, django_capture_on_commit_callbacks):
    post = make_post(accounts=[account], caption="Exactly once")
    mastodon.script("POST /api/v1/statuses", status=None, delay=1.5)  # the status is made, the answer comes late

    first = dispatch_and_publish(post, django_capture_on_commit_callbacks)
    assert first.status == "pending", first.last_error
    assert first.network_state["status_first_sent_at"]
    second = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert second.status == "published"
    assert len(mastodon.live()) == 1 and second.remote_id == mastodon.live()[0].id
    keys = {call.headers["Idempotency-Key"] for call in mastodon.calls("POST /api/v1/statuses")}
    assert keys == {f"socialtrend-delivery-{second.pk}"}


def test_options_and_length_are_checked_when_the_post_is_made(auth_client, account):
    response = auth_client.post(
        "/api/v1/posts/",
        {
            "caption": "x" * 501,
            "account_ids": [account.pk],
            "options": {str(account.pk): {"visibility": "everyone"}},
        },
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["caption"] == ["Mastodon allows 500 characters; this text counts 501."]
    assert "public, unlisted, private, direct" in errors[f"options.{account.pk}.visibility"][0]


def test_a_long_link_fits_as_mastodon_counts_it(auth_client, account):
    caption = "Read this: https://example.com/" + "a" * 600

    response = auth_client.post("/api/v1/posts/", {"caption": caption, "account_ids": [account.pk]}, format="json")

    assert response.status_code == 201, response.content


def test_alt_text_longer_than_any_network_takes_is_a_400(auth_client, user):
    media = make_media(user)

    response = auth_client.patch(f"/api/v1/media/{media.pk}/", {"alt_text": "x" * 1501}, format="json")

    assert response.status_code == 400
    assert "alt_text" in response.json()["errors"]
