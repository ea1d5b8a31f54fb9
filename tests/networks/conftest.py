"""Accounts, media files and the fakes wired into settings for the network tests."""

import io
import socket
from pathlib import Path

import pytest
import responses
from PIL import Image

from accounts.models import SocialAccount
from accounts.services import account_ref
from networks.publishing import MediaFile, PublishRequest
from tests.factories import UserFactory
from tests.fakes.bluesky import FakeBluesky
from tests.fakes.facebook import VIDEO_HOST, FakeFacebook
from tests.fakes.instagram import FakeInstagram
from tests.fakes.linkedin import FakeLinkedIn
from tests.fakes.mastodon import FakeMastodon
from tests.fakes.reddit import FakeReddit, WebSocketAnnouncer, serve_uploads
from tests.fakes.server import FakeServer, fake_port
from tests.fakes.threads import FakeThreads
from tests.fakes.x import FakeX, served


@pytest.fixture(autouse=True)
def _short_timeouts(settings) -> None:
    settings.NETWORK_CONNECT_TIMEOUT = 1.0
    settings.NETWORK_READ_TIMEOUT = 1.0
    settings.INSTAGRAM_POLL_INTERVAL = 0.01
    settings.INSTAGRAM_POLL_MAX_WAIT = 0.3
    settings.LINKEDIN_VIDEO_POLL_INTERVAL = 0.01
    settings.LINKEDIN_VIDEO_POLL_MAX_WAIT = 0.3
    settings.THREADS_POLL_INTERVAL = 0.01
    settings.THREADS_POLL_MAX_WAIT = 0.3


@pytest.fixture
def make_account(db):
    def make(network: str, **fields) -> SocialAccount:
        defaults = {"handle": "ada", "remote_id": "1", "access_token": "token", "owner": UserFactory()}
        return SocialAccount.objects.create(network=network, **{**defaults, **fields})

    return make


@pytest.fixture
def make_media(tmp_path):
    def make(kind: str = "image", mime_type: str = "image/jpeg", name: str = "", public_url: str = "") -> MediaFile:
        path = Path(tmp_path) / (name or f"{kind}-{len(list(tmp_path.iterdir()))}.{mime_type.split('/')[1]}")
        if kind == "image":
            buffer = io.BytesIO()
            Image.new("RGB", (64, 48), "orange").save(buffer, format="JPEG" if mime_type == "image/jpeg" else "PNG")
            path.write_bytes(buffer.getvalue())
        else:
            path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2048)
        size = path.stat().st_size
        return MediaFile(
            path=path, mime_type=mime_type, kind=kind, size=size, public_url=public_url, width=64, height=48
        )

    return make


def publish_request(account: SocialAccount, text: str, media=(), **options) -> PublishRequest:
    return PublishRequest(delivery_id=1, account=account_ref(account), text=text, media=tuple(media), options=options)


@pytest.fixture
def instagram(fake_server: FakeServer, settings) -> FakeInstagram:
    fake = FakeInstagram()
    base = fake_server.install(fake)
    settings.INSTAGRAM_GRAPH_URL = base
    settings.INSTAGRAM_OAUTH_URL = base
    settings.INSTAGRAM_GRAPH_VERSION = "v24.0"
    settings.INSTAGRAM_CLIENT_ID = fake.client_id
    settings.INSTAGRAM_CLIENT_SECRET = fake.client_secret
    return fake


@pytest.fixture
def facebook(fake_server: FakeServer, settings) -> FakeFacebook:
    fake = FakeFacebook()
    fake.base_url = fake_server.install(fake)
    settings.FACEBOOK_GRAPH_URL = fake.base_url
    settings.FACEBOOK_GRAPH_VIDEO_URL = fake.base_url + VIDEO_HOST
    settings.FACEBOOK_GRAPH_VERSION = "v24.0"
    settings.FACEBOOK_CLIENT_ID = fake.client_id
    settings.FACEBOOK_CLIENT_SECRET = fake.client_secret
    return fake


@pytest.fixture
def threads(fake_server: FakeServer, settings) -> FakeThreads:
    fake = FakeThreads()
    settings.THREADS_GRAPH_URL = fake_server.install(fake)
    settings.THREADS_CLIENT_ID = fake.client_id
    settings.THREADS_CLIENT_SECRET = fake.client_secret
    return fake


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens: connection refused."""
    port = fake_port(2)
    if not port:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def linkedin(fake_server: FakeServer, settings) -> FakeLinkedIn:
    fake = FakeLinkedIn()
    fake.base_url = fake_server.install(fake)
    settings.LINKEDIN_API_URL = fake.base_url
    settings.LINKEDIN_OAUTH_URL = f"{fake.base_url}/oauth/v2"
    settings.LINKEDIN_CLIENT_ID = fake.client_id
    settings.LINKEDIN_CLIENT_SECRET = fake.client_secret
    return fake


@pytest.fixture
def x_api(settings) -> FakeX:
    fake = FakeX()
    settings.X_API_URL = "https://api.x.com"
    settings.X_CLIENT_ID = fake.client_id
    settings.X_CLIENT_SECRET = fake.client_secret
    with served(fake):
        yield fake


@pytest.fixture
def reddit(fake_server: FakeServer, settings) -> FakeReddit:
    announcer = WebSocketAnnouncer()
    fake = FakeReddit(announcer)
    base = fake_server.install(fake)
    settings.REDDIT_URL = settings.REDDIT_OAUTH_URL = base
    settings.REDDIT_CLIENT_ID = fake.client_id
    settings.REDDIT_CLIENT_SECRET = fake.client_secret
    settings.REDDIT_REDIRECT_URI = fake.redirect_uri
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        serve_uploads(fake, mock)
        yield fake
    announcer.close()


@pytest.fixture
def mastodon(fake_server: FakeServer, settings) -> FakeMastodon:
    """A Mastodon instance on loopback (http), which only MASTODON_ALLOW_PRIVATE_INSTANCES lets through."""
    fake = FakeMastodon()
    fake.base_url = fake_server.install(fake)
    settings.MASTODON_ALLOW_PRIVATE_INSTANCES = True
    settings.MASTODON_MEDIA_POLL_INTERVAL = 0.01
    settings.MASTODON_MEDIA_POLL_MAX_WAIT = 0.3
    return fake


@pytest.fixture
def bluesky(bluesky_pds, settings):
    """The real PDS, reachable: it listens on loopback, which a person's server address may not be."""
    settings.BLUESKY_ALLOW_PRIVATE_SERVICES = True
    return bluesky_pds


@pytest.fixture
def fake_bluesky(fake_server: FakeServer, settings) -> FakeBluesky:
    settings.BLUESKY_ALLOW_PRIVATE_SERVICES = True
    fake = FakeBluesky()
    fake.url = fake_server.install(fake, "/pds")
    return fake
