import pytest
from pytest_httpserver import HTTPServer

from accounts.roles import Role
from tests.factories import UserFactory
from tests.fakes.mastodon import FakeMastodon
from tests.fakes.reddit import FakeReddit
from tests.fakes.server import FakeServer


@pytest.fixture(autouse=True)
def _only_sandbox(settings) -> None:
    """Tests turn on the real sources they exercise, pointed at fakes."""
    settings.TRENDS_SANDBOX_ENABLED = True
    settings.TRENDS_GOOGLE_ENABLED = False
    settings.TRENDS_REDDIT_CLIENT_ID = ""
    settings.TRENDS_REDDIT_CLIENT_SECRET = ""
    settings.TRENDS_X_BEARER_TOKEN = ""
    settings.TRENDS_MASTODON_INSTANCE = ""
    settings.TRENDS_KEYWORDS = []
    settings.TRENDS_HTTP_TIMEOUT = 2.0


@pytest.fixture
def google(settings, httpserver: HTTPServer) -> HTTPServer:
    settings.TRENDS_GOOGLE_ENABLED = True
    settings.TRENDS_GOOGLE_RSS_URL = httpserver.url_for("/trending/rss")
    settings.TRENDS_GOOGLE_REGIONS = ["US"]
    return httpserver


@pytest.fixture
def reddit(settings, fake_server: FakeServer) -> FakeReddit:
    fake = FakeReddit()
    base = fake_server.install(fake)
    settings.TRENDS_REDDIT_CLIENT_ID = fake.client_id
    settings.TRENDS_REDDIT_CLIENT_SECRET = fake.client_secret
    settings.TRENDS_REDDIT_OAUTH_URL = base
    settings.TRENDS_REDDIT_URL = base
    settings.TRENDS_REDDIT_SUBREDDITS = ["python"]
    settings.TRENDS_REDDIT_LIMIT = 10
    return fake


@pytest.fixture
def mastodon_trends(settings, fake_server: FakeServer) -> FakeMastodon:
    fake = FakeMastodon()
    fake.base_url = fake_server.install(fake)
    settings.TRENDS_MASTODON_INSTANCE = fake.base_url
    return fake


@pytest.fixture
def x_token(settings) -> str:
    settings.TRENDS_X_BEARER_TOKEN = "fake-bearer"
    return settings.TRENDS_X_BEARER_TOKEN


@pytest.fixture
def moderator(db):
    return UserFactory(role=Role.MODERATOR)
