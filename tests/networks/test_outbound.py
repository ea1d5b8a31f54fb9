from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from socialtrend.outbound import (
    HttpClient,
    PermanentError,
    PrivateAddressError,
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
