"""Facebook Pages and Threads inside the real pipeline: dispatcher -> publish task -> fake Graph API -> outcome."""

from urllib.parse import urlsplit

import pytest

from accounts.models import SocialAccount
from tests.posts.helpers import dispatch_and_publish, image_bytes, make_media, make_post

pytestmark = pytest.mark.django_db


def test_facebook_photos_are_published_to_the_page_through_the_pipeline(
    user, facebook, django_capture_on_commit_callbacks
):
    account = SocialAccount.objects.create(
        owner=user,
        network="facebook",
        handle="adasbakery",
        remote_id="101000000000001",
        access_token="page-token-bakery",
    )
    media = [
        make_media(user, name=f"bread-{n}.jpg", content=image_bytes("JPEG"), content_type="image/jpeg")
        for n in range(2)
    ]
    post = make_post(accounts=[account], caption="Two loaves", media_ids=[item.pk for item in media])

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "published", delivery.error
    [published] = facebook.posts
    assert (published["message"], len(published["photos"])) == ("Two loaves", 2)
    assert delivery.remote_id == published["id"]
    assert delivery.remote_url.startswith("https://www.facebook.com/101000000000001/posts/")


def test_a_revoked_facebook_page_token_expires_the_account_and_the_delivery_waits(
    user, facebook, django_capture_on_commit_callbacks
):
    account = SocialAccount.objects.create(
        owner=user, network="facebook", handle="adasbakery", remote_id="101000000000001", access_token="revoked"
    )
    post = make_post(accounts=[account], caption="Hello")

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "waiting_for_reconnect"  # it goes out once the page is reconnected
    account.refresh_from_db()
    assert account.status == "expired" and "190" in account.status_reason


def test_threads_fetches_a_carousel_through_signed_links(
    user, threads, settings, client, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "http://testserver"
    account = SocialAccount.objects.create(
        owner=user, network="threads", handle=threads.username, remote_id=threads.user_id, access_token="th-long"
    )
    jpeg = image_bytes("JPEG")
    media = [make_media(user, name=f"p{n}.jpg", content=jpeg, content_type="image/jpeg") for n in range(2)]
    post = make_post(accounts=[account], caption="Two pictures", media_ids=[item.pk for item in media])

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "published", delivery.error
    [published] = threads.published
    assert (delivery.remote_id, delivery.remote_url) == (published["id"], published["permalink"])
    for child in published["children"]:
        link = urlsplit(child["image_url"])
        assert link.netloc == "testserver" and link.path.startswith("/media-links/")
        assert b"".join(client.get(link.path).streaming_content) == jpeg
