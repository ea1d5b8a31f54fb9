"""With the project's logging configuration and the root logger at DEBUG, no token reaches a log line."""

import logging
import logging.config

import pytest

from networks.instagram.publisher import InstagramPublisher
from networks.reddit.publisher import RedditPublisher
from networks.x.publisher import XPublisher
from socialtrend.outbound import RetryableError
from tests.fakes.instagram import graph_error_body
from tests.networks.conftest import publish_request

pytestmark = pytest.mark.django_db


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != "werkzeug":  # the fake server's own access log, not ours
            self.lines.append(record.getMessage())


@pytest.fixture
def collected(settings):
    config = {**settings.LOGGING, "root": {"handlers": [], "level": "DEBUG"}}
    logging.config.dictConfig(config)
    handler = Collect()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    logging.config.dictConfig(settings.LOGGING)


def publish_instagram(request, make_account, make_media, fake_server) -> None:
    fake = request.getfixturevalue("instagram")
    fake.script("POST /17841400000000001/media_publish", status=503, body={})
    jpeg = make_media("image", "image/jpeg", public_url=f"{fake_server.base_url}/m/a.jpg")
    account = make_account("instagram", remote_id=fake.user_id, access_token="ig-long-token")
    with pytest.raises(RetryableError):  # the failure path logs too
        InstagramPublisher().publish(publish_request(account, "x", [jpeg]))


def comment_instagram(request, make_account, make_media, fake_server) -> None:
    fake = request.getfixturevalue("instagram")
    fake.script("/comments", status=400, body=graph_error_body(10, "Application does not have permission"))
    jpeg = make_media("image", "image/jpeg", public_url=f"{fake_server.base_url}/m/a.jpg")
    account = make_account("instagram", remote_id=fake.user_id, access_token="ig-long-token")
    result = InstagramPublisher().publish(publish_request(account, "x", [jpeg], first_comment="#tag"))
    assert result.warning  # the failed comment was logged


def publish_x(request, make_account, make_media, fake_server) -> None:
    fake = request.getfixturevalue("x_api")
    account = make_account("x", remote_id=fake.user_id, access_token="x-token")
    XPublisher().publish(publish_request(account, "hello", [make_media("image", "image/png")]))


def publish_reddit(request, make_account, make_media, fake_server) -> None:
    request.getfixturevalue("reddit")
    account = make_account("reddit", remote_id="ada", refresh_token="rd-refresh")
    RedditPublisher().publish(publish_request(account, "hi", subreddit="test", title="t"))


@pytest.mark.parametrize("publish", [publish_instagram, comment_instagram, publish_x, publish_reddit])
def test_publishing_logs_no_tokens(publish, request, collected, make_account, make_media, fake_server):
    publish(request, make_account, make_media, fake_server)

    text = "\n".join(collected.lines)
    assert collected.lines  # the loggers did run
    for secret in ("ig-long-token", "x-token", "rd-refresh", "rd-access-"):
        assert secret not in text
