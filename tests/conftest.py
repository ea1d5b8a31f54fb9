"""Fixtures shared by the whole suite.

Tests that need a real service ask for it through `redis_url` (or the
`postgres` marker): without the service they skip, saying why, except in CI
(`CI=true`), where a missing service is a failure.
"""

import ipaddress
import os
import socket
from collections.abc import Iterator

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from posts.services import publishing
from tests import bluesky_pds as bluesky_pds_server
from tests.factories import UserFactory
from tests.fakes.server import _fake_http_server, fake_server  # noqa: F401 - fixtures for the fakes
from tests.fakes.slow_server import slow_server  # noqa: F401 - a fixture: servers that answer too slowly

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must not skip: {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "needs Redis: set REDIS_URL")
    return url


@pytest.fixture
def postgres(settings) -> None:
    require(settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "needs PostgreSQL: set DATABASE_URL")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    # Calls run where the task runs: a call thread's own database connection would not
    # see the test's transaction. Tests of concurrent calls set it higher.
    settings.PUBLISH_CALL_THREADS = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    publishing.call_threads_shutdown()  # calls a test left running end before the next test


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Throttle counters and cached answers must not leak between tests."""
    from django.core.cache import cache

    cache.clear()


_real_connect = socket.socket.connect


def _guarded_connect(sock: socket.socket, address):  # type: ignore[no-untyped-def]
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            raise RuntimeError(f"test tried to reach the network: {address!r}; use a local fake")
    return _real_connect(sock, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch) -> None:
    """Fail any outgoing connection that is not to this machine."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def auth_client(user) -> APIClient:
    return client_for(user)


@pytest.fixture(scope="session")
def bluesky_pds() -> Iterator[bluesky_pds_server.Pds]:
    """The real Bluesky PDS on loopback, for the whole session (tests/bluesky_pds.py)."""
    folder = bluesky_pds_server.install_dir()
    require(
        (folder / "node_modules" / ".bin" / "node").exists(),
        f"needs the Bluesky PDS: run `npm ci` in tests/pds (or set BLUESKY_PDS_DIR); not found in {folder}",
    )
    yield from bluesky_pds_server.start(folder)
