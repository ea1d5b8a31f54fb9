"""One threaded local HTTP server for the fakes, and the plumbing they share.

A fake is an object with `handle(request) -> Response` (werkzeug). The
`fake_server` fixture routes every request to the fake installed by the test.
`FAKES_PORT` pins the port (CI leaves it unset: a free port is picked).
"""

import json
import os
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def consent_redirect(request: Request, code: str) -> Response:
    """A network's consent page when the person clicks "Allow": back to the app's redirect_uri
    with the code and the state it was given (RFC 6749 4.1.2)."""
    query = urlencode({"code": code, "state": request.args.get("state", "")})
    return Response(status=302, headers={"Location": f"{request.args.get('redirect_uri', '')}?{query}"})


def json_response(body: Any, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


@dataclass
class Scripted:
    """A canned answer for the next matching request; `status=None` means "answer normally"."""

    status: int | None
    body: Any = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


class FakeAPI:
    """Base of every fake: records requests, plays scripted answers, then routes."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.scripted: dict[str, list[Scripted]] = defaultdict(list)
        self.lock = threading.Lock()

    def script(
        self, key: str, *, status: int | None, body: Any = None, headers: dict | None = None, delay: float = 0.0
    ) -> None:
        """Answer the next request whose route key contains `key` this way (e.g. "POST /media_publish")."""
        self.scripted[key].append(Scripted(status, body, headers or {}, delay))

    def route_key(self, request: Request) -> str:
        return f"{request.method} {request.path}"

    def handle(self, request: Request) -> Response:
        request.get_data()  # read the body while the connection is open
        with self.lock:
            self.requests.append(request)
            route = self.route_key(request)
            key = next((k for k, queue in self.scripted.items() if queue and k in route), None)
            scripted = self.scripted[key].pop(0) if key else None
        if scripted:
            time.sleep(scripted.delay)  # simulates a slow network: the client's read timeout fires first
            if scripted.status is not None:
                body = scripted.body if isinstance(scripted.body, str) else json.dumps(scripted.body)
                return Response(body, status=scripted.status, headers=scripted.headers, content_type="application/json")
        with self.lock:
            return self.dispatch(request)

    def dispatch(self, request: Request) -> Response:
        raise NotImplementedError

    def calls(self, key: str) -> list[Request]:
        return [r for r in self.requests if key in self.route_key(r)]


class FakeServer:
    def __init__(self, server: HTTPServer):
        self.server = server
        self.fakes: list[tuple[str, FakeAPI]] = []

    @property
    def base_url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def install(self, fake: FakeAPI, prefix: str = "") -> str:
        """Route requests under `prefix` to `fake`; return the base URL for it."""
        self.fakes.append((prefix, fake))
        return self.base_url + prefix

    def handle(self, request: Request) -> Response:
        matching = [(prefix, fake) for prefix, fake in self.fakes if request.path.startswith(prefix)]
        if not matching:
            return json_response({"error": "no fake installed for this path"}, 404)
        _, fake = max(matching, key=lambda item: len(item[0]))  # the most specific prefix wins
        return fake.handle(request)


@pytest.fixture(scope="session")
def _fake_http_server():
    server = HTTPServer(host="127.0.0.1", port=int(os.environ.get("FAKES_PORT", "0")), threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def fake_server(_fake_http_server) -> FakeServer:
    wrapper = FakeServer(_fake_http_server)
    _fake_http_server.expect_request(re.compile(".*")).respond_with_handler(wrapper.handle)
    yield wrapper
    _fake_http_server.clear()


def wait_for(predicate, timeout: float = 5.0, interval: float = 0.02) -> bool:
    """Poll `predicate` until true or `timeout` seconds pass (a fake still finishing a slow answer)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


def fake_port(offset: int) -> int:
    """A port for a second fake listener: next to FAKES_PORT when it is pinned, else any free one."""
    pinned = os.environ.get("FAKES_PORT")
    return int(pinned) + offset if pinned else 0
