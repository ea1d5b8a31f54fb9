import pytest

from posts.publishers.base import AuthError, OutcomeUnknownError, PermanentError, RetryableError
from posts.publishers.linkedin import LinkedInPublisher, little_text
from tests.fakes.linkedin import FakeLinkedIn
from tests.fakes.server import wait_for
from tests.networks.conftest import publish_request

pytestmark = pytest.mark.django_db


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
    assert post["version"] == "202601"
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


def test_organization_the_member_does_not_administer_is_an_auth_error(make_account, linkedin):
    page = make_account("linkedin", remote_id="urn:li:organization:999", access_token="li-token")

    with pytest.raises(AuthError):
        LinkedInPublisher().publish(publish_request(page, "x"))


def test_retired_version_is_a_permanent_error_naming_it(account, linkedin, settings):
    settings.LINKEDIN_VERSION = "202301"

    with pytest.raises(PermanentError, match="202301 is not active"):
        LinkedInPublisher().publish(publish_request(account, "x"))


def test_duplicate_post_is_permanent(account, linkedin):
    LinkedInPublisher().publish(publish_request(account, "Same words"))

    with pytest.raises(PermanentError, match="duplicate"):
        LinkedInPublisher().publish(publish_request(account, "Same words"))


def test_invalid_token_is_an_auth_error(account, linkedin):
    account.access_token = "expired"

    with pytest.raises(AuthError) as error:
        LinkedInPublisher().publish(publish_request(account, "x"))

    assert error.value.http_status == 401


def test_429_is_retryable_with_its_delay(account, linkedin):
    linkedin.script(
        "POST /rest/posts",
        status=429,
        body={"status": 429, "message": "Too Many Requests"},
        headers={"Retry-After": "120"},
    )

    with pytest.raises(RetryableError) as error:
        LinkedInPublisher().publish(publish_request(account, "x"))

    assert error.value.retry_after == 120


def test_gateway_errors_are_retryable_and_other_5xx_unknown(account, linkedin):
    linkedin.script("POST /rest/posts", status=504, body={"status": 504, "message": "Gateway timeout"})
    linkedin.script("POST /rest/posts", status=500, body={"status": 500, "message": "Internal error"})

    with pytest.raises(RetryableError):
        LinkedInPublisher().publish(publish_request(account, "x"))
    with pytest.raises(OutcomeUnknownError):
        LinkedInPublisher().publish(publish_request(account, "x"))


def test_read_timeout_on_the_post_is_unknown(account, linkedin):
    linkedin.script("POST /rest/posts", status=None, delay=1.5)

    with pytest.raises(OutcomeUnknownError):
        LinkedInPublisher().publish(publish_request(account, "slow"))

    assert wait_for(lambda: len(linkedin.published) == 1)


def test_connection_refused_is_retryable(account, settings, closed_port_url):
    settings.LINKEDIN_API_URL = closed_port_url

    with pytest.raises(RetryableError):
        LinkedInPublisher().publish(publish_request(account, "x"))


def test_video_is_refused_before_any_call(account, linkedin, make_media):
    with pytest.raises(PermanentError, match="images only"):
        LinkedInPublisher().publish(publish_request(account, "x", [make_media("video", "video/mp4")]))

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
