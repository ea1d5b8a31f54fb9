"""Facebook Pages publisher against the fake Graph API: each kind of post, its link, its errors,
and reading a post back (verify, find, delete)."""

from datetime import UTC, datetime, timedelta

import pytest

from networks.facebook import SPEC
from networks.facebook.publisher import FacebookPublisher
from networks.publishing import Lookup
from socialtrend.outbound import AuthError, ConfigurationError, OutcomeUnknownError, PermanentError, RetryableError
from tests.fakes.facebook import FakeFacebook
from tests.networks.conftest import publish_request

pytestmark = pytest.mark.django_db

PAGE = "101000000000001"


@pytest.fixture
def account(make_account, facebook: FakeFacebook):
    return make_account("facebook", remote_id=PAGE, handle="adasbakery", access_token="page-token-bakery")


def test_text_post_goes_to_the_page_feed_with_the_page_token(account, facebook):
    result = FacebookPublisher().publish(publish_request(account, "Fresh bread at 7"))

    [post] = facebook.posts
    assert (post["page"], post["message"], post["photos"]) == (PAGE, "Fresh bread at 7", [])
    [call] = facebook.calls("POST /101000000000001/feed")
    assert call.form["access_token"] == "page-token-bakery"
    assert result.remote_id == post["id"]
    assert result.url == f"https://www.facebook.com/{PAGE}/posts/{post['id'].split('_')[1]}"


def test_link_post_carries_the_link(account, facebook):
    FacebookPublisher().publish(publish_request(account, "Our menu", link="https://bakery.example/menu"))

    assert facebook.posts[0]["link"] == "https://bakery.example/menu"


def test_one_photo_is_uploaded_with_its_caption_and_the_story_id_kept(account, facebook, make_media):
    image = make_media("image", "image/jpeg")

    result = FacebookPublisher().publish(publish_request(account, "Croissants", [image]))

    [post] = facebook.posts
    [photo] = post["photos"]
    assert facebook.objects[photo]["bytes"] == image.path.read_bytes()
    assert facebook.objects[photo]["mime"] == "image/jpeg"
    assert (post["message"], result.remote_id) == ("Croissants", post["id"])


def test_several_photos_are_uploaded_unpublished_then_attached_to_one_post(account, facebook, make_media):
    images = [make_media(), make_media("image", "image/png"), make_media()]

    result = FacebookPublisher().publish(publish_request(account, "This week", images))

    [post] = facebook.posts
    assert post["message"] == "This week" and result.remote_id == post["id"]
    uploads = facebook.calls("POST /101000000000001/photos")
    assert [call.form["published"] for call in uploads] == ["false"] * 3
    assert [facebook.objects[photo]["published"] for photo in post["photos"]] == [False] * 3
    assert [facebook.objects[p]["bytes"] for p in post["photos"]] == [i.path.read_bytes() for i in images]


def test_video_goes_to_the_video_host_with_its_description(account, facebook, make_media):
    video = make_media("video", "video/mp4")

    result = FacebookPublisher().publish(publish_request(account, "How we bake", [video]))

    [post] = facebook.posts
    assert facebook.objects[post["video"]]["bytes"] == video.path.read_bytes()
    assert post["message"] == "How we bake"
    assert result.remote_id == post["video"]
    # A video's permalink_url is relative: made whole.
    assert result.url == f"https://www.facebook.com/{PAGE}/videos/{post['video']}/"


def test_a_revoked_page_token_expires_the_account(account, facebook):
    facebook.pages[PAGE]["token"] = "page-token-new"

    with pytest.raises(AuthError, match="190/460"):
        FacebookPublisher().publish(publish_request(account, "Hello"))
    assert facebook.posts == []


def test_the_page_rate_limit_waits_as_long_as_facebook_says(account, facebook):
    facebook.page_rate_limited_minutes = 12

    with pytest.raises(RetryableError, match="80001") as error:
        FacebookPublisher().publish(publish_request(account, "Hello"))
    assert error.value.retry_after == 12 * 60


def test_a_missing_page_permission_fails_the_post_saying_to_reconnect(account, facebook):
    facebook.without_manage_posts.add("page-token-bakery")

    with pytest.raises(PermanentError, match=r"pages_manage_posts.*reconnect it"):
        FacebookPublisher().publish(publish_request(account, "Hello"))


def test_an_app_without_the_approved_permission_is_the_operators_to_fix(account, facebook):
    facebook.app_lacks_permission = True

    with pytest.raises(ConfigurationError, match="App Review"):
        FacebookPublisher().publish(publish_request(account, "Hello"))


def test_a_5xx_on_the_publishing_call_leaves_the_outcome_unknown(account, facebook):
    facebook.script(
        "POST /101000000000001/feed",
        status=500,
        body={"error": {"message": "An unknown error occurred", "code": 1, "type": "OAuthException"}},
    )

    with pytest.raises(OutcomeUnknownError):
        FacebookPublisher().publish(publish_request(account, "Hello"))


def test_a_5xx_on_an_unpublished_photo_is_retried_later(account, facebook, make_media):
    facebook.script(
        "POST /101000000000001/photos",
        status=503,
        body={
            "error": {
                "message": "Service temporarily unavailable",
                "code": 2,
                "type": "OAuthException",
                "is_transient": True,
            }
        },
    )

    with pytest.raises(RetryableError):
        FacebookPublisher().publish(publish_request(account, "Two", [make_media(), make_media()]))
    assert facebook.posts == []


def test_a_lost_permalink_still_publishes(account, facebook):
    facebook.script("GET /", status=500, body={"error": {"message": "An unknown error occurred", "code": 1}})

    result = FacebookPublisher().publish(publish_request(account, "Hello"))

    assert result.remote_id == facebook.posts[0]["id"] and result.url == ""


def test_verify_reads_a_post_back_and_says_when_it_is_gone(account, facebook):
    publisher = FacebookPublisher()
    result = publisher.publish(publish_request(account, "Hello"))
    ref = publish_request(account, "").account

    assert publisher.verify(ref, result.remote_id) == Lookup(found=True, remote_id=result.remote_id, url=result.url)
    publisher.delete(ref, result.remote_id)
    assert facebook.posts == []
    assert publisher.verify(ref, result.remote_id) == Lookup(found=False)
    publisher.delete(ref, result.remote_id)  # already gone: nothing to do


def test_verify_that_cannot_ask_raises(account, facebook):
    facebook.page_rate_limited_minutes = 1

    with pytest.raises(RetryableError):
        FacebookPublisher().verify(publish_request(account, "").account, f"{PAGE}_1")


def test_find_matches_the_text_among_the_pages_recent_posts(account, facebook):
    publisher = FacebookPublisher()
    started = datetime.now(UTC)
    publisher.publish(publish_request(account, "Other post"))
    mine = publisher.publish(publish_request(account, "The lost one "))
    request = publish_request(account, "The lost one")

    assert publisher.find(request, started) == Lookup(found=True, remote_id=mine.remote_id, url=mine.url)
    assert publisher.find(publish_request(account, "Never posted"), started) == Lookup(found=False)
    assert publisher.find(request, started + timedelta(hours=1)) == Lookup(found=False)


@pytest.mark.parametrize(
    ("options", "media_count", "message"),
    [
        ({"link": "bakery.example/menu"}, 0, "full http(s) address"),
        ({"link": "javascript:alert(1)"}, 0, "full http(s) address"),
        ({"link": "https://bakery.example/menu"}, 1, "a link or media, not both"),
    ],
)
def test_a_link_option_facebook_cannot_post_is_refused_at_creation(options, media_count, message):
    errors = SPEC.option_errors(options, account_remote_id=PAGE, media_count=media_count)

    assert message in errors["link"]


def test_a_plain_link_with_no_media_is_accepted():
    assert SPEC.option_errors({"link": "https://bakery.example/menu"}, account_remote_id=PAGE, media_count=0) == {}


def test_a_transient_5xx_on_the_publishing_call_is_not_retried_blindly(account, facebook):
    facebook.script(
        "POST /101000000000001/feed",
        status=500,
        body={"error": {"message": "An unexpected error has occurred.", "code": 2, "is_transient": True}},
    )

    with pytest.raises(OutcomeUnknownError):
        FacebookPublisher().publish(publish_request(account, "Hello"))
