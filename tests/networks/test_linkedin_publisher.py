from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.services import account_ref
from networks.linkedin import SPEC
from networks.linkedin.publisher import LinkedInPublisher, little_text
from networks.publishing import MediaFile
from socialtrend.outbound import AuthError, ConfigurationError, OutcomeUnknownError, PermanentError, RetryableError
from tests.fakes.linkedin import PART_BYTES, FakeLinkedIn
from tests.fakes.server import wait_for
from tests.networks.conftest import publish_request
from tests.posts.helpers import MP4_BYTES

pytestmark = pytest.mark.django_db


def default_version() -> str:
    return next(setting.default for setting in SPEC.settings if setting.name == "LINKEDIN_VERSION")


@pytest.fixture
def linkedin(linkedin: FakeLinkedIn, settings) -> FakeLinkedIn:
    """The fake with the version the publisher sends by default, as in production."""
    settings.LINKEDIN_VERSION = default_version()
    return linkedin


@pytest.fixture
def account(make_account, linkedin: FakeLinkedIn):
    return make_account("linkedin", remote_id=f"urn:li:person:{linkedin.sub}", access_token="li-token")


def test_text_post_as_a_person(account, linkedin):
    result = LinkedInPublisher().publish(publish_request(account, "Hello (world) #launch", visibility="CONNECTIONS"))

    [post] = linkedin.published
    assert post["author"] == "urn:li:person:782bbtaQ"
    assert post["commentary"] == r"Hello \(world\) {hashtag|\#|launch}"
    assert post["visibility"] == "CONNECTIONS"
    assert post["distribution"]["feedDistribution"] == "MAIN_FEED"
    assert post["lifecycleState"] == "PUBLISHED"
    assert post["version"] == default_version()
    assert result.remote_id == post["id"]
    assert result.url == f"https://www.linkedin.com/feed/update/{post['id']}/"


def test_single_image_is_uploaded_then_referenced(account, linkedin, make_media):
    image = make_media("image", "image/jpeg")

    LinkedInPublisher().publish(publish_request(account, "With a picture", [image]))

    [post] = linkedin.published
    urn = post["content"]["media"]["id"]
    assert linkedin.images[urn] == image.path.read_bytes()


def test_several_images_make_a_multi_image_post(account, linkedin, make_media):
    LinkedInPublisher().publish(publish_request(account, "Gallery", [make_media(), make_media(), make_media()]))

    [post] = linkedin.published
    assert len(post["content"]["multiImage"]["images"]) == 3


def test_organization_author(make_account, linkedin):
    page = make_account("linkedin", remote_id="urn:li:organization:2414183", access_token="li-token")

    LinkedInPublisher().publish(publish_request(page, "From the company page"))

    assert linkedin.published[0]["author"] == "urn:li:organization:2414183"


def test_organization_the_member_does_not_administer_is_a_permission_error_not_bad_credentials(make_account, linkedin):
    """LinkedIn's 403 ACCESS_DENIED: the token is fine, the member lacks a page role (or the app a product)."""
    page = make_account("linkedin", remote_id="urn:li:organization:999", access_token="li-token")

    with pytest.raises(PermanentError) as error:
        LinkedInPublisher().publish(publish_request(page, "x"))

    assert not isinstance(error.value, AuthError)
    assert error.value.http_status == 403
    message = error.value.message
    assert "ACCESS_DENIED" in message and "partnerApiPostsExternal.CREATE" in message
    assert "ADMINISTRATOR" in message and "w_organization_social" in message and "w_member_social" in message
    assert linkedin.published == []


def test_organization_image_the_member_may_not_upload_is_a_permission_error(make_account, linkedin, make_media):
    page = make_account("linkedin", remote_id="urn:li:organization:999", access_token="li-token")

    with pytest.raises(PermanentError, match=r"ACCESS_DENIED.*images"):
        LinkedInPublisher().publish(publish_request(page, "x", [make_media()]))

    assert linkedin.images == {}


def test_the_default_version_is_still_served_three_months_from_now(account, linkedin):
    """LinkedIn serves a version for about a year after its release: the default must not be about to go."""
    linkedin.today = datetime.now(UTC).date() + timedelta(days=90)

    LinkedInPublisher().publish(publish_request(account, "x"))

    assert [post["version"] for post in linkedin.published] == [default_version()]


@pytest.mark.parametrize(
    "version",
    [
        "202511",  # sunset mid-November 2026
        "202301",  # long retired
        "202512",  # LinkedIn released no December version
        "202701",  # not released yet
    ],
)
def test_a_version_linkedin_does_not_serve_is_a_configuration_error_naming_it_and_the_setting(
    account, linkedin, settings, version
):
    linkedin.today = date(2026, 12, 1)
    settings.LINKEDIN_VERSION = version

    with pytest.raises(ConfigurationError) as error:
        LinkedInPublisher().publish(publish_request(account, "x"))

    assert error.value.http_status == 426
    assert f"Linkedin-Version {version}" in error.value.message
    assert "LINKEDIN_VERSION" in error.value.message
    assert linkedin.published == []


def test_a_version_is_served_until_its_sunset_day(account, linkedin, settings, make_media):
    settings.LINKEDIN_VERSION = "202601"
    linkedin.today = date(2027, 1, 14)
    LinkedInPublisher().publish(publish_request(account, "The last day", [make_media()]))

    linkedin.today = date(2027, 1, 15)
    with pytest.raises(ConfigurationError, match="Linkedin-Version 202601"):
        LinkedInPublisher().publish(publish_request(account, "The day after", [make_media()]))

    assert [post["commentary"] for post in linkedin.published] == ["The last day"]
    assert len(linkedin.calls("POST /rest/images")) == 2  # the upload is refused first, before any post


def test_duplicate_post_is_permanent_and_points_at_the_post_already_there(account, linkedin):
    first = LinkedInPublisher().publish(publish_request(account, "Same words"))

    with pytest.raises(PermanentError) as error:
        LinkedInPublisher().publish(publish_request(account, "Same words"))

    assert error.value.http_status == 422
    assert "duplicate" in error.value.message
    assert first.url in error.value.message
    assert len(linkedin.published) == 1


def test_invalid_token_is_an_auth_error(account, linkedin):
    account.access_token = "expired"

    with pytest.raises(AuthError) as error:
        LinkedInPublisher().publish(publish_request(account, "x"))

    assert error.value.http_status == 401
    assert "INVALID_ACCESS_TOKEN" in error.value.message and "reconnect" in error.value.message


def test_token_the_member_revoked_is_an_auth_error_saying_so(account, linkedin):
    linkedin.revoked.add("li-token")

    with pytest.raises(AuthError) as error:
        LinkedInPublisher().publish(publish_request(account, "x"))

    assert error.value.http_status == 401
    assert "REVOKED_ACCESS_TOKEN" in error.value.message and "revoked by the user" in error.value.message
    assert "reconnect" in error.value.message


def seconds_to_midnight_utc() -> float:
    now = datetime.now(UTC)
    return (datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC) - now).total_seconds()


def test_daily_limit_is_retried_after_midnight_utc_when_linkedin_resets_it(account, linkedin):
    """LinkedIn's limits are per day and reset at midnight UTC; its 429 sends no Retry-After."""
    linkedin.posts_per_member_per_day = 1
    LinkedInPublisher().publish(publish_request(account, "First"))

    with pytest.raises(RetryableError) as error:
        LinkedInPublisher().publish(publish_request(account, "Second"))

    assert error.value.http_status == 429
    assert "daily" in error.value.message and "midnight UTC" in error.value.message
    assert error.value.retry_after == pytest.approx(seconds_to_midnight_utc(), abs=30)
    assert [post["commentary"] for post in linkedin.published] == ["First"]


def test_other_429_is_retried_with_the_usual_backoff(account, linkedin):
    """LinkedIn also answers 429 to protect its infrastructure, briefly: no reason to wait for midnight."""
    linkedin.script("POST /rest/posts", status=429, body={"status": 429, "message": "Too Many Requests"})

    with pytest.raises(RetryableError) as error:
        LinkedInPublisher().publish(publish_request(account, "x"))

    assert error.value.http_status == 429
    assert error.value.retry_after is None


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_5xx_on_the_post_itself_may_have_published_so_it_is_unknown(account, linkedin, status):
    """A gateway that broke or timed out may sit in front of a server that did publish."""
    linkedin.script("POST /rest/posts", status=status, body={"status": status, "message": "Gateway trouble"})

    with pytest.raises(OutcomeUnknownError):
        LinkedInPublisher().publish(publish_request(account, "x"))


def test_503_on_the_post_says_it_was_not_taken_so_it_is_retried(account, linkedin):
    linkedin.script("POST /rest/posts", status=503, body={"status": 503, "message": "Service unavailable"})

    with pytest.raises(RetryableError):
        LinkedInPublisher().publish(publish_request(account, "x"))


def test_a_5xx_on_a_safe_step_is_retried(account, linkedin, make_media):
    """An image upload creates nothing visible: a 502 there is safe to try again."""
    linkedin.script("POST /rest/images", status=502, body={"status": 502, "message": "Bad gateway"})

    with pytest.raises(RetryableError):
        LinkedInPublisher().publish(publish_request(account, "x", [make_media()]))

    assert linkedin.published == []


def test_read_timeout_on_the_post_is_unknown(account, linkedin):
    linkedin.script("POST /rest/posts", status=None, delay=1.5)

    with pytest.raises(OutcomeUnknownError):
        LinkedInPublisher().publish(publish_request(account, "slow"))

    assert wait_for(lambda: len(linkedin.published) == 1)


def test_connection_refused_is_retryable(account, settings, closed_port_url):
    settings.LINKEDIN_API_URL = closed_port_url

    with pytest.raises(RetryableError):
        LinkedInPublisher().publish(publish_request(account, "x"))


def large_video(tmp_path, size: int) -> MediaFile:
    """An MP4 of `size` bytes whose every 4-byte word differs, so a part sent twice or out of order shows."""
    body = b"".join(i.to_bytes(4, "big") for i in range(size // 4 + 1))
    path = tmp_path / "long.mp4"
    path.write_bytes((MP4_BYTES + body)[:size])
    return MediaFile(path=path, mime_type="video/mp4", kind="video", size=size)


def test_video_is_uploaded_finalized_and_referenced_with_its_title(account, linkedin, make_media):
    video = make_media("video", "video/mp4")

    LinkedInPublisher().publish(publish_request(account, "Watch this", [video], title="Launch film"))

    [post] = linkedin.published
    urn = post["content"]["media"]["id"]
    assert urn.startswith("urn:li:video:")
    assert post["content"]["media"]["title"] == "Launch film"
    [initialize, finalize] = [r.get_json() for r in linkedin.calls("POST /rest/videos")]
    assert initialize == {
        "initializeUploadRequest": {
            "owner": "urn:li:person:782bbtaQ",
            "fileSizeBytes": video.size,
            "uploadCaptions": False,
            "uploadThumbnail": False,
        }
    }
    assert finalize == {
        "finalizeUploadRequest": {"video": urn, "uploadToken": "", "uploadedPartIds": [linkedin.videos[urn].etags[0]]}
    }
    assert linkedin.videos[urn].data == video.path.read_bytes()
    # The fake answers PROCESSING once, then AVAILABLE: the post waited for both answers.
    assert len(linkedin.calls("GET /rest/videos/")) == 2


def test_video_larger_than_a_part_is_sent_in_every_part_in_order(account, linkedin, tmp_path):
    video = large_video(tmp_path, 2 * PART_BYTES + 1234)

    LinkedInPublisher().publish(publish_request(account, "The long cut", [video]))

    [post] = linkedin.published
    uploaded = linkedin.videos[post["content"]["media"]["id"]]
    assert [len(r.data) for r in linkedin.calls("PUT /upload/urn:li:video:")] == [PART_BYTES, PART_BYTES, 1234]
    assert uploaded.data == video.path.read_bytes()
    assert uploaded.upload_token and uploaded.finalized
    assert "title" not in post["content"]["media"]


def test_video_that_fails_processing_is_permanent_and_nothing_is_posted(account, linkedin, make_media):
    linkedin.video_statuses = ["PROCESSING", "PROCESSING_FAILED"]

    with pytest.raises(PermanentError) as error:
        LinkedInPublisher().publish(publish_request(account, "x", [make_media("video", "video/mp4")]))

    assert error.value.message == (
        "LinkedIn could not process the video (PROCESSING_FAILED): Video encoding is not supported"
    )
    assert not linkedin.calls("POST /rest/posts")


def test_video_still_processing_at_the_deadline_is_retryable(account, linkedin, make_media, settings):
    linkedin.video_statuses = ["PROCESSING"]

    with pytest.raises(RetryableError, match="still processing") as error:
        LinkedInPublisher().publish(publish_request(account, "x", [make_media("video", "video/mp4")]))

    assert error.value.retry_after == settings.LINKEDIN_VIDEO_POLL_MAX_WAIT
    assert 1 < len(linkedin.calls("GET /rest/videos/")) <= 31  # every 0.01 s for at most 0.3 s
    assert not linkedin.calls("POST /rest/posts")


def test_invalid_token_on_a_video_post_is_an_auth_error(account, linkedin, make_media):
    account.access_token = "expired"

    with pytest.raises(AuthError) as error:
        LinkedInPublisher().publish(publish_request(account, "x", [make_media("video", "video/mp4")]))

    assert error.value.http_status == 401
    assert linkedin.videos == {}


def test_video_for_an_organization_the_member_does_not_administer_is_a_permission_error(
    make_account, linkedin, make_media
):
    """The Videos API's documented 403 has no `code`: still a permission, not the credentials."""
    page = make_account("linkedin", remote_id="urn:li:organization:999", access_token="li-token")

    with pytest.raises(PermanentError, match=r"forbidden.*ADMINISTRATOR") as error:
        LinkedInPublisher().publish(publish_request(page, "x", [make_media("video", "video/mp4")]))

    assert not isinstance(error.value, AuthError)

    assert linkedin.videos == {}


def test_server_error_on_a_video_part_is_retryable_as_nothing_was_posted(account, linkedin, make_media):
    linkedin.script("PUT /upload/urn:li:video:", status=500, body={"status": 500, "message": "Internal error"})

    with pytest.raises(RetryableError):
        LinkedInPublisher().publish(publish_request(account, "x", [make_media("video", "video/mp4")]))

    assert not linkedin.calls("POST /rest/posts")


def test_video_part_answered_without_etag_is_permanent(account, linkedin, make_media):
    linkedin.script("PUT /upload/urn:li:video:", status=200, body="")

    with pytest.raises(PermanentError, match="part 1 of the video but sent no ETag"):
        LinkedInPublisher().publish(publish_request(account, "x", [make_media("video", "video/mp4")]))

    assert [video.finalized for video in linkedin.videos.values()] == [False]
    assert not linkedin.calls("POST /rest/posts")


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        (["video", "video"], "LinkedIn posts carry either images or one video; this post has 2 videos."),
        (["image", "video"], "LinkedIn posts carry either images or one video, not both."),
    ],
)
def test_several_videos_or_images_with_a_video_are_refused_before_any_call(
    account, linkedin, make_media, kinds, message
):
    media = [make_media(kind, "video/mp4" if kind == "video" else "image/jpeg") for kind in kinds]

    with pytest.raises(PermanentError) as error:
        LinkedInPublisher().publish(publish_request(account, "x", media))

    assert error.value.message == message
    assert linkedin.requests == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("a_b*c~d", r"a\_b\*c\~d"),
        ("#one and #two!", r"{hashtag|\#|one} and {hashtag|\#|two}!"),
        ("mail@x [link](y) <b> {x} | \\", r"mail\@x \[link\]\(y\) \<b\> \{x\} \| \\"),
        ("C# rocks", r"C\# rocks"),
    ],
)
def test_little_text_escaping(text, expected):
    assert little_text(text) == expected


# --- Reading posts back (verification) -------------------------------------------------------


def test_a_post_is_verified_by_its_urn_when_the_app_may_read_posts(account, linkedin):
    linkedin.read_tokens.add("li-token")
    result = LinkedInPublisher().publish(publish_request(account, "Read me back"))

    found = LinkedInPublisher().verify(account_ref(account), result.remote_id)
    gone = LinkedInPublisher().verify(account_ref(account), "urn:li:share:1")

    assert (found.found, found.remote_id, found.url) == (True, result.remote_id, result.url)
    assert gone.found is False
    assert linkedin.calls("GET /rest/posts/urn:li:share")  # route keys are decoded; the fake refuses a raw URN


def test_without_the_restricted_read_permission_a_post_cannot_be_verified(account, linkedin):
    result = LinkedInPublisher().publish(publish_request(account, "Unreadable"))

    with pytest.raises(PermanentError, match="refused permission"):
        LinkedInPublisher().verify(account_ref(account), result.remote_id)


def test_an_unknown_linkedin_outcome_is_left_for_a_person(account, linkedin):
    assert LinkedInPublisher().find(publish_request(account, "?"), datetime.now(UTC)) is None
