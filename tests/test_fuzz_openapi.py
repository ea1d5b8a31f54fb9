"""Fuzz the whole API over its OpenAPI schema (schemathesis): no request gives a 5xx, and
every answer is what the schema declares (status, content type, headers, body).

Each operation is fuzzed as a signed-in user (a JWT) and anonymously, in-process through
the WSGI app: routing, middleware, authentication and throttling included. The user owns
one of each object, and about half of the generated ids are swapped for its own, so the
fuzzer reaches the objects as well as the 404s.

The normal suite runs FUZZ_EXAMPLES (default 10) examples per operation, deterministically;
`make fuzz` runs many more, with a new seed each time. No request leaves the machine: host
names do not resolve, and connections to anything but loopback are refused.
"""

import os
import socket
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.conftest import client_for
from tests.factories import SocialAccountFactory
from tests.openapi_app import load_schema
from tests.posts.helpers import make_media, make_post
from tests.trends.factories import TrendItemFactory
from trends.services import watch_keyword_add
from webhooks.services import webhook_endpoint_create

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
DETERMINISTIC = os.environ.get("FUZZ_RANDOM", "") != "1"

schema = load_schema()
schema.config.generation.update(max_examples=EXAMPLES, deterministic=DETERMINISTIC)

# Which object a path parameter names, by the path's first segment and the parameter's name.
OBJECT_OF = {
    ("posts", "id"): "post",
    ("media", "id"): "media",
    ("deliveries", "id"): "delivery",
    ("social-accounts", "id"): "account",
    ("captions", "id"): "caption",
    ("trends", "trend_id"): "trend",
    ("trends", "keyword_id"): "keyword",
    ("webhooks", "endpoint_id"): "endpoint",
}

STATS: Counter = Counter()

_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect


def _resolve_nothing(host, *args, **kwargs):
    """IP literals and localhost resolve as usual; no other name does (no DNS from a test)."""
    try:
        if host in ("localhost", None) or socket.inet_pton(
            socket.AF_INET6 if ":" in str(host) else socket.AF_INET, host
        ):
            return _real_getaddrinfo(host, *args, **kwargs)
    except (OSError, TypeError, ValueError):
        pass
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def _refuse_non_loopback(sock, address):
    """A fuzzed webhook may point at a public IP literal: refused here, as a closed port would be."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in ("127.0.0.1", "::1", "localhost"):
        raise ConnectionRefusedError(f"fuzz run: no connection to {address[0]}")
    return _real_connect(sock, address)


@pytest.fixture
def world(user, settings, monkeypatch) -> dict[str, int]:
    """One of each object the user may reach by id; fast, closed networking; no throttling in the way."""
    monkeypatch.setattr(socket, "getaddrinfo", _resolve_nothing)
    monkeypatch.setattr(socket.socket, "connect", _refuse_non_loopback)
    settings.WEBHOOK_TIMEOUT = 0.5
    settings.NETWORK_CONNECT_TIMEOUT = 0.5
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], user="100000/min", anon="100000/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "auth": "100000/min"}}
    account = SocialAccountFactory(owner=user)
    media = make_media(user)
    post = make_post(accounts=[account], media_ids=[media.pk])
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    endpoint, _secret = webhook_endpoint_create(owner=user, url="http://127.0.0.1:9/hook", events=["delivery.failed"])
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    caption = client_for(user).post("/api/v1/captions/", {"topic": "Bread", "networks": ["x"]}, format="json")
    return {
        "account": account.pk,
        "media": media.pk,
        "post": post.pk,
        "delivery": post.deliveries.get().pk,
        "endpoint": endpoint.pk,
        "caption": caption.json()["id"],
        "trend": TrendItemFactory().pk,
        "keyword": watch_keyword_add(user=user, keyword="sourdough").pk,
    }


def _aim_at_own_objects(case, world: dict[str, int]) -> None:
    segment = case.path.removeprefix("/api/v1/").split("/", 1)[0]
    for name, value in (case.path_parameters or {}).items():
        kind = OBJECT_OF.get((segment, name))
        if kind and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = world[kind]


def _run(case, world: dict[str, int], headers: dict[str, str], who: str) -> None:
    _aim_at_own_objects(case, world)
    started = time.monotonic()
    response = case.call(headers=headers)
    STATS[f"{who} cases"] += 1
    STATS[f"{who} seconds"] += time.monotonic() - started
    STATS[f"{who} {response.status_code // 100}xx"] += 1
    case.validate_response(response, headers=headers)


FUZZ_SETTINGS = hypothesis_settings(suppress_health_check=list(HealthCheck), deadline=None)


@schema.parametrize()
@FUZZ_SETTINGS
def test_signed_in(case, world, user, report):
    token = client_for(user)._credentials["HTTP_AUTHORIZATION"]
    _run(case, world, {"Authorization": token}, "signed-in")


@schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous(case, world, report):
    _run(case, world, {}, "anonymous")


@pytest.fixture(scope="module")
def report(request):
    """Prints the run's figures (cases, time, answers by class) when the module is done."""
    started = time.monotonic()
    yield
    figures = ", ".join(
        f"{key} {value:.1f}" if key.endswith("seconds") else f"{key} {value}" for key, value in sorted(STATS.items())
    )
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nfuzz: {EXAMPLES} examples per operation, {time.monotonic() - started:.0f} s in all; {figures}")
