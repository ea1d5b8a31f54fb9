from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from socialtrend.outbound import (
    AuthError,
    HttpClient,
    OutcomeUnknownError,
    PermanentError,
    PrivateAddressError,
    RetryableError,
    refuse_private_url,
    retry_after_seconds,
)
from tests.fakes.server import FakeAPI, json_response


class Echo(FakeAPI):
    def dispatch(self, request):
        return json_response({"ok": True})


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "ftp://93.184.215.14/",
    ],
)
def test_private_and_non_http_targets_are_refused(url):
    with pytest.raises(PrivateAddressError):
        refuse_private_url(url)


def test_public_address_literal_is_allowed():
    refuse_private_url("https://93.184.215.14/hook")


def test_public_only_client_refuses_the_connected_peer(fake_server):
    base = fake_server.install(Echo())

    with pytest.raises(PermanentError, match="non-public"):
        HttpClient(public_only=True).request("GET", base + "/x")
    assert HttpClient().request("GET", base + "/x").json() == {"ok": True}


def test_retry_after_reads_seconds_and_http_dates():
    later = datetime.now(tz=UTC) + timedelta(seconds=120)

    assert retry_after_seconds({"Retry-After": "30"}) == 30
    assert 110 <= retry_after_seconds({"Retry-After": format_datetime(later, usegmt=True)}) <= 120
    assert retry_after_seconds({"Retry-After": "soon"}, default=5) == 5
    assert retry_after_seconds({}) is None


class Answers(FakeAPI):
    """Answers each path with its own status and body size."""

    def dispatch(self, request):
        status = int(request.path.rsplit("/", 1)[-1])
        size = int(request.args.get("bytes", "10"))
        return json_response({"pad": "x" * size}, status)


@pytest.mark.parametrize(
    ("status", "safe", "expected"),
    [
        (503, False, RetryableError),
        (502, False, OutcomeUnknownError),
        (504, False, OutcomeUnknownError),
        (500, False, OutcomeUnknownError),
        (502, True, RetryableError),
        (500, True, RetryableError),
        (429, False, RetryableError),
        (401, False, AuthError),
        (422, False, PermanentError),
    ],
)
def test_each_status_has_one_meaning(fake_server, status, safe, expected):
    """A 502/504 may stand in front of a server that did publish: only 503 says it was not taken."""
    base = fake_server.install(Answers())

    with pytest.raises(expected) as error:
        HttpClient().request("POST", f"{base}/{status}", safe_to_retry=safe)

    assert type(error.value) is expected
    assert error.value.http_status == status


def test_an_answer_over_the_limit_is_refused_not_read_whole(fake_server):
    base = fake_server.install(Answers())
    client = HttpClient(max_body_bytes=1000)

    assert client.request("GET", f"{base}/200?bytes=900").json()["pad"] == "x" * 900
    with pytest.raises(PermanentError, match="larger than 1000 bytes"):
        client.request("GET", f"{base}/200?bytes=5000")
    # On the call that publishes, an answer came back: it may have published.
    with pytest.raises(OutcomeUnknownError, match="larger than 1000 bytes"):
        client.request("POST", f"{base}/201?bytes=5000", safe_to_retry=False)


def test_a_truncating_client_keeps_the_start_of_a_long_answer(fake_server):
    base = fake_server.install(Answers())

    response = HttpClient(max_body_bytes=100, truncate_body=True).send(
        "POST", f"{base}/500?bytes=5000", safe_to_retry=True
    )

    assert response.status_code == 500
    assert len(response.content) == 100 and response.text.startswith('{"pad": "xxx')
