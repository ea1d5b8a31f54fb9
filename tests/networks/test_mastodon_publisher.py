"""Mastodon's publisher against the fake instance: statuses, media, limits, errors, verify, find, delete."""

import dataclasses
import time
from datetime import UTC, datetime, timedelta

import pytest

from networks.mastodon.publisher import IDEMPOTENCY_TRUST_SECONDS, MastodonPublisher, idempotency_key
from networks.publishing import PublishRequest
from socialtrend.outbound import AuthError, OutcomeUnknownError, PermanentError, RetryableError
from tests.fakes.mastodon import rate_limited
from tests.fakes.server import wait_for
from tests.networks.conftest import publish_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(make_account, mastodon):
    return make_account(
        "mastodon",
        handle=f"ada@{mastodon.host}",
        remote_id=f"110001@{mastodon.host}",
        access_token=mastodon.token_for(),
        options={"instance": mastodon.base_url, "account_id": "110001"},
    )


def with_alt(media, alt_text: str):
    return dataclasses.replace(media, alt_text=alt_text)


def test_a_status_goes_out_with_its_options_and_an_idempotency_key(account, mastodon):
    request = publish_request(account, "Hello #fediverse", visibility="unlisted", spoiler_text="launch news")

    result = MastodonPublisher().publish(request)

    status = mastodon.statuses[result.remote_id]
    assert (status.text, status.visibility, status.spoiler_text) == ("Hello #fediverse", "unlisted", "launch news")
    assert result.url == f"{mastodon.base_url}/@ada/{result.remote_id}"
    sent = mastodon.calls("POST /api/v1/statuses")[0]
    assert sent.headers["Idempotency-Key"] == idempotency_key(request.delivery_id) == "socialtrend-delivery-1"
    assert sent.get_json() == {"status": "Hello #fediverse", "visibility": "unlisted", "spoiler_text": "launch news"}


def test_a_repeated_post_after_a_lost_answer_does_not_post_twice(account, mastodon):
    # The instance made the status, then the gateway in front of it answered 502.
    request = publish_request(account, "Only once")
    first = MastodonPublisher().publish(request)
    mastodon.script("POST /api/v1/statuses", status=502, body={"error": "Bad Gateway"})

    with pytest.raises(RetryableError) as lost:
        MastodonPublisher().publish(request)
    again = MastodonPublisher().publish(dataclasses.replace(request, resume=lost.value.resume))

    assert again.remote_id == first.remote_id
    assert len(mastodon.live()) == 1


def test_a_read_timeout_on_the_status_post_is_retried_under_the_same_key(account, mastodon, settings):
    mastodon.script("POST /api/v1/statuses", status=None, delay=1.5)  # the answer comes after the read timeout
    request = publish_request(account, "Slow instance")

    with pytest.raises(RetryableError) as timed_out:
        MastodonPublisher().publish(request)
    assert timed_out.value.resume["status_first_sent_at"] <= time.time()
    assert wait_for(lambda: len(mastodon.live()) == 1)
    again = MastodonPublisher().publish(dataclasses.replace(request, resume=timed_out.value.resume))

    assert len(mastodon.live()) == 1
    assert again.remote_id == mastodon.live()[0].id


def test_a_retry_past_the_idempotency_window_is_an_unknown_outcome(account, mastodon):
    sent_long_ago = time.time() - IDEMPOTENCY_TRUST_SECONDS - 60
    request = dataclasses.replace(
        publish_request(account, "Late retry"), resume={"status_first_sent_at": sent_long_ago}
    )

    with pytest.raises(OutcomeUnknownError, match="idempotency key"):
        MastodonPublisher().publish(request)
    assert not mastodon.calls("POST /api/v1/statuses")


def test_images_go_up_with_their_descriptions(account, mastodon, make_media):
    media = [with_alt(make_media(), "An orange square"), make_media(mime_type="image/png")]

    result = MastodonPublisher().publish(publish_request(account, "Two pictures", media))

    status = mastodon.statuses[result.remote_id]
    assert [item.description for item in status.media] == ["An orange square", ""]
    assert [item.mime_type for item in status.media] == ["image/jpeg", "image/png"]
    uploads = mastodon.calls("POST /api/v2/media")
    assert uploads[0].form["description"] == "An orange square"
    assert "description" not in uploads[1].form


def test_a_video_is_polled_until_processed_before_the_status(account, mastodon, make_media):
    mastodon.video_polls = 3
    video = make_media("video", "video/mp4")

    result = MastodonPublisher().publish(publish_request(account, "", [video]))

    polls = mastodon.calls("GET /api/v1/media/")
    assert len(polls) == 4  # 206, 206, 206, then 200 with its url
    assert mastodon.statuses[result.remote_id].media[0].kind == "video"


def test_media_still_processing_is_kept_for_the_next_attempt(account, mastodon, make_media, settings):
    mastodon.video_polls = 1000
    video = make_media("video", "video/mp4")
    request = publish_request(account, "", [video])

    with pytest.raises(RetryableError, match="still processing") as waiting:
        MastodonPublisher().publish(request)
    mastodon.media[waiting.value.resume["media_ids"][0]].polls_left = 0
    MastodonPublisher().publish(dataclasses.replace(request, resume=waiting.value.resume))

    assert len(mastodon.calls("POST /api/v2/media")) == 1  # uploaded once


def test_the_instance_limits_are_read_once_and_applied_before_any_upload(account, mastodon, make_media):
    mastodon.limits["max_characters"] = 25
    publisher = MastodonPublisher()

    with pytest.raises(
        PermanentError, match=r"allows 25 characters per post \(content warning included\); this one counts 26"
    ):
        publisher.publish(publish_request(account, "x" * 12, [make_media()], spoiler_text="y" * 14))
    publisher.publish(publish_request(account, "https://example.com/" + "a" * 300))  # a URL counts 23

    assert not mastodon.calls("POST /api/v2/media")
    assert len(mastodon.live()) == 1
    assert len(mastodon.calls("GET /api/v2/instance")) == 1


def test_a_long_link_counts_23_and_a_mentions_domain_nothing(account, mastodon):
    mastodon.limits["max_characters"] = 40
    text = "@ada@" + "very-long-domain." * 5 + "example https://example.com/" + "a" * 200

    MastodonPublisher().publish(publish_request(account, text))

    assert len(mastodon.live()) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"max_media_attachments": 1}, "allows 1 media per post"),
        ({"supported_mime_types": ["image/png"]}, "does not take image/jpeg files"),
        ({"image_size_limit": 100}, "takes images up to 0 MB"),
        ({"description_limit": 5}, "descriptions up to 5 characters"),
    ],
)
def test_media_the_instance_would_refuse_fail_before_uploading(account, mastodon, make_media, change, message):
    mastodon.limits.update(change)
    media = [with_alt(make_media(), "A long description"), with_alt(make_media(), "Another")]

    with pytest.raises(PermanentError, match=message):
        MastodonPublisher().publish(publish_request(account, "Pictures", media))
    assert not mastodon.calls("POST /api/v2/media")


def test_a_refused_status_fails_with_mastodons_message(account, mastodon):
    mastodon.script(
        "POST /api/v1/statuses", status=422, body={"error": "Validation failed: Text character limit of 500 exceeded"}
    )

    with pytest.raises(PermanentError, match="Text character limit of 500 exceeded") as refused:
        MastodonPublisher().publish(publish_request(account, "Hello"))
    assert refused.value.http_status == 422


def test_an_invalid_token_expires_the_account(account, mastodon):
    mastodon.tokens.clear()

    with pytest.raises(AuthError, match="The access token is invalid"):
        MastodonPublisher().publish(publish_request(account, "Hello"))


def test_missing_scopes_ask_for_a_reconnect(account, mastodon):
    mastodon.tokens[account.access_token] = ("110001", {"read:accounts"})

    with pytest.raises(AuthError, match="outside the authorized scopes"):
        MastodonPublisher().publish(publish_request(account, "Hello"))


def test_a_rate_limit_waits_until_its_reset(account, mastodon):
    mastodon.script("POST /api/v1/statuses", status=429, body={"error": "Too many requests"}, headers=rate_limited(300))

    with pytest.raises(RetryableError) as limited:
        MastodonPublisher().publish(publish_request(account, "Hello"))
    assert 290 < limited.value.retry_after <= 300
    assert "status_first_sent_at" not in limited.value.resume  # nothing was made: no window to keep


def test_maintenance_is_retried(account, mastodon):
    mastodon.script("GET /api/v2/instance", status=503, body="<html>Maintenance</html>")

    with pytest.raises(RetryableError):
        MastodonPublisher().publish(publish_request(account, "Hello"))


def test_an_account_without_an_instance_asks_for_a_reconnect(make_account):
    account = make_account("mastodon", options={})

    with pytest.raises(PermanentError, match="reconnect"):
        MastodonPublisher().publish(publish_request(account, "Hello"))


def test_verify_reads_the_status_back_and_sees_it_gone(account, mastodon):
    publisher = MastodonPublisher()
    result = publisher.publish(publish_request(account, "Check me"))
    ref = publish_request(account, "").account

    live = publisher.verify(ref, result.remote_id)
    publisher.delete(ref, result.remote_id)
    gone = publisher.verify(ref, result.remote_id)

    assert (live.found, live.remote_id, live.url) == (True, result.remote_id, result.url)
    assert gone.found is False
    publisher.delete(ref, result.remote_id)  # already gone: nothing to do


def test_delete_of_another_error_is_raised(account, mastodon):
    mastodon.script("DELETE /api/v1/statuses/", status=429, body={"error": "Too many requests"}, headers=rate_limited())

    with pytest.raises(RetryableError):
        MastodonPublisher().delete(publish_request(account, "").account, "123")


def test_find_matches_the_source_text_and_content_warning(account, mastodon):
    before = datetime.now(UTC) - timedelta(seconds=1)
    publisher = MastodonPublisher()
    wanted = publish_request(account, "Find <me> & https://example.com", spoiler_text="cw")
    publisher.publish(publish_request(account, "Find <me> & https://example.com"))  # no content warning
    published = publisher.publish(dataclasses.replace(wanted, delivery_id=2))
    publisher.publish(dataclasses.replace(publish_request(account, "Something else"), delivery_id=3))

    found = publisher.find(wanted, before)
    missing = publisher.find(publish_request(account, "Never posted"), before)
    too_early = publisher.find(wanted, datetime.now(UTC) + timedelta(minutes=1))

    assert (found.found, found.remote_id, found.url) == (True, published.remote_id, published.url)
    assert missing.found is False
    assert too_early.found is False


def test_find_cannot_decide_when_a_page_does_not_reach_back(account, mastodon):
    before = datetime.now(UTC) - timedelta(seconds=1)
    publisher = MastodonPublisher()
    for number in range(40):
        publisher.publish(dataclasses.replace(publish_request(account, f"Status {number}"), delivery_id=100 + number))

    assert (
        publisher.find(PublishRequest(delivery_id=1, account=publish_request(account, "").account, text="x"), before)
        is None
    )
