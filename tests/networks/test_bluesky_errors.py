"""Bluesky's failures, against the fake PDS (tests/fakes/bluesky.py): what the real PDS will
not answer on demand, each mapped onto the pipeline's outcomes."""

import time

import pytest

from accounts.models import SocialAccount
from accounts.services import account_ref, social_account_refresh_tokens
from networks.bluesky.publisher import BlueskyPublisher
from networks.publishing import MediaFile, PublishRequest
from socialtrend.outbound import AuthError, OutcomeUnknownError, PermanentError, RetryableError
from tests.fakes.bluesky import FakeBluesky, rate_limit_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(make_account, fake_bluesky: FakeBluesky) -> SocialAccount:
    return make_account(
        "bluesky",
        handle=fake_bluesky.account_handle,
        remote_id=fake_bluesky.did,
        access_token=fake_bluesky.access_token,
        refresh_token=fake_bluesky.refresh_token,
        options={"service": fake_bluesky.url},
    )


def publish(account: SocialAccount, text: str = "Hello", media=()) -> None:
    request = PublishRequest(delivery_id=1, account=account_ref(account), text=text, media=tuple(media))
    return BlueskyPublisher().publish(request)


def test_a_rate_limit_waits_until_the_reset_the_server_names(account, fake_bluesky):
    fake_bluesky.script(
        "createRecord",
        status=429,
        body={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        headers=rate_limit_headers(reset_in=900),
    )

    with pytest.raises(RetryableError) as caught:
        publish(account)

    assert 890 <= caught.value.retry_after <= 900
    assert caught.value.http_status == 429
    assert not fake_bluesky.records


def test_a_rate_limit_without_a_reset_header_still_retries(account, fake_bluesky):
    fake_bluesky.script(
        "createRecord", status=429, body={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
    )

    with pytest.raises(RetryableError) as caught:
        publish(account)

    assert caught.value.retry_after is None  # the pipeline's backoff decides


def test_an_expired_access_token_is_retried_after_the_refresh_not_an_expired_account(account, fake_bluesky):
    fake_bluesky.access_expired = True

    with pytest.raises(RetryableError) as caught:
        publish(account)

    assert "Token has expired" in caught.value.message and caught.value.retry_after == 300
    assert not isinstance(caught.value, AuthError)


def test_a_token_the_server_no_longer_knows_is_an_auth_error(account, fake_bluesky):
    fake_bluesky.new_session()  # another session: the stored one is unknown now

    with pytest.raises(AuthError, match="InvalidToken"):
        publish(account)


def test_a_5xx_on_create_record_may_have_published(account, fake_bluesky):
    fake_bluesky.script(
        "createRecord", status=500, body={"error": "InternalServerError", "message": "Internal Server Error"}
    )

    with pytest.raises(OutcomeUnknownError):
        publish(account)


def test_a_503_on_create_record_is_retried(account, fake_bluesky):
    fake_bluesky.script("createRecord", status=503, body={"error": "NotEnoughResources", "message": "busy"})

    with pytest.raises(RetryableError):
        publish(account)


def test_a_5xx_on_an_upload_is_retried_nothing_was_posted(account, fake_bluesky, make_media):
    fake_bluesky.script("uploadBlob", status=502, body={"error": "UpstreamFailure", "message": "Bad Gateway"})

    with pytest.raises(RetryableError):
        publish(account, media=[make_media()])

    assert not fake_bluesky.calls("createRecord")


def test_a_read_timeout_on_create_record_is_unknown(account, fake_bluesky, settings):
    settings.NETWORK_READ_TIMEOUT = 0.2
    fake_bluesky.script("createRecord", status=200, body={"uri": "at://x/y/z", "cid": "c"}, delay=0.5)

    with pytest.raises(OutcomeUnknownError):
        publish(account)


def test_a_refused_record_is_permanent_with_the_servers_message(account, fake_bluesky):
    fake_bluesky.script(
        "createRecord", status=400, body={"error": "InvalidRequest", "message": "Invalid app.bsky.feed.post record"}
    )

    with pytest.raises(PermanentError, match=r"Invalid app\.bsky\.feed\.post record"):
        publish(account)


def test_what_the_lexicons_refuse_fails_before_any_call(account, fake_bluesky, make_media, tmp_path):
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff" * 10)
    oversized = MediaFile(path=big, mime_type="image/jpeg", kind="image", size=2_000_001)

    with pytest.raises(PermanentError, match="at most 2,000,000 bytes"):
        publish(account, media=[oversized])
    with pytest.raises(PermanentError, match="MP4"):
        publish(account, media=[make_media("video", "video/quicktime")])
    with pytest.raises(PermanentError, match="3000 bytes"):
        publish(account, text="語" * 1001)  # 1,001 graphemes of 3 bytes each

    assert not fake_bluesky.requests


def test_an_unknown_mention_stays_text_and_a_known_one_is_a_facet(account, fake_bluesky):
    publish(account, "Hi @bob.bsky.social and @nobody.bsky.social")

    [record] = fake_bluesky.records.values()
    bob = fake_bluesky.known_handles["bob.bsky.social"]
    assert record["value"]["facets"] == [
        {
            "index": {"byteStart": 3, "byteEnd": 19},
            "features": [{"$type": "app.bsky.richtext.facet#mention", "did": bob}],
        }
    ]


def test_refresh_stores_the_rotated_tokens_and_their_expiry(account, fake_bluesky):
    assert social_account_refresh_tokens(account=account)

    account.refresh_from_db()
    assert (account.access_token, account.refresh_token) == (fake_bluesky.access_token, fake_bluesky.refresh_token)
    assert abs(account.token_expires_at.timestamp() - (time.time() + 7200)) < 60


def test_a_refresh_token_the_server_calls_expired_expires_the_account(account, fake_bluesky):
    fake_bluesky.script(
        "refreshSession", status=400, body={"error": "ExpiredToken", "message": "Token has been revoked"}
    )

    assert not social_account_refresh_tokens(account=account)

    account.refresh_from_db()
    assert account.status == "expired" and "Token has been revoked" in account.status_reason


def test_a_refresh_that_hits_a_rate_limit_waits_for_the_next_run(account, fake_bluesky):
    fake_bluesky.script(
        "refreshSession",
        status=429,
        body={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        headers=rate_limit_headers(reset_in=60),
    )

    assert not social_account_refresh_tokens(account=account)

    account.refresh_from_db()
    assert account.status == "active"
