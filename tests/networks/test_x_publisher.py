import time
from dataclasses import replace
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from accounts.models import SocialAccount
from accounts.services import account_ref
from networks.x.publisher import XPublisher
from posts.models import Delivery, NetworkAlert
from posts.services import dispatch
from socialtrend.outbound import AuthError, ConfigurationError, OutcomeUnknownError, PermanentError, RetryableError
from tests.fakes.x import FakeX
from tests.networks.conftest import publish_request
from tests.posts.helpers import make_due, make_post, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(make_account, x_api: FakeX):
    return make_account("x", handle=x_api.username, remote_id=x_api.user_id, access_token="x-token")


def test_text_tweet(account, x_api):
    result = XPublisher().publish(publish_request(account, "Hello from SocialTrend"))

    [tweet] = x_api.tweets
    assert tweet["text"] == "Hello from SocialTrend"
    assert result.remote_id == tweet["id"]
    assert result.url == f"https://x.com/ada_codes/status/{tweet['id']}"
    assert x_api.calls("POST /2/tweets")[0].headers["Authorization"] == "Bearer x-token"


def test_images_are_uploaded_through_the_v2_endpoint(account, x_api, make_media):
    images = [make_media("image", "image/jpeg"), make_media("image", "image/png")]

    XPublisher().publish(publish_request(account, "Two pictures", images))

    [tweet] = x_api.tweets
    assert [x_api.media[m].bytes for m in tweet["media_ids"]] == [i.path.read_bytes() for i in images]
    # X reads the type from the bytes: the request carries only the spec's fields, `media_type` is gone.
    assert [x_api.media[m].type for m in tweet["media_ids"]] == ["image/jpeg", "image/png"]
    assert [(r.form.to_dict(), list(r.files)) for r in x_api.calls("POST /2/media/upload")] == [
        ({"media_category": "tweet_image"}, ["media"])
    ] * 2


def test_video_is_uploaded_in_chunks_and_waited_for(account, x_api, make_media):
    x_api.video_states = ["in_progress", "succeeded"]
    video = make_media("video", "video/mp4")

    XPublisher().publish(publish_request(account, "A clip", [video]))

    [tweet] = x_api.tweets
    upload = x_api.media[tweet["media_ids"][0]]
    assert (upload.bytes, upload.type, upload.category) == (video.path.read_bytes(), "video/mp4", "tweet_video")
    assert len(x_api.calls("GET /2/media/upload")) == 2


def test_video_still_processing_is_waited_for_at_the_next_attempt_without_a_new_upload(
    account, x_api, make_media, settings
):
    settings.X_MEDIA_MAX_WAIT = 0.5
    x_api.check_after_secs = 1  # X asks for more time than one attempt may wait
    x_api.video_states = ["in_progress", "succeeded"]
    request = publish_request(account, "A clip", [make_media("video", "video/mp4")])

    with pytest.raises(RetryableError, match="still processing") as error:
        XPublisher().publish(request)
    x_api.check_after_secs = 0
    XPublisher().publish(replace(request, resume=error.value.resume))

    assert len(x_api.calls("POST /2/media/upload/initialize")) == 1
    [tweet] = x_api.tweets
    assert tweet["media_ids"] == [upload_id := next(iter(x_api.media))]
    assert [r.args["media_id"] for r in x_api.calls("GET /2/media/upload")] == [upload_id, upload_id]


def test_media_uploaded_before_a_retryable_refusal_is_kept_for_the_next_attempt(account, x_api, make_media):
    x_api.script("POST /2/tweets", status=503, body={"title": "Service Unavailable", "status": 503})
    request = publish_request(account, "Two pictures", [make_media(), make_media("image", "image/png")])

    with pytest.raises(RetryableError) as error:
        XPublisher().publish(request)
    XPublisher().publish(replace(request, resume=error.value.resume))

    assert len(x_api.calls("POST /2/media/upload")) == 2  # not four
    [tweet] = x_api.tweets
    assert tweet["media_ids"] == list(x_api.media)


def test_media_about_to_expire_is_uploaded_again(account, x_api, make_media):
    request = publish_request(account, "x", [make_media()])
    stale = {"media": [{"id": "1850000000000000000", "expires_at": time.time() + 60}]}

    XPublisher().publish(replace(request, resume=stale))

    [tweet] = x_api.tweets
    assert tweet["media_ids"] == list(x_api.media) and len(x_api.calls("POST /2/media/upload")) == 1


def test_video_that_fails_processing_is_permanent(account, x_api, make_media):
    x_api.video_states = ["failed"]

    with pytest.raises(PermanentError, match="X could not process the video"):
        XPublisher().publish(publish_request(account, "A clip", [make_media("video", "video/mp4")]))

    assert x_api.tweets == []


def test_rate_limit_reset_header_becomes_retry_after(account, x_api):
    reset = int(time.time()) + 600
    x_api.script(
        "POST /2/tweets",
        status=429,
        body={"title": "Too Many Requests", "status": 429},
        headers={"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"},
    )

    with pytest.raises(RetryableError) as error:
        XPublisher().publish(publish_request(account, "x"))

    assert 590 <= error.value.retry_after <= 600


def test_the_users_24_hour_cap_waits_for_its_reset_not_the_15_minute_window(account, x_api):
    x_api.user_24h_limit = 1
    XPublisher().publish(publish_request(account, "the one post of the day"))

    with pytest.raises(RetryableError) as error:
        XPublisher().publish(publish_request(account, "one too many"))

    assert not isinstance(error.value, ConfigurationError)  # the account's own cap: no operator alert
    reset = int(x_api.tweets[0]["at"]) + 86400
    assert 86400 - 60 <= error.value.retry_after <= reset - time.time() + 1
    assert "24-hour" in error.value.message and error.value.http_status == 429


def test_the_apps_24_hour_cap_waits_for_its_reset(account, x_api):
    x_api.app_24h_limit = 1
    XPublisher().publish(publish_request(account, "the app's one post of the day"))

    with pytest.raises(RetryableError) as error:
        XPublisher().publish(publish_request(account, "one too many"))

    assert error.value.retry_after >= 86400 - 60
    assert "24-hour" in error.value.message


def test_the_apps_monthly_cap_is_the_operators_to_raise(account, x_api):
    x_api.monthly_cap_reached = True

    with pytest.raises(ConfigurationError, match="monthly usage cap") as error:
        XPublisher().publish(publish_request(account, "x"))

    assert error.value.http_status == 429
    assert error.value.retry_after >= 3600  # not the 15-minute window, which is nowhere near used up


def test_credits_used_up_is_the_operators_to_top_up(account, x_api):
    x_api.credits = 0

    with pytest.raises(ConfigurationError, match="the X app's credits are used up: top up") as error:
        XPublisher().publish(publish_request(account, "x"))

    assert error.value.http_status == 402
    assert "does not have any credits" in error.value.message
    assert x_api.tweets == []


def test_credits_running_out_during_the_media_upload_are_the_operators_too(account, x_api, make_media):
    x_api.credits = 1  # the first image is paid for, the second is not

    with pytest.raises(ConfigurationError, match="credits are used up"):
        XPublisher().publish(publish_request(account, "x", [make_media(), make_media()]))


def test_invalid_token_is_an_auth_error(account, x_api):
    account.access_token = "revoked"

    with pytest.raises(AuthError):
        XPublisher().publish(publish_request(account, "x"))


def test_an_invalid_request_says_what_x_refused(account, x_api):
    with pytest.raises(PermanentError) as error:
        XPublisher().publish(publish_request(account, ""))

    assert error.value.message == (
        "X refused the request: One or more parameters to your request was invalid. "
        "Your Tweet text is too long or empty."
    )


def test_duplicate_content_is_permanent_not_an_auth_problem(account, x_api):
    XPublisher().publish(publish_request(account, "same"))

    with pytest.raises(PermanentError, match="duplicate content"):
        XPublisher().publish(publish_request(account, "same"))


def test_unsupported_authentication_403_is_an_auth_error(account, x_api):
    x_api.script(
        "POST /2/tweets",
        status=403,
        body={
            "title": "Unsupported Authentication",
            "status": 403,
            "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.",
            "type": "https://api.twitter.com/2/problems/unsupported-authentication",
        },
    )

    with pytest.raises(AuthError):
        XPublisher().publish(publish_request(account, "x"))


def test_app_not_enrolled_is_the_operators_setup_not_the_accounts(account, x_api):
    x_api.enrolled = False

    with pytest.raises(ConfigurationError, match="access level") as error:
        XPublisher().publish(publish_request(account, "x"))

    assert error.value.http_status == 403
    assert "attached to a Project" in error.value.message


def test_app_not_enrolled_alerts_the_operator_and_keeps_the_account(account, x_api):
    x_api.enrolled = False
    post = make_post(accounts=[account], caption="Waits for the operator")
    make_due(post)
    dispatch.dispatch_due()

    publish(Delivery.objects.get(post=post).pk)

    delivery = Delivery.objects.get(post=post)
    assert delivery.status == "pending" and "access level" in delivery.last_error
    assert SocialAccount.objects.get(pk=account.pk).status == "active"
    assert "access level" in NetworkAlert.objects.get(network="x").message


def test_no_access_to_a_protected_resource_is_this_posts_problem(account, x_api):
    x_api.script(
        "POST /2/tweets",
        status=403,
        body={
            "title": "Forbidden",
            "detail": "You are not authorized to see the Tweet with id: [1850000000000000000].",
            "type": "https://api.x.com/2/problems/not-authorized-for-resource",
            "resource_type": "tweet",
            "resource_id": "1850000000000000000",
        },
    )

    with pytest.raises(PermanentError, match="not authorized to see"):
        XPublisher().publish(publish_request(account, "x"))


def test_service_unavailable_is_retryable_and_500_unknown(account, x_api):
    x_api.script("POST /2/tweets", status=503, body={"title": "Service Unavailable", "status": 503})
    x_api.script("POST /2/tweets", status=500, body={"title": "Internal Error", "status": 500})

    with pytest.raises(RetryableError):
        XPublisher().publish(publish_request(account, "x"))
    with pytest.raises(OutcomeUnknownError):
        XPublisher().publish(publish_request(account, "x"))


def test_lost_answer_is_unknown_and_the_tweet_exists(account, x_api):
    x_api.lose_answer["POST /2/tweets"] = requests.ReadTimeout("read timed out")

    with pytest.raises(OutcomeUnknownError):
        XPublisher().publish(publish_request(account, "went out"))

    assert [t["text"] for t in x_api.tweets] == ["went out"]


def test_connect_timeout_is_retryable(account, x_api):
    x_api.unreachable["POST /2/tweets"] = requests.ConnectTimeout("connect timed out")

    with pytest.raises(RetryableError):
        XPublisher().publish(publish_request(account, "x"))

    assert x_api.tweets == []


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        (["video", "video"], "X (Twitter) posts carry either images or one video; this post has 2 videos."),
        (["image", "video"], "X (Twitter) posts carry either images or one video, not both."),
    ],
)
def test_several_videos_or_images_with_a_video_are_refused_before_any_upload(
    account, x_api, make_media, kinds, message
):
    # X: "up to 4 photos, 1 animated GIF or 1 video in a Post"; a mix answers 400 at POST /2/tweets.
    media = [make_media(kind, "video/mp4" if kind == "video" else "image/jpeg") for kind in kinds]

    with pytest.raises(PermanentError) as error:
        XPublisher().publish(publish_request(account, "x", media))

    assert error.value.message == message
    assert x_api.requests == []


def test_the_fake_refuses_a_video_with_images_as_x_does(account, x_api, make_media):
    video_then_image = [make_media("video", "video/mp4"), make_media("image", "image/jpeg")]
    bearer = {"Authorization": "Bearer x-token"}
    ids = [XPublisher()._upload(bearer, item)["id"] for item in video_then_image]

    answer = requests.post(
        "https://api.twitter.com/2/tweets",
        json={"text": "mixed", "media": {"media_ids": ids}},
        headers=bearer,
        timeout=5,
    )

    assert answer.status_code == 400 and answer.json()["errors"][0]["message"] == "Your media IDs are invalid."


def test_an_image_over_5_mb_is_refused_before_any_upload(account, x_api, make_media, tmp_path):
    image = make_media()
    big = tmp_path / "big.jpg"
    big.write_bytes(image.path.read_bytes() + b"\x00" * (5 * 1024 * 1024))
    too_big = replace(image, path=big, size=big.stat().st_size)

    with pytest.raises(PermanentError, match="X takes images up to 5 MB"):
        XPublisher().publish(publish_request(account, "x", [too_big]))

    assert x_api.requests == []


def test_more_than_four_media_is_refused(account, x_api, make_media):
    with pytest.raises(PermanentError, match="at most 4"):
        XPublisher().publish(publish_request(account, "x", [make_media() for _ in range(5)]))


# --- Reading posts back (verification, unknown outcomes) ---------------------------------


def test_a_published_tweet_is_verified_by_its_id(account, x_api):
    result = XPublisher().publish(publish_request(account, "Read me back"))

    found = XPublisher().verify(account_ref(account), result.remote_id)

    assert (found.found, found.remote_id, found.url) == (True, result.remote_id, result.url)
    assert x_api.calls(f"GET /2/tweets/{result.remote_id}")


def test_a_tweet_x_does_not_show_is_not_found_from_its_200_problem(account, x_api):
    result = XPublisher().publish(publish_request(account, "Gone soon"))
    XPublisher().delete(account_ref(account), result.remote_id)

    lookup = XPublisher().verify(account_ref(account), result.remote_id)

    assert lookup.found is False
    assert x_api.tweets == []


def test_a_lookup_x_refuses_is_classified_as_a_publish_is(account, x_api):
    x_api.script("GET /2/tweets/1", status=503, body={"title": "Service Unavailable", "status": 503})

    with pytest.raises(RetryableError):
        XPublisher().verify(account_ref(account), "1")
    with pytest.raises(AuthError):
        XPublisher().verify(replace(account_ref(account), access_token="revoked"), "1")


def test_an_unknown_outcome_is_found_among_the_users_posts_by_text(account, x_api):
    before = timezone.now() - timedelta(seconds=5)
    x_api.lose_answer["POST /2/tweets"] = requests.ReadTimeout("read timed out")
    request = publish_request(account, "Went out https://example.com/a")
    with pytest.raises(OutcomeUnknownError):
        XPublisher().publish(request)

    found = XPublisher().find(request, before)
    other = XPublisher().find(publish_request(account, "Never sent"), before)
    too_late = XPublisher().find(request, timezone.now() + timedelta(minutes=1))

    [tweet] = x_api.tweets
    assert (found.found, found.remote_id) == (True, tweet["id"])
    assert (other.found, too_late.found) == (False, False)
    assert x_api.calls(f"GET /2/users/{x_api.user_id}/tweets")
