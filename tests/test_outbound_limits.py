"""The one outbound HTTP layer's limits: a total deadline per call, and which addresses
count as public. Servers here are raw loopback fakes that answer too slowly on purpose."""

import time

import pytest

from socialtrend.outbound import HttpClient, OutcomeUnknownError, RetryableError, is_public_address
from tests.fakes.server import wait_for


def timed(call):
    started = time.monotonic()
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the test inspects what was raised
        return exc, time.monotonic() - started
    return None, time.monotonic() - started


def test_a_body_dripped_within_each_read_timeout_is_cut_at_the_deadline(slow_server):
    # A byte every 0.2 s never trips the 1 s read timeout: 40 bytes would hold the call 8 s.
    server = slow_server("drip-body", interval=0.2, drip_bytes=40)
    client = HttpClient(timeout=(1.0, 1.0), deadline=1.0)

    error, elapsed = timed(lambda: client.send("POST", server.url, data=b"{}", safe_to_retry=True))

    assert isinstance(error, RetryableError), error
    assert error.message == "no whole answer within 1 s"
    assert elapsed < 2.0
    assert wait_for(lambda: server.sent, timeout=5)  # the server notices the hang-up at its next byte
    assert server.sent[0] < 60 + 40 // 2  # the headers and a few bytes of the body, then the call hung up


def test_a_call_that_publishes_cut_at_the_deadline_has_an_unknown_outcome(slow_server):
    server = slow_server("drip-body", interval=0.2, drip_bytes=40)

    error, elapsed = timed(
        lambda: HttpClient(timeout=(1.0, 1.0), deadline=0.8).send("POST", server.url, safe_to_retry=False)
    )

    assert isinstance(error, OutcomeUnknownError), error
    assert "within 0.8 s" in error.message and "the request was sent" in error.message
    assert elapsed < 2.0


def test_headers_dripped_within_each_read_timeout_are_cut_at_the_deadline(slow_server):
    server = slow_server("drip-headers", interval=0.2, drip_bytes=40)

    error, elapsed = timed(
        lambda: HttpClient(timeout=(1.0, 1.0), deadline=1.0).send("GET", server.url, safe_to_retry=True)
    )

    assert isinstance(error, RetryableError), error
    assert error.message == "no whole answer within 1 s"
    assert elapsed < 2.0


def test_without_a_deadline_only_each_read_is_bounded(slow_server):
    """The behaviour the deadline exists for: a drip that keeps under the read timeout goes on."""
    server = slow_server("drip-body", interval=0.05, drip_bytes=30)

    started = time.monotonic()
    response = HttpClient(timeout=(1.0, 1.0)).send("GET", server.url, safe_to_retry=True)
    elapsed = time.monotonic() - started

    assert response.content == b"x" * 30
    assert elapsed >= 1.4  # longer than the read timeout, and nothing stopped it


def test_a_deadline_leaves_a_quick_answer_alone(slow_server):
    server = slow_server("drip-body", interval=0.01, drip_bytes=5)

    response = HttpClient(timeout=(1.0, 1.0), deadline=2.0).send("GET", server.url, safe_to_retry=True)

    assert (response.status_code, response.content) == (200, b"xxxxx")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("::ffff:8.8.8.8", True),
        ("::ffff:10.0.0.1", False),
        # NAT64, well-known prefix: the IPv4 address is what the packet reaches.
        ("64:ff9b::808:808", True),
        ("64:ff9b::a00:1", False),
        ("64:ff9b::7f00:1", False),
        ("64:ff9b::a9fe:a9fe", False),  # 169.254.169.254, cloud metadata
        ("64:ff9b::c0a8:101", False),
        # NAT64, local-use prefix: translated by a local gateway to anything.
        ("64:ff9b:1::a00:1", False),
        ("64:ff9b:1::808:808", False),
        # 6to4 carries the IPv4 address in bits 16-48.
        ("2002:808:808::1", True),
        ("2002:a00:1::1", False),
        ("2002:7f00:1::1", False),
        ("2002:a9fe:a9fe::", False),
        # IPv4-compatible (deprecated): not global unicast.
        ("::10.0.0.1", False),
        ("::127.0.0.1", False),
        ("::8.8.8.8", False),
        # Teredo tunnels through a relay to a client address of its own.
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),
        ("2001:0:a00:1::", False),
        # Site-local (deprecated) and the rest of the non-global space.
        ("fec0::1", False),
        ("feff::1", False),
        ("fc00::1", False),
        ("fe80::1", False),
        ("::1", False),
        ("::", False),
        ("ff02::1", False),
        ("2001:db8::1", False),
    ],
)
def test_which_addresses_are_public(address, public):
    assert is_public_address(address) is public
