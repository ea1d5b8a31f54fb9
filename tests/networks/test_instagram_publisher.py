import dataclasses
import time
from datetime import UTC, datetime, timedelta

import pytest

from accounts.services import account_ref
from networks.instagram.publisher import InstagramPublisher
from socialtrend.outbound import AuthError, OutcomeUnknownError, PermanentError, RetryableError
from tests.fakes.instagram import FakeInstagram, graph_error_body, meta_error_body
from tests.fakes.server import wait_for
from tests.networks.conftest import publish_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(make_account, instagram: FakeInstagram):
    return make_account("instagram", remote_id=instagram.user_id, access_token="ig-long-token")


@pytest.fixture
def jpeg(make_media, fake_server):
    def make(n: int = 0):
        return make_media("image", "image/jpeg", name=f"photo{n}.jpg", public_url=f"{fake_server.base_url}/m/{n}.jpg")

    return make


def test_single_image_is_published_with_caption(account, instagram, jpeg):
    result = InstagramPublisher().publish(publish_request(account, "Fresh bread #baking", [jpeg()]))

    [post] = instagram.published
    assert post["container"]["caption"] == "Fresh bread #baking"
    assert post["container"]["image_url"].endswith("/m/0.jpg")
    assert result.remote_id == post["id"]
    assert result.url == f"https://www.instagram.com/p/{post['id']}/"
    assert instagram.calls("GET /17841400000000001/content_publishing_limit")


def test_carousel_creates_children_then_a_parent(account, instagram, jpeg, make_media, fake_server):
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")

    InstagramPublisher().publish(publish_request(account, "Three shots", [jpeg(1), jpeg(2), video]))

    [post] = instagram.published
    assert post["container"]["media_type"] == "CAROUSEL"
    assert post["container"]["caption"] == "Three shots"
    assert [c.get("media_type", "IMAGE") for c in post["children"]] == ["IMAGE", "IMAGE", "VIDEO"]
    assert all(c["is_carousel_item"] == "true" and "caption" not in c for c in post["children"])


def test_video_is_published_as_a_reel_after_processing(account, instagram, make_media, fake_server):
    instagram.container_statuses = ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")

    InstagramPublisher().publish(publish_request(account, "Reel", [video]))

    [post] = instagram.published
    assert post["container"]["media_type"] == "REELS"
    assert len(instagram.calls(f"GET /{next(iter(instagram.containers))}")) == 3


def test_container_that_fails_processing_is_a_permanent_error(account, instagram, jpeg):
    instagram.container_statuses = ["IN_PROGRESS", "ERROR"]

    with pytest.raises(PermanentError, match="ERROR"):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert instagram.published == []


def test_container_that_never_finishes_is_retryable_within_a_bounded_wait(account, instagram, jpeg):
    instagram.container_statuses = ["IN_PROGRESS"]

    with pytest.raises(RetryableError, match="still processing"):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert instagram.published == []
    assert not instagram.calls("POST /17841400000000001/media_publish")


def test_exhausted_publishing_quota_is_read_before_posting(account, instagram, jpeg):
    instagram.quota_usage = instagram.quota_total

    with pytest.raises(RetryableError, match="publishing limit") as error:
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    # Meta's table: "Advise the app's user to try again the following day" (a rolling 24 hours).
    assert error.value.retry_after == 86400
    assert not instagram.calls("POST /17841400000000001/media")


def test_throttling_error_code_is_retryable(account, instagram, jpeg):
    instagram.script(
        "POST /17841400000000001/media", status=400, body=graph_error_body(4, "Application request limit reached")
    )

    with pytest.raises(RetryableError) as error:
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert error.value.retry_after == 300


def test_http_429_uses_retry_after(account, instagram, jpeg):
    instagram.script(
        "GET /17841400000000001/content_publishing_limit", status=429, body={}, headers={"Retry-After": "42"}
    )

    with pytest.raises(RetryableError) as error:
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert error.value.retry_after == 42
    assert error.value.http_status == 429


def test_expired_token_is_an_auth_error(account, instagram, jpeg):
    account.access_token = "revoked"

    with pytest.raises(AuthError, match="190"):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))


def test_server_error_on_publish_asks_the_container_and_keeps_it_for_the_retry(account, instagram, jpeg):
    instagram.script("POST /17841400000000001/media_publish", status=500, body=graph_error_body(2, "Unexpected error"))

    with pytest.raises(RetryableError, match="FINISHED") as error:
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    [container] = instagram.containers
    assert error.value.resume["container_id"] == container
    assert instagram.published == []


def test_service_unavailable_is_retryable(account, instagram, jpeg):
    instagram.script("POST /17841400000000001/media", status=503, body="")

    with pytest.raises(RetryableError):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))


def test_read_timeout_on_publish_is_unknown_when_the_container_cannot_be_read(account, instagram, jpeg):
    instagram.script("POST /17841400000000001/media_publish", status=None, delay=1.5)
    first_container = "18000000000000001"
    instagram.script(f"GET /{first_container}", status=None)  # the poll before publishing answers
    instagram.script(f"GET /{first_container}", status=500, body=graph_error_body(2, "Unexpected error"))

    with pytest.raises(OutcomeUnknownError, match="status could not be read"):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert wait_for(lambda: len(instagram.published) == 1)  # why the pipeline must not re-send it


def test_read_timeout_while_creating_a_container_is_retryable(account, instagram, jpeg):
    instagram.script("POST /17841400000000001/media", status=None, delay=1.5)

    with pytest.raises(RetryableError):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))


def test_connection_refused_is_retryable(account, settings, jpeg, closed_port_url):
    settings.INSTAGRAM_GRAPH_URL = closed_port_url

    with pytest.raises(RetryableError, match="could not connect"):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))


def test_png_is_refused_before_any_call(account, instagram, make_media):
    png = make_media("image", "image/png", public_url="https://example.test/a.png")

    with pytest.raises(PermanentError, match="JPEG"):
        InstagramPublisher().publish(publish_request(account, "x", [png]))

    assert instagram.requests == []


def test_post_without_media_is_refused(account, instagram):
    with pytest.raises(PermanentError, match="at least one"):
        InstagramPublisher().publish(publish_request(account, "only text"))


def test_carousel_shares_one_bounded_wait_across_its_containers(account, instagram, jpeg, settings):
    settings.INSTAGRAM_POLL_INTERVAL = 0.05
    settings.INSTAGRAM_POLL_MAX_WAIT = 0.2
    instagram.container_statuses = ["IN_PROGRESS"]

    with pytest.raises(RetryableError):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg(n) for n in range(5)]))

    polls = [r for r in instagram.requests if r.method == "GET" and r.args.get("fields", "").startswith("status_code")]
    assert len(polls) <= 6  # one budget for all five children, not five budgets


def test_first_comment_is_posted_on_the_published_media(account, instagram, jpeg):
    message = "#sourdough #baking #bread"

    result = InstagramPublisher().publish(publish_request(account, "Fresh bread", [jpeg()], first_comment=message))

    [post] = instagram.published
    assert instagram.comments == [{"id": instagram.comments[0]["id"], "media_id": post["id"], "message": message}]
    assert result.remote_id == post["id"] and result.warning == ""
    routes = [instagram.route_key(r) for r in instagram.requests]
    assert routes.index(f"POST /{post['id']}/comments") > routes.index("POST /17841400000000001/media_publish")


@pytest.mark.parametrize("options", [{}, {"first_comment": ""}, {"first_comment": "  "}])
def test_no_first_comment_makes_no_comment_call(account, instagram, jpeg, options):
    result = InstagramPublisher().publish(publish_request(account, "Fresh bread", [jpeg()], **options))

    assert instagram.published and result.warning == ""
    assert not instagram.calls("/comments")


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (400, graph_error_body(10, "Application does not have permission for this action"), "does not have permission"),
        (400, graph_error_body(190, "Error validating access token"), "Instagram error 190"),
        (500, graph_error_body(2, "Unexpected error"), "HTTP 500"),
        (None, None, "no answer came back"),  # read timeout: the comment may or may not exist
    ],
)
def test_failed_first_comment_still_publishes_once_and_warns(account, instagram, jpeg, caplog, status, body, reason):
    instagram.script("/comments", status=status, body=body, delay=1.5 if status is None else 0.0)
    request = publish_request(account, "Fresh bread", [jpeg()], first_comment="#bread")

    result = InstagramPublisher().publish(request)

    [post] = instagram.published
    assert result.remote_id == post["id"] and result.url.endswith(f"/p/{post['id']}/")
    assert result.warning.startswith("Published, but the first comment was not posted: ")
    assert reason in result.warning
    assert len(instagram.calls("POST /17841400000000001/media_publish")) == 1
    assert len(instagram.calls("/comments")) == 1  # not retried either
    [record] = [r for r in caplog.records if "first comment" in r.getMessage()]
    assert record.levelname == "WARNING"
    assert f"delivery {request.delivery_id}:" in record.getMessage() and reason in record.getMessage()


# Meta's error-code table for content publishing, row by row (all HTTP 400).
PUBLISH = "POST /17841400000000001/media_publish"
CREATE = "POST /17841400000000001/media"


def with_resume(request, resume):
    return dataclasses.replace(request, resume=resume)


@pytest.mark.parametrize(
    ("code", "subcode", "route"),
    [
        (-2, 2207003, CREATE),  # "A timeout occurred while downloading the media. Try again."
        (-1, 2207032, CREATE),  # "Failed to create a media container. Try again."
        (-1, 2207001, PUBLISH),  # "Instagram server error. Try again."
        (-2, 2207020, PUBLISH),  # "Generate a new container ID and use it to try again."
        (-1, 2207053, PUBLISH),  # "Generate a new container and use it to try again."
        (24, 2207006, PUBLISH),  # "Generate a new container and use it to try again."
        (24, 2207008, PUBLISH),  # "Try again 1-2 times in the next 30 seconds to 2 minutes."
        (9007, 2207027, PUBLISH),  # "Check the container status and publish when its status is FINISHED."
    ],
)
def test_errors_meta_says_to_retry_are_retryable(account, instagram, jpeg, code, subcode, route):
    instagram.script(route, status=400, body=meta_error_body(code, subcode))

    with pytest.raises(RetryableError, match=f"{code}/{subcode}") as error:
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert error.value.http_status == 400
    assert 30 <= error.value.retry_after <= 120  # the table's "in the next 30 seconds to 2 minutes"
    assert instagram.published == []


@pytest.mark.parametrize(
    ("code", "subcode", "containers_in_the_end"),
    [
        (-1, 2207001, 1),  # server error: the same container is published on the retry
        (24, 2207008, 1),  # temporary: try the same container again
        (9007, 2207027, 1),  # not ready: poll it and publish it
        (-2, 2207020, 2),  # expired media: a new container
        (-1, 2207053, 2),  # upload error: a new container
        (24, 2207006, 2),  # media not found: a new container
    ],
)
def test_the_retry_reuses_the_container_only_where_meta_says_so(
    account, instagram, jpeg, code, subcode, containers_in_the_end
):
    instagram.script(PUBLISH, status=400, body=meta_error_body(code, subcode))
    request = publish_request(account, "Fresh bread", [jpeg()])
    with pytest.raises(RetryableError) as error:
        InstagramPublisher().publish(request)

    result = InstagramPublisher().publish(with_resume(request, error.value.resume))

    assert len(instagram.containers) == containers_in_the_end
    [post] = instagram.published
    assert result.remote_id == post["id"]


def test_temporary_publish_error_gets_a_new_container_after_two_retries(account, instagram, jpeg):
    request = publish_request(account, "x", [jpeg()])
    resume = {}
    for _ in range(3):
        instagram.script(PUBLISH, status=400, body=meta_error_body(24, 2207008))
        with pytest.raises(RetryableError) as error:
            InstagramPublisher().publish(with_resume(request, resume))
        resume = error.value.resume

    InstagramPublisher().publish(with_resume(request, resume))

    # One container for the first try and its two retries, a new one after the third failure.
    assert len(instagram.containers) == 2
    assert len(instagram.published) == 1


def test_spam_restriction_is_permanent_and_says_what_to_do(account, instagram, jpeg):
    instagram.script(PUBLISH, status=400, body=meta_error_body(4, 2207051))

    with pytest.raises(PermanentError) as error:
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert not isinstance(error.value, RetryableError)
    message = error.value.message
    assert "4/2207051" in message and "spam" in message
    assert "Nothing was published" in message and "Instagram app" in message
    assert instagram.published == []


def test_daily_publishing_limit_at_publish_time_retries_the_next_day(account, instagram, jpeg):
    instagram.script(PUBLISH, status=400, body=meta_error_body(9, 2207042))

    with pytest.raises(RetryableError, match="9/2207042") as error:
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert error.value.retry_after == 86400


def test_restricted_account_is_permanent_and_says_what_to_do(account, instagram, jpeg):
    instagram.script(PUBLISH, status=400, body=meta_error_body(25, 2207050))

    with pytest.raises(PermanentError, match="sign in to the Instagram app") as error:
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert not isinstance(error.value, RetryableError)


def test_expired_token_with_meta_body_is_an_auth_error(account, instagram, jpeg):
    body = graph_error_body(190, "Error validating access token: Session has expired", subcode=463)
    instagram.script(CREATE, status=400, body=body)

    with pytest.raises(AuthError, match="190"):
        InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))


def test_container_error_meta_says_to_retry_is_retryable_with_a_new_container(
    account, instagram, make_media, fake_server
):
    instagram.container_statuses = ["IN_PROGRESS", "ERROR"]
    instagram.container_error_subcode = 2207053  # "unknown upload error": generate a new container
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")
    request = publish_request(account, "Reel", [video])

    with pytest.raises(RetryableError, match="2207053") as error:
        InstagramPublisher().publish(request)

    assert "container_id" not in error.value.resume
    instagram.container_statuses = ["FINISHED"]
    InstagramPublisher().publish(with_resume(request, error.value.resume))
    assert len(instagram.containers) == 2 and len(instagram.published) == 1


# media_publish gave no answer: read the container's status_code, as Meta's troubleshooting section says.


def test_lost_publish_answer_finds_the_live_post_and_comments_on_it(account, instagram, jpeg):
    instagram.stall_after_publish = 1.5  # published, then the answer is lost

    result = InstagramPublisher().publish(publish_request(account, "Fresh bread", [jpeg()], first_comment="#bread"))

    [post] = instagram.published
    assert (result.remote_id, result.url) == (post["id"], f"https://www.instagram.com/p/{post['id']}/")
    assert result.warning == ""
    assert instagram.comments[0]["media_id"] == post["id"]
    assert len(instagram.calls(PUBLISH)) == 1


def test_lost_publish_answer_says_so_when_the_live_post_cannot_be_found(account, instagram, jpeg):
    instagram.stall_after_publish = 1.5
    instagram.script("GET /17841400000000001/media", status=200, body={"data": []})

    result = InstagramPublisher().publish(publish_request(account, "Fresh bread", [jpeg()], first_comment="#bread"))

    assert len(instagram.published) == 1
    assert result.remote_id == ""
    assert "PUBLISHED" in result.warning and "could not be found" in result.warning
    assert "first comment was not posted" in result.warning
    assert instagram.comments == []


def test_slow_publish_is_retried_on_the_same_container_and_never_sent_twice(account, instagram, jpeg):
    instagram.script(PUBLISH, status=None, delay=1.5)  # the request is slow: it publishes after the timeout
    request = publish_request(account, "Fresh bread", [jpeg()])

    with pytest.raises(RetryableError, match="FINISHED") as error:  # read right after the timeout
        InstagramPublisher().publish(request)
    assert wait_for(lambda: len(instagram.published) == 1)

    result = InstagramPublisher().publish(with_resume(request, error.value.resume))

    [post] = instagram.published
    assert result.remote_id == post["id"]
    assert len(instagram.calls(PUBLISH)) == 1  # the retry saw PUBLISHED and did not publish again
    assert len(instagram.containers) == 1


@pytest.mark.parametrize("status", ["EXPIRED", "ERROR"])
def test_container_that_ended_unpublished_after_a_lost_answer_gets_a_new_one(account, instagram, jpeg, status):
    instagram.script(PUBLISH, status=504, body="")
    first_container = "18000000000000001"
    instagram.script(f"GET /{first_container}", status=None)
    text = "Error: Media upload has failed with error code 2207001" if status == "ERROR" else ""
    instagram.script(f"GET /{first_container}", status=200, body={"status_code": status, "status": text})
    request = publish_request(account, "x", [jpeg()])

    with pytest.raises(RetryableError, match=status) as error:
        InstagramPublisher().publish(request)

    assert "container_id" not in error.value.resume
    InstagramPublisher().publish(with_resume(request, error.value.resume))
    assert len(instagram.containers) == 2 and len(instagram.published) == 1


# A container still processing at the deadline is kept for the next attempt (400 containers a day).


def test_reel_still_processing_is_resumed_not_created_again(account, instagram, make_media, fake_server):
    instagram.container_statuses = ["IN_PROGRESS"]
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")
    request = publish_request(account, "Reel", [video])
    before = time.time()

    with pytest.raises(RetryableError, match="still processing") as error:
        InstagramPublisher().publish(request)

    [container] = instagram.containers
    resume = error.value.resume
    assert resume["container_id"] == container
    assert before - 1 <= resume["created_at"] <= time.time()
    instagram.containers[container].finish()

    result = InstagramPublisher().publish(with_resume(request, resume))

    assert len(instagram.containers) == 1
    [post] = instagram.published
    assert result.remote_id == post["id"] and post["container"]["media_type"] == "REELS"


def test_resumed_container_older_than_a_day_is_replaced(account, instagram, make_media, fake_server):
    instagram.container_statuses = ["IN_PROGRESS"]
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")
    request = publish_request(account, "Reel", [video])
    with pytest.raises(RetryableError) as error:
        InstagramPublisher().publish(request)
    old = {**error.value.resume, "created_at": time.time() - 24 * 3600}
    instagram.container_statuses = ["FINISHED"]
    polls = len(instagram.calls(f"GET /{old['container_id']}"))

    InstagramPublisher().publish(with_resume(request, old))

    assert len(instagram.containers) == 2
    assert len(instagram.calls(f"GET /{old['container_id']}")) == polls  # not even read again


def test_resumed_container_that_expired_is_replaced_in_the_same_attempt(account, instagram, make_media, fake_server):
    instagram.container_statuses = ["IN_PROGRESS"]
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")
    request = publish_request(account, "Reel", [video])
    with pytest.raises(RetryableError) as error:
        InstagramPublisher().publish(request)
    [container] = instagram.containers
    instagram.containers[container].statuses = ["EXPIRED"]
    instagram.container_statuses = ["FINISHED"]

    result = InstagramPublisher().publish(with_resume(request, error.value.resume))

    assert len(instagram.containers) == 2
    [post] = instagram.published
    assert result.remote_id == post["id"]


def test_resume_of_another_post_is_ignored(account, instagram, jpeg, make_media, fake_server):
    instagram.container_statuses = ["IN_PROGRESS"]
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")
    with pytest.raises(RetryableError) as error:
        InstagramPublisher().publish(publish_request(account, "Reel", [video]))
    instagram.container_statuses = ["FINISHED"]

    InstagramPublisher().publish(with_resume(publish_request(account, "Photo", [jpeg()]), error.value.resume))

    [post] = instagram.published
    assert post["container"]["image_url"].endswith("/m/0.jpg")


def test_carousel_children_still_processing_are_resumed(account, instagram, jpeg, make_media, fake_server):
    instagram.container_statuses = ["IN_PROGRESS"]
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")
    request = publish_request(account, "Three shots", [jpeg(1), jpeg(2), video])

    with pytest.raises(RetryableError, match="still processing") as error:
        InstagramPublisher().publish(request)

    children = list(instagram.containers)
    assert [c["container_id"] for c in error.value.resume["children"]] == children
    assert "container_id" not in error.value.resume  # no parent yet
    for child in instagram.containers.values():
        child.finish()
    instagram.container_statuses = ["FINISHED"]

    InstagramPublisher().publish(with_resume(request, error.value.resume))

    assert len(instagram.containers) == 4  # three children once, then the parent
    [post] = instagram.published
    assert post["container"]["children"] == ",".join(children)


# Meta's media specifications and caption limits, checked before any container is spent.


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"width": 2000, "height": 1000}, "aspect ratio"),  # 2:1, wider than 1.91:1
        ({"width": 1000, "height": 1300}, "aspect ratio"),  # 1:1.3, taller than 4:5
        ({"size": 8 * 1024 * 1024 + 1}, "8 MiB"),
    ],
)
def test_image_outside_meta_specifications_is_refused_before_any_call(account, instagram, jpeg, change, reason):
    image = dataclasses.replace(jpeg(), **change)

    with pytest.raises(PermanentError, match=reason):
        InstagramPublisher().publish(publish_request(account, "x", [image]))

    assert instagram.requests == []


def test_reel_over_300_mb_is_refused_before_any_call(account, instagram, make_media, fake_server):
    video = make_media("video", "video/mp4", public_url=f"{fake_server.base_url}/m/v.mp4")
    video = dataclasses.replace(video, size=301 * 1024 * 1024)

    with pytest.raises(PermanentError, match="300 MB"):
        InstagramPublisher().publish(publish_request(account, "x", [video]))

    assert instagram.requests == []


def test_caption_with_more_than_20_mentions_is_refused_before_any_call(account, instagram, jpeg):
    caption = " ".join(f"@friend{n}" for n in range(21))

    with pytest.raises(PermanentError, match="20 @mentions"):
        InstagramPublisher().publish(publish_request(account, caption, [jpeg()]))

    assert instagram.requests == []


def test_default_graph_version_is_the_newest_meta_serves(account, instagram, jpeg, settings):
    from networks.instagram import SPEC
    from tests.fakes.instagram import VERSIONS

    [default] = [s.default for s in SPEC.settings if s.name == "INSTAGRAM_GRAPH_VERSION"]
    assert default == VERSIONS[-1]  # v27.0, introduced 2026-11-04 (Graph API changelog)
    settings.INSTAGRAM_GRAPH_VERSION = default

    InstagramPublisher().publish(publish_request(account, "x", [jpeg()]))

    assert {r.path.split("/")[1] for r in instagram.requests} == {default}
    assert len(instagram.published) == 1


# --- Reading posts back (verification, unknown outcomes) ---------------------------------


def test_a_post_is_verified_by_its_media_id_and_a_deleted_one_is_not(account, instagram, jpeg):
    result = InstagramPublisher().publish(publish_request(account, "Read me back", media=[jpeg()]))

    found = InstagramPublisher().verify(account_ref(account), result.remote_id)
    instagram.published.clear()  # deleted on Instagram
    gone = InstagramPublisher().verify(account_ref(account), result.remote_id)

    assert (found.found, found.remote_id, found.url) == (True, result.remote_id, result.url)
    assert gone.found is False


def test_a_verification_with_an_expired_token_is_an_auth_error(account, instagram, jpeg):
    with pytest.raises(AuthError):
        InstagramPublisher().verify(dataclasses.replace(account_ref(account), access_token="expired"), "1")


def test_an_unknown_outcome_is_found_among_the_newest_media_by_caption(account, instagram, jpeg):
    before = datetime.now(UTC) - timedelta(seconds=5)
    request = publish_request(account, "Maybe out", media=[jpeg()])
    InstagramPublisher().publish(request)

    found = InstagramPublisher().find(request, before)
    other = InstagramPublisher().find(publish_request(account, "Another caption", media=[jpeg(1)]), before)

    assert (found.found, found.remote_id) == (True, instagram.published[0]["id"])
    assert found.url.endswith(f"/p/{instagram.published[0]['id']}/")
    assert other.found is False
