"""Bluesky against the real reference PDS (tests/pds): connect through the API with an app
password, publish text with facets, images with alt text and a video, read the records
back, find, delete, and refresh the session. The error paths the PDS will not produce on
demand are in test_bluesky_errors.py, against the fake."""

from dataclasses import replace

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import SocialAccount
from accounts.services import account_ref, social_account_refresh_tokens
from networks.bluesky.publisher import BlueskyPublisher
from networks.publishing import MediaFile, PublishRequest
from posts.models import Post
from tests.posts.helpers import MP4_BYTES, dispatch_and_publish, image_bytes, make_media

pytestmark = pytest.mark.django_db


def connect(client, pds, pds_account, handle: str = "", **credentials):
    body = {"password": pds_account.app_password, "service": pds.url, **credentials}
    return client.post(
        "/api/v1/social-accounts/",
        {"network": "bluesky", "handle": handle or pds_account.handle, "credentials": body},
        format="json",
    )


@pytest.fixture
def alice(bluesky):
    return bluesky.create_account("alice")


@pytest.fixture
def account(auth_client, bluesky, alice) -> SocialAccount:
    response = connect(auth_client, bluesky, alice)
    assert response.status_code == 201, response.json()
    return SocialAccount.objects.get(pk=response.json()["id"])


def request_for(account: SocialAccount, text: str, media=(), **options) -> PublishRequest:
    account.refresh_from_db()
    return PublishRequest(delivery_id=1, account=account_ref(account), text=text, media=tuple(media), options=options)


def media_file(tmp_path, name: str, content: bytes, mime_type: str, kind: str = "image") -> MediaFile:
    path = tmp_path / name
    path.write_bytes(content)
    return MediaFile(path=path, mime_type=mime_type, kind=kind, size=len(content), width=64, height=48)


def test_connecting_with_an_app_password_stores_the_did_server_and_encrypted_tokens(auth_client, bluesky, alice):
    response = connect(auth_client, bluesky, alice)

    assert response.status_code == 201
    body = response.json()
    assert body["handle"] == alice.handle and body["network"] == "bluesky" and body["status"] == "active"
    assert "access_token" not in body and "password" not in str(body)
    account = SocialAccount.objects.get(pk=body["id"])
    assert account.remote_id == alice.did
    assert account.options == {"service": bluesky.url}
    assert account.access_token.count(".") == 2 and account.refresh_token.count(".") == 2  # JWTs
    assert account.token_expires_at is not None  # read from the access JWT's `exp`
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token, refresh_token FROM accounts_socialaccount WHERE id = %s", [account.pk])
        [(access, refresh)] = cursor.fetchall()
    assert account.access_token not in access and account.refresh_token not in refresh  # encrypted at rest


def test_the_accounts_e_mail_signs_in_too_and_the_handle_comes_from_the_server(auth_client, bluesky, alice):
    response = connect(auth_client, bluesky, alice, handle=f"{alice.handle}@example.com")

    assert response.status_code == 201, response.json()
    assert response.json()["handle"] == alice.handle
    assert SocialAccount.objects.get().remote_id == alice.did


def test_connecting_again_updates_the_same_account(auth_client, bluesky, alice, account):
    again = connect(auth_client, bluesky, alice)

    assert again.status_code == 200
    assert again.json()["id"] == account.pk


def test_a_wrong_app_password_is_a_400_on_the_password(auth_client, bluesky, alice):
    response = connect(auth_client, bluesky, alice, password="wrong-wrong-wrong")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "credentials.password": ["Bluesky did not accept this handle and app password."]
    }
    assert not SocialAccount.objects.exists()


def test_a_private_server_is_refused_unless_the_operator_allows_it(auth_client, bluesky, alice, settings):
    settings.BLUESKY_ALLOW_PRIVATE_SERVICES = False

    response = connect(auth_client, bluesky, alice)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["credentials.service"]
    assert "not allowed" in response.json()["errors"]["credentials.service"][0]


def test_text_with_a_link_a_mention_and_hashtags_is_one_record_with_byte_offset_facets(bluesky, account, alice):
    bob = bluesky.create_account("bob")
    text = f"Ünïcode first 😀 then @{bob.handle} at https://example.com/launch, #launch and #日本語 @nobody.test"
    publisher = BlueskyPublisher()

    result = publisher.publish(request_for(account, text))

    assert result.remote_id.startswith(f"at://{alice.did}/app.bsky.feed.post/")
    rkey = result.remote_id.rsplit("/", 1)[-1]
    assert result.url == f"https://bsky.app/profile/{alice.handle}/post/{rkey}"
    [record] = bluesky.records(alice)
    assert record["uri"] == result.remote_id
    value = record["value"]
    assert value["text"] == text
    encoded = text.encode("utf-8")
    spans = {
        encoded[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode(): facet["features"][0]
        for facet in value["facets"]
    }
    assert spans == {
        f"@{bob.handle}": {"$type": "app.bsky.richtext.facet#mention", "did": bob.did},
        "https://example.com/launch": {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.com/launch"},
        "#launch": {"$type": "app.bsky.richtext.facet#tag", "tag": "launch"},
        "#日本語": {"$type": "app.bsky.richtext.facet#tag", "tag": "日本語"},
    }  # the handle no one has stays text


def test_images_carry_their_alt_text_and_aspect_ratio(bluesky, account, alice, tmp_path):
    images = [
        media_file(tmp_path, "a.png", image_bytes("PNG"), "image/png"),
        media_file(tmp_path, "b.jpg", image_bytes("JPEG"), "image/jpeg"),
    ]

    result = BlueskyPublisher().publish(
        request_for(account, "Two photos", images, alt_text="A red square\nThe same, as a JPEG")
    )

    [record] = bluesky.records(alice)
    embed = record["value"]["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    assert [image["alt"] for image in embed["images"]] == ["A red square", "The same, as a JPEG"]
    assert [image["image"]["mimeType"] for image in embed["images"]] == ["image/png", "image/jpeg"]
    assert [image["image"]["size"] for image in embed["images"]] == [images[0].size, images[1].size]
    assert embed["images"][0]["aspectRatio"] == {"width": 64, "height": 48}
    blob = bluesky.xrpc(
        "GET", "com.atproto.sync.getBlob", params={"did": alice.did, "cid": embed["images"][0]["image"]["ref"]["$link"]}
    )
    assert blob.content == images[0].path.read_bytes()
    assert BlueskyPublisher().verify(account_ref(account), result.remote_id).found


def test_an_image_without_an_alt_text_line_carries_its_media_description(bluesky, account, alice, tmp_path):
    described = replace(media_file(tmp_path, "a.png", image_bytes("PNG"), "image/png"), alt_text="Saved with the media")
    plain = media_file(tmp_path, "b.png", image_bytes("PNG"), "image/png")

    BlueskyPublisher().publish(request_for(account, "Two photos", [described, plain], alt_text="\nTyped for the post"))

    [record] = bluesky.records(alice)
    assert [image["alt"] for image in record["value"]["embed"]["images"]] == [
        "Saved with the media",
        "Typed for the post",
    ]


def test_a_video_is_a_blob_in_a_video_embed(bluesky, account, alice, tmp_path):
    video = media_file(tmp_path, "clip.mp4", MP4_BYTES, "video/mp4", kind="video")

    BlueskyPublisher().publish(request_for(account, "A clip", [video], alt_text="One black frame"))

    [record] = bluesky.records(alice)
    embed = record["value"]["embed"]
    assert embed["$type"] == "app.bsky.embed.video"
    assert embed["video"]["mimeType"] == "video/mp4" and embed["video"]["size"] == len(MP4_BYTES)
    assert embed["alt"] == "One black frame"


def test_verify_find_and_delete(bluesky, account, alice):
    publisher = BlueskyPublisher()
    before = timezone.now()
    request = request_for(account, "Find me")
    published = publisher.publish(request)
    publisher.publish(request_for(account, "Another post"))

    assert publisher.verify(request.account, published.remote_id).found
    found = publisher.find(request, before)
    assert (found.found, found.remote_id, found.url) == (True, published.remote_id, published.url)
    assert not publisher.find(request_for(account, "Never posted"), before).found

    publisher.delete(request.account, published.remote_id)

    assert [record["value"]["text"] for record in bluesky.records(alice)] == ["Another post"]
    assert not publisher.verify(request.account, published.remote_id).found
    assert not publisher.find(request, before).found


def test_a_refreshed_session_rotates_the_refresh_token_and_still_publishes(bluesky, account, alice):
    old_refresh = account.refresh_token

    assert social_account_refresh_tokens(account=account)

    account.refresh_from_db()
    # (The access JWT may come out the same: its claims are the same within one second.)
    assert account.refresh_token != old_refresh
    assert account.status == "active"
    BlueskyPublisher().publish(request_for(account, "After a refresh"))
    assert [record["value"]["text"] for record in bluesky.records(alice)] == ["After a refresh"]


def test_a_revoked_refresh_token_expires_the_account(bluesky, account):
    assert social_account_refresh_tokens(account=account)  # the first refresh token is now spent
    account.refresh_from_db()
    spent = SocialAccount.objects.get(pk=account.pk)
    spent.refresh_token = "not-a-jwt"
    spent.save(update_fields=["refresh_token"])

    assert not social_account_refresh_tokens(account=spent)

    spent.refresh_from_db()
    assert spent.status == "expired"
    assert "Bluesky" in spent.status_reason


def test_a_post_over_300_graphemes_is_refused_before_it_is_stored(auth_client, account):
    at_limit = "👍🏽" * 300  # 600 code points, 300 graphemes
    body = {"caption": at_limit + "!", "account_ids": [account.pk], "publish_now": True}

    refused = auth_client.post("/api/v1/posts/", body, format="json")

    assert refused.status_code == 400
    assert "caption" in refused.json()["errors"]
    assert auth_client.post("/api/v1/posts/", {**body, "caption": at_limit}, format="json").status_code == 201


def test_the_pipeline_publishes_a_post_with_an_image_and_its_alt_text(
    auth_client, bluesky, alice, account, django_capture_on_commit_callbacks
):
    media = make_media(account.owner, name="photo.png")
    created = auth_client.post(
        "/api/v1/posts/",
        {
            "caption": "From the pipeline #bluesky",
            "account_ids": [account.pk],
            "media_ids": [media.pk],
            "options": {str(account.pk): {"alt_text": "A red rectangle"}},
            "scheduled_at": "2099-01-01T10:00:00Z",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()

    delivery = dispatch_and_publish(Post.objects.get(pk=created.json()["id"]), django_capture_on_commit_callbacks)

    assert delivery.status == "published", delivery.last_error
    [record] = bluesky.records(alice)
    assert delivery.remote_id == record["uri"]
    assert delivery.remote_url.startswith(f"https://bsky.app/profile/{alice.handle}/post/")
    assert record["value"]["embed"]["images"][0]["alt"] == "A red rectangle"


def test_more_descriptions_than_media_is_a_400_on_the_option(auth_client, account):
    response = auth_client.post(
        "/api/v1/posts/",
        {"caption": "No media", "account_ids": [account.pk], "options": {str(account.pk): {"alt_text": "One\nTwo"}}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        f"options.{account.pk}.alt_text": ["There are 2 image descriptions for 0 media items."]
    }
