"""Threads against the fake Threads API: connect and refresh, each kind of post through the
container flow, the publishing limit, lost answers, errors, and reading a post back."""

from datetime import UTC, datetime, timedelta

import pytest

from accounts.models import SocialAccount
from networks.publishing import Lookup
from networks.threads.oauth import ThreadsOAuth
from networks.threads.publisher import ThreadsPublisher
from socialtrend.outbound import AuthError, PermanentError, RetryableError
from tests.fakes.server import json_response
from tests.fakes.threads import FakeThreads
from tests.networks.conftest import publish_request
from tests.networks.connect_helpers import come_back, raw_tokens, set_redirect_uris, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(make_account, threads: FakeThreads):
    return make_account("threads", remote_id=threads.user_id, handle=threads.username, access_token="th-long")


def media(make_media, kind="image", mime="image/jpeg"):
    return make_media(kind, mime, public_url=f"https://app.example/media-links/{kind}-{id(kind)}")


def test_connect_exchanges_for_a_long_lived_token(settings, auth_client, api_client, user, threads):
    set_redirect_uris(settings)
    api_client.cookies = auth_client.cookies
    query = start(auth_client, "threads")
    assert query["_base"] == "https://threads.net/oauth/authorize"
    assert query["scope"] == "threads_basic,threads_content_publish,threads_delete"

    _, result = come_back(api_client, "threads", code="good-code", state=query["state"])

    assert result == {"connected": "threads"}
    account = SocialAccount.objects.get(owner=user, network="threads")
    assert (account.remote_id, account.handle, account.access_token) == (threads.user_id, "ada.threads", "th-long")
    assert account.avatar_url == "https://scontent.example/ada-threads.jpg"
    assert account.token_expires_at > datetime.now(UTC) + timedelta(days=59)
    assert "th-long" not in raw_tokens(account)[0]
    [exchange] = threads.calls("GET /access_token")
    assert (exchange.args["grant_type"], exchange.args["access_token"]) == ("th_exchange_token", "th-short")


def test_refresh_gives_a_new_long_lived_token(account, threads):
    tokens = ThreadsOAuth().refresh(account=publish_request(account, "").account)

    assert tokens.access_token.startswith("th-long-") and tokens.access_token in threads.valid_tokens
    assert tokens.expires_in == 5183944
    assert threads.calls("GET /refresh_access_token")[0].args["grant_type"] == "th_refresh_token"


def test_refreshing_an_expired_token_is_refused(account, threads):
    threads.valid_tokens.clear()

    with pytest.raises(AuthError, match="190"):
        ThreadsOAuth().refresh(account=publish_request(account, "").account)


def test_text_post_checks_the_limit_then_creates_polls_and_publishes(account, threads):
    result = ThreadsPublisher().publish(publish_request(account, "Hello Threads", reply_control="mentioned_only"))

    [post] = threads.published
    assert post["container"] == {"media_type": "TEXT", "text": "Hello Threads", "reply_control": "mentioned_only"}
    [container] = threads.containers
    keys = [f"{r.method} {r.path.removeprefix('/v1.0')}" for r in threads.requests]
    assert keys[:4] == [
        f"GET /{threads.user_id}/threads_publishing_limit",
        f"POST /{threads.user_id}/threads",
        f"GET /{container}",
        f"POST /{threads.user_id}/threads_publish",
    ]
    assert result.remote_id == post["id"]
    assert result.url == post["permalink"]


def test_an_image_is_fetched_by_threads_from_its_public_url(account, threads, make_media):
    image = media(make_media)

    ThreadsPublisher().publish(publish_request(account, "A photo", [image]))

    assert threads.published[0]["container"]["image_url"] == image.public_url
    assert threads.published[0]["container"]["media_type"] == "IMAGE"


def test_a_video_is_polled_until_processed(account, threads, make_media):
    threads.video_statuses = ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]

    ThreadsPublisher().publish(publish_request(account, "A clip", [media(make_media, "video", "video/mp4")]))

    [container] = threads.containers.values()
    assert len(threads.calls(f"GET /{container.id}")) == 3
    assert threads.published[0]["container"]["media_type"] == "VIDEO"


def test_a_carousel_is_children_then_a_parent(account, threads, make_media):
    items = [media(make_media), media(make_media, "video", "video/mp4"), media(make_media)]

    ThreadsPublisher().publish(publish_request(account, "Three", items))

    [post] = threads.published
    assert post["container"]["media_type"] == "CAROUSEL" and post["container"]["text"] == "Three"
    assert [child["media_type"] for child in post["children"]] == ["IMAGE", "VIDEO", "IMAGE"]
    assert all(child["is_carousel_item"] == "true" and "text" not in child for child in post["children"])


def test_the_publishing_limit_is_checked_before_anything_is_created(account, threads):
    threads.quota_usage = 250

    with pytest.raises(RetryableError, match="250 of 250") as error:
        ThreadsPublisher().publish(publish_request(account, "Hello"))
    assert error.value.retry_after == 86400
    assert threads.containers == {}


def test_a_video_still_processing_is_kept_for_the_next_attempt(account, threads, make_media):
    threads.video_statuses = ["IN_PROGRESS"]
    request = publish_request(account, "Slow", [media(make_media, "video", "video/mp4")])

    with pytest.raises(RetryableError, match="still processing") as error:
        ThreadsPublisher().publish(request)
    [container] = threads.containers.values()
    assert error.value.resume["container_id"] == container.id

    container.statuses = ["FINISHED"]
    again = publish_request(account, "Slow", request.media)
    again = type(again)(**{**again.__dict__, "resume": error.value.resume})
    ThreadsPublisher().publish(again)

    assert len(threads.containers) == 1 and len(threads.published) == 1
    assert len(threads.calls("/threads_publishing_limit")) == 1  # a kept container was already counted


def test_a_media_error_fails_the_post_with_threads_reason(account, threads, make_media):
    threads.video_statuses = ["IN_PROGRESS", "ERROR"]

    with pytest.raises(PermanentError, match="FAILED_DOWNLOADING_VIDEO"):
        ThreadsPublisher().publish(publish_request(account, "Bad", [media(make_media, "video", "video/mp4")]))
    assert threads.published == []


def test_media_without_a_public_link_is_refused_before_any_call(account, threads, make_media):
    with pytest.raises(PermanentError, match="PUBLIC_BASE_URL"):
        ThreadsPublisher().publish(publish_request(account, "x", [make_media()]))
    assert threads.requests == []


def test_an_expired_token_expires_the_account(account, threads):
    threads.valid_tokens.clear()

    with pytest.raises(AuthError, match="190/463"):
        ThreadsPublisher().publish(publish_request(account, "Hello"))


def test_a_rate_limit_is_retried(account, threads):
    threads.script(
        f"POST /{threads.user_id}/threads",
        status=400,
        body={
            "error": {
                "message": "Application request limit reached",
                "type": "OAuthException",
                "code": 4,
                "fbtrace_id": "x",
            }
        },
    )

    with pytest.raises(RetryableError, match="error 4"):
        ThreadsPublisher().publish(publish_request(account, "Hello"))


def test_a_lost_publish_answer_on_a_published_container_finds_the_post(account, threads):
    original = threads._publish

    def publish_then_fail(creation_id):
        original(creation_id)
        return json_response(
            {"error": {"message": "An unexpected error has occurred.", "code": 2, "type": "OAuthException"}}, 500
        )

    threads._publish = publish_then_fail

    result = ThreadsPublisher().publish(publish_request(account, "Lost answer"))

    [post] = threads.published
    assert (result.remote_id, result.url) == (post["id"], post["permalink"])


def test_a_lost_publish_answer_on_an_unpublished_container_is_retried_on_it(account, threads):
    threads.script(
        f"POST /{threads.user_id}/threads_publish",
        status=500,
        body={"error": {"message": "An unexpected error has occurred.", "code": 2}},
    )

    with pytest.raises(RetryableError, match="FINISHED") as error:
        ThreadsPublisher().publish(publish_request(account, "Again"))
    assert error.value.resume["container_id"] in threads.containers
    assert threads.published == []


def test_verify_find_and_delete(account, threads):
    publisher, started = ThreadsPublisher(), datetime.now(UTC)
    result = publisher.publish(publish_request(account, "Read me back"))
    ref = publish_request(account, "").account

    assert publisher.verify(ref, result.remote_id) == Lookup(found=True, remote_id=result.remote_id, url=result.url)
    assert publisher.find(publish_request(account, "Read me back"), started) == Lookup(
        found=True, remote_id=result.remote_id, url=result.url
    )
    assert publisher.find(publish_request(account, "Something else"), started) == Lookup(found=False)
    publisher.delete(ref, result.remote_id)
    assert threads.published == []
    assert publisher.verify(ref, result.remote_id) == Lookup(found=False)
