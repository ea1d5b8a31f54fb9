from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import SocialAccount
from accounts.services import account_ref
from networks.reddit.publisher import SCOPES, RedditPublisher
from posts.models import Delivery, NetworkAlert
from socialtrend.outbound import AuthError, ConfigurationError, OutcomeUnknownError, PermanentError, RetryableError
from tests.fakes.reddit import UPLOAD_HOST, FakeReddit
from tests.networks.conftest import publish_request
from tests.posts.helpers import dispatch_and_publish, make_post

pytestmark = pytest.mark.django_db


def reddit_options(account) -> dict:
    return {str(account.pk): {"subreddit": "test", "title": "T"}}


@pytest.fixture
def account(make_account, reddit: FakeReddit):
    return make_account(
        "reddit", handle=reddit.username, remote_id=reddit.username, refresh_token="rd-refresh", access_token=""
    )


def test_text_post(account, reddit):
    result = RedditPublisher().publish(publish_request(account, "Body **markdown**", subreddit="python", title="Hi"))

    [post] = reddit.submissions
    assert (post["sr"], post["title"], post["kind"], post["text"]) == ("python", "Hi", "self", "Body **markdown**")
    assert result.remote_id == post["id"]
    assert result.url == f"https://www.reddit.com/r/python/comments/{post['id']}/"


def test_link_post(account, reddit):
    RedditPublisher().publish(
        publish_request(account, "", subreddit="test", title="Read this", url="https://example.com/article")
    )

    [post] = reddit.submissions
    assert (post["kind"], post["url"]) == ("link", "https://example.com/article")


def test_image_post_is_uploaded_and_confirmed_over_the_websocket(account, reddit, make_media):
    image = make_media("image", "image/jpeg", name="cat.jpg")

    result = RedditPublisher().publish(publish_request(account, "", [image], subreddit="test", title="A cat"))

    [post] = reddit.submissions
    assert post["kind"] == "image"
    [(key, upload)] = reddit.uploads.items()
    assert upload == image.path.read_bytes()
    assert post["url"] == f"https://{UPLOAD_HOST}/{key}"
    assert result.remote_id == post["id"]


def test_media_post_whose_confirmation_is_lost_is_unknown(account, reddit, make_media):
    reddit.media_outcome = "silent"

    with pytest.raises(OutcomeUnknownError):
        RedditPublisher().publish(publish_request(account, "", [make_media()], subreddit="test", title="A cat"))

    assert len(reddit.submissions) == 1


def test_media_processing_failure_is_permanent(account, reddit, make_media):
    reddit.media_outcome = "failed"

    with pytest.raises(PermanentError, match="process"):
        RedditPublisher().publish(publish_request(account, "", [make_media()], subreddit="test", title="A cat"))


def test_media_larger_than_the_upload_policy_allows_is_permanent(account, reddit, make_media):
    reddit.max_upload_bytes["image"] = 100  # 20 MiB in the cassettes' policies

    with pytest.raises(PermanentError, match=r"larger than Reddit takes \(\d+ bytes; at most 100\)"):
        RedditPublisher().publish(publish_request(account, "", [make_media()], subreddit="test", title="A cat"))

    assert reddit.uploads == {} and reddit.submissions == []


def test_an_upload_the_media_storage_refuses_is_retried_without_touching_the_account(account, reddit, make_media):
    reddit.upload_failure = (403, "AccessDenied", "Invalid according to Policy: Policy expired.")

    with pytest.raises(RetryableError, match="HTTP 403") as error:
        RedditPublisher().publish(publish_request(account, "", [make_media()], subreddit="test", title="A cat"))

    assert error.value.http_status == 403
    assert reddit.calls("POST /api/submit/") == []  # nothing was posted: a new lease and upload next time


def test_ratelimit_answer_becomes_retry_after_without_sleeping(account, reddit):
    reddit.script(
        "POST /api/submit/",
        status=200,
        body={
            "json": {
                "errors": [
                    [
                        "RATELIMIT",
                        "Looks like you've been doing that a lot. Take a break for 3 minutes before trying again.",
                        "ratelimit",
                    ]
                ]
            }
        },
    )

    with pytest.raises(RetryableError) as error:
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert error.value.retry_after == 180


def test_http_429_is_retryable(account, reddit):
    reddit.script("POST /api/submit/", status=429, body="Too Many Requests", headers={"Retry-After": "30"})

    with pytest.raises(RetryableError) as error:
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert error.value.retry_after == 30


def test_http_429_without_retry_after_waits_until_the_rate_limit_window_ends(account, reddit):
    reddit.ratelimit_window(remaining=0, seconds=120)  # x-ratelimit-reset: seconds left, not an epoch

    with pytest.raises(RetryableError) as error:
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert error.value.http_status == 429
    assert 118 <= error.value.retry_after <= 120


def test_a_used_up_window_stops_before_the_next_call_instead_of_sleeping(account, reddit, make_media):
    reddit.ratelimit_window(remaining=1, seconds=2)  # the upload lease takes the last request

    with pytest.raises(RetryableError, match="rate limit") as error:
        RedditPublisher().publish(publish_request(account, "", [make_media()], subreddit="test", title="A cat"))

    assert 0 < error.value.retry_after <= 2
    assert len(reddit.calls("POST /api/media/asset.json")) == 1
    assert reddit.calls("POST /api/submit/") == []  # prawcore would have slept until the window ended


@pytest.mark.parametrize(
    ("message", "seconds"),
    [
        ("Looks like you've been doing that a lot. Take a break for 14 minutes before trying again.", 840),
        ("Looks like you've been doing that a lot. Take a break for 1 minute before trying again.", 60),
        ("Looks like you've been doing that a lot. Take a break for 3 seconds before trying again.", 3),
        ("you are doing that too much. try again in 2 hours.", 7200),
        ("you are doing that too much. try again in 1 day.", 86400),
    ],
)
def test_ratelimit_answers_give_their_delay(account, reddit, message, seconds):
    reddit.script("POST /api/submit/", status=200, body={"json": {"errors": [["RATELIMIT", message, "ratelimit"]]}})

    with pytest.raises(RetryableError) as error:
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert error.value.retry_after == seconds


def test_a_ratelimit_of_milliseconds_is_not_slept_on_and_resubmitted(account, reddit):
    body = {"json": {"errors": [["RATELIMIT", "Take a break for 202 milliseconds before trying again.", "ratelimit"]]}}
    reddit.script("POST /api/submit/", status=200, body=body)

    with pytest.raises(RetryableError) as error:
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert error.value.retry_after == 0.202
    assert len(reddit.calls("POST /api/submit/")) == 1
    assert reddit.submissions == []


def test_unknown_subreddit_is_permanent(account, reddit):
    with pytest.raises(PermanentError, match="SUBREDDIT_NOEXIST"):
        RedditPublisher().publish(publish_request(account, "x", subreddit="nope", title="t"))


@pytest.mark.parametrize(
    ("community", "options", "code"),
    [
        ({"posts": "link"}, {}, "NO_SELFS"),
        ({"posts": "self"}, {"url": "https://example.com/a"}, "NO_LINKS"),
        ({"access": "private"}, {}, "SUBREDDIT_NOTALLOWED"),
        ({"access": "banned"}, {}, "SUBREDDIT_NOTALLOWED"),
    ],
)
def test_a_subreddit_refusing_the_post_is_permanent(account, reddit, community, options, code):
    for name, value in community.items():
        setattr(reddit.community("test"), name, value)

    with pytest.raises(PermanentError, match=code):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t", **options))

    assert reddit.submissions == []
    assert account.status == "active"


def test_a_title_the_subreddit_does_not_allow_is_permanent(account, reddit):
    # PRAW asks Reddit to validate (validate_on_submit): HTTP 400 with a reason, not json.errors.
    reddit.community("test").title_blacklist = ("giveaway",)

    with pytest.raises(PermanentError, match="SUBMIT_VALIDATION_TITLE_BLACKLISTED_STRING: You may not have"):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="Big giveaway"))

    [submit] = reddit.calls("POST /api/submit/")
    assert submit.form["validate_on_submit"] == "True"
    assert reddit.submissions == []


def test_revoked_refresh_token_is_an_auth_error_asking_to_reconnect(account, reddit):
    reddit.refresh_tokens.discard("rd-refresh")  # the person removed the app, or Reddit revoked it

    with pytest.raises(AuthError, match="reconnect the Reddit account") as error:
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert error.value.http_status == 400
    [token_call] = reddit.calls("POST /api/v1/access_token")
    assert token_call.form["grant_type"] == "refresh_token"
    assert reddit.calls("POST /api/submit/") == []


def test_revoked_refresh_token_expires_the_account_through_the_pipeline(
    user, reddit, django_capture_on_commit_callbacks
):
    account = SocialAccount.objects.create(
        owner=user, network="reddit", handle="ada_posts", remote_id="ada_posts", refresh_token="revoked"
    )
    later = make_post(accounts=[account], caption="Later", seconds_ahead=3600, options=reddit_options(account))
    post = make_post(accounts=[account], caption="Now", options=reddit_options(account))

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    account.refresh_from_db()
    assert delivery.status == "waiting_for_reconnect" and account.status == "expired"
    assert "must be reconnected" in delivery.last_error and "reconnect the Reddit account" in delivery.last_error
    assert Delivery.objects.get(post=later).status == "waiting_for_reconnect"
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == ["auth"]
    assert reddit.calls("POST /api/submit/") == []


def test_wrong_app_credentials_are_the_operators_to_fix_not_the_accounts(
    user, reddit, settings, django_capture_on_commit_callbacks
):
    settings.REDDIT_CLIENT_SECRET = "not-the-secret"
    account = SocialAccount.objects.create(
        owner=user, network="reddit", handle="ada_posts", remote_id="ada_posts", refresh_token="rd-refresh"
    )
    with pytest.raises(ConfigurationError, match="REDDIT_CLIENT_SECRET") as error:
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))
    assert error.value.http_status == 401

    post = make_post(accounts=[account], caption="Now", options=reddit_options(account))
    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    account.refresh_from_db()
    assert account.status == "active"
    assert delivery.status == "pending"  # retried once the operator fixes the app's settings
    assert "REDDIT_CLIENT_SECRET" in NetworkAlert.objects.get(network="reddit").message


def test_server_errors_are_not_retried_by_prawcore(account, reddit):
    reddit.script("POST /api/submit/", status=503, body="")
    reddit.script("POST /api/submit/", status=500, body="")

    with pytest.raises(RetryableError):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))
    with pytest.raises(OutcomeUnknownError):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert len(reddit.calls("POST /api/submit/")) == 2  # one call each: nothing re-sent behind our back


def test_a_submit_answered_with_broken_json_may_have_posted(account, reddit):
    # As the prawcore cassette test_request__bad_json: a 200 whose body is cut short.
    reddit.script("POST /api/submit/", status=200, body='{"json": {"errors": [], "data": {"url": "https://www.red')

    with pytest.raises(OutcomeUnknownError):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))


def test_a_token_endpoint_answering_a_page_instead_of_json_is_retryable(account, reddit):
    reddit.script("POST /api/v1/access_token", status=200, body="<html>reddit is down for maintenance</html>")

    with pytest.raises(RetryableError, match="token endpoint"):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert reddit.calls("POST /api/submit/") == []


def test_read_timeout_on_submit_is_unknown(account, reddit):
    reddit.script("POST /api/submit/", status=None, delay=1.5)

    with pytest.raises(OutcomeUnknownError):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert len(reddit.calls("POST /api/submit/")) == 1


@pytest.mark.parametrize("call", ["POST /api/v1/access_token", "POST /api/media/asset.json"])
def test_read_timeout_before_the_submit_is_retryable(account, reddit, make_media, call):
    reddit.script(call, status=None, delay=1.5)  # the token refresh or the upload lease: nothing posted yet

    with pytest.raises(RetryableError):
        RedditPublisher().publish(publish_request(account, "", [make_media()], subreddit="test", title="A cat"))

    assert reddit.calls("POST /api/submit/") == []


def test_a_server_error_on_the_upload_lease_is_retryable(account, reddit, make_media):
    reddit.script("POST /api/media/asset.json", status=500, body={"message": "Internal Server Error", "error": 500})

    with pytest.raises(RetryableError):
        RedditPublisher().publish(publish_request(account, "", [make_media()], subreddit="test", title="A cat"))

    assert reddit.calls("POST /api/submit/") == []


def test_a_token_without_the_submit_scope_asks_to_reconnect(account, reddit):
    reddit.scopes["rd-refresh"] = "identity"  # granted before SocialTrend asked for "submit"

    with pytest.raises(AuthError, match=r"lacks a scope SocialTrend needs.*reconnect the Reddit account"):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test", title="t"))

    assert reddit.submissions == []


def test_missing_options_are_refused_before_any_call(account, reddit):
    with pytest.raises(PermanentError, match="subreddit and a title"):
        RedditPublisher().publish(publish_request(account, "x", subreddit="test"))

    assert reddit.requests == []


def test_video_post_uploads_the_video_and_a_thumbnail(account, reddit, make_media):
    video = make_media("video", "video/mp4", name="clip.mp4")

    result = RedditPublisher().publish(publish_request(account, "", [video], subreddit="test", title="A clip"))

    [post] = reddit.submissions
    assert post["kind"] == "video"
    assert len(reddit.uploads) == 2  # the video and its poster image
    assert video.path.read_bytes() in reddit.uploads.values()
    assert result.remote_id == post["id"]


# --- Reading posts back (verification, unknown outcomes) ---------------------------------


@pytest.fixture
def reading_account(account, reddit):
    reddit.scopes["rd-refresh"] = " ".join(SCOPES)
    return account


def test_a_submission_is_verified_by_its_id_and_a_removed_one_is_not(reading_account, reddit):
    request = publish_request(reading_account, "Body", subreddit="test", title="Read me")
    result = RedditPublisher().publish(request)

    found = RedditPublisher().verify(account_ref(reading_account), result.remote_id)
    reddit.submissions[0]["removed_by_category"] = "moderator"
    removed = RedditPublisher().verify(account_ref(reading_account), result.remote_id)
    unknown = RedditPublisher().verify(account_ref(reading_account), "t999")

    assert (found.found, found.remote_id, found.url) == (True, result.remote_id, result.url)
    assert (removed.found, unknown.found) == (False, False)
    assert reddit.calls("GET /api/info/")[0].args["id"] == f"t3_{result.remote_id}"


def test_an_unknown_submission_is_found_among_the_users_posts(reading_account, reddit):
    before = timezone.now() - timedelta(seconds=5)
    request = publish_request(reading_account, "Body", subreddit="test", title="Maybe posted")
    RedditPublisher().publish(request)

    found = RedditPublisher().find(request, before)
    other_title = RedditPublisher().find(
        publish_request(reading_account, "Body", subreddit="test", title="Another"), before
    )
    too_late = RedditPublisher().find(request, timezone.now() + timedelta(minutes=1))

    assert (found.found, found.remote_id) == (True, reddit.submissions[0]["id"])
    assert (other_title.found, too_late.found) == (False, False)


def test_an_account_connected_without_the_read_scopes_cannot_be_verified_and_stays_active(account, reddit):
    result = RedditPublisher().publish(publish_request(account, "Body", subreddit="test", title="T"))

    with pytest.raises(PermanentError, match="reconnect it"):
        RedditPublisher().verify(account_ref(account), result.remote_id)

    account.refresh_from_db()
    assert account.status == "active"
