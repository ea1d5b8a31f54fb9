"""The Instagram publisher inside the pipeline: what it keeps between attempts survives the database."""

import pytest

from accounts.models import SocialAccount
from tests.posts.helpers import MP4_BYTES, dispatch_and_publish, make_media, make_post

pytestmark = pytest.mark.django_db


def test_reel_still_processing_is_polled_again_on_the_retry_not_created_again(
    user, instagram, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "http://testserver"
    account = SocialAccount.objects.create(
        owner=user, network="instagram", handle="ada.bakes", remote_id=instagram.user_id, access_token="ig-long-token"
    )
    media = make_media(user, name="clip.mp4", content=MP4_BYTES, content_type="video/mp4")
    post = make_post(accounts=[account], caption="Our reel", media_ids=[media.pk])
    instagram.container_statuses = ["IN_PROGRESS"]

    first = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert first.status == "pending" and "still processing" in first.last_error
    [container] = instagram.containers
    assert first.network_state["container_id"] == container  # stored on the delivery
    instagram.containers[container].finish()

    second = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert second.status == "published" and second.attempts == 2
    [published] = instagram.published
    assert second.remote_id == published["id"]
    assert len(instagram.containers) == 1  # one container for both attempts
    assert list(second.attempt_log.values_list("outcome", flat=True)) == ["retry", "published"]
