"""All outbound HTTP goes through here: timeouts, a total deadline per call, a bounded
body read, error classification, rate-limit delays and private-address refusal.

Publishers, OAuth clients, trend sources and webhook delivery share one
vocabulary for what went wrong, the `OutboundError` family:

- connection refused, DNS failure, connect timeout: nothing was sent -> `RetryableError`;
- a read timeout or a dropped connection after the request went out: the
  network may have acted on it -> `OutcomeUnknownError` (unless the call is
  safe to repeat, e.g. a GET or creating an unpublished container);
- 429 -> `RetryableError` with the `Retry-After` delay;
- 401/403 -> `AuthError`;
- 503 -> `RetryableError`: the server says it did not take the request;
- 500/502/504 and any other 5xx -> `OutcomeUnknownError` for calls that publish
  (a gateway that timed out or broke may sit in front of a server that did
  publish), `RetryableError` for calls that are safe to repeat;
- any other 4xx -> `PermanentError`;
- the operator's setup is wrong (a retired API version, an app's plan or
  credits) -> `ConfigurationError`: no post of anyone's can go out until an
  operator acts, and it is no single post's fault.

Each network can look at a failed response first (a Graph API answers a bad
token with HTTP 400 and an error code in the body) through a `classify` hook.

SDKs that own their `requests.Session` get the same timeouts
through `TimeoutAdapter`, and their exceptions go through `error_for_exception`.
"""

import contextlib
import email.utils
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError

logger = logging.getLogger(__name__)

# The one 5xx that says the request was not taken: every network we use documents 503 as "try again".
NOT_TAKEN_5XX = frozenset({503})
# What a network's answer may weigh at most; a bigger body is refused, not read into memory.
MAX_BODY_BYTES = 16 * 1024 * 1024


class OutboundError(Exception):
    """Base of every failure of a call to another service; `http_status` is its answer, if any."""

    def __init__(self, message: str, *, http_status: int | None = None):
        self.message = message
        self.http_status = http_status
        super().__init__(message)


class RetryableError(OutboundError):
    """Nothing was done and trying again later may work (429, 503, connection refused,
    timeout before the request was sent); `retry_after` seconds when the service said.
    `resume` is what the caller should hand back on the next try (work already done
    that must not be done twice, such as a media container still being processed)."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        http_status: int | None = None,
        resume: dict | None = None,
    ):
        self.retry_after = retry_after
        self.resume = resume or {}
        super().__init__(message, http_status=http_status)


class AuthError(OutboundError):
    """The account's credentials are invalid, expired or revoked: a person must reconnect."""


class PermanentError(OutboundError):
    """The service refused this request; sending it again unchanged will fail again."""


class OutcomeUnknownError(OutboundError):
    """The request may have reached the service (e.g. a read timeout): never re-send silently."""


class ConfigurationError(RetryableError):
    """The operator's setup is at fault (a retired API version, the app's plan or credits):
    every call fails the same way until an operator acts. Retryable, so work waits for the fix."""


Classifier = Callable[[requests.Response], OutboundError | None]


class PrivateAddressError(Exception):
    """The target resolved to a private, loopback, link-local or otherwise non-public address."""


# An IPv6 address must be global unicast (2000::/3, as `is_global` judges it), except the
# forms that carry an IPv4 address, where such a packet ends up, which is judged instead:
# IPv4-mapped (::ffff:a.b.c.d), NAT64's well-known prefix 64:ff9b::/96 (RFC 6052) and
# 6to4 (2002:a.b.c.d::/48). So IPv4-compatible (::a.b.c.d, deprecated), NAT64's local-use
# prefix 64:ff9b:1::/48 (a local gateway translates it to anything) and site-local fec0::/10
# are refused. Teredo (2001::/32) tunnels through a relay to a client address of its own
# choosing: refused although inside 2000::/3.
NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")
GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
TEREDO = ipaddress.ip_network("2001::/32")


def is_public_address(address: str) -> bool:
    """Whether a connection to `address` may be made for a user-given URL (webhooks)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
        elif ip not in GLOBAL_UNICAST or ip in TEREDO:
            return False
    return ip.is_global and not ip.is_multicast


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip in NAT64_WELL_KNOWN:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def refuse_private_url(url: str) -> None:
    """Raise `PrivateAddressError` unless every address `url`'s host resolves to is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PrivateAddressError("only http and https URLs with a host name are allowed")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise PrivateAddressError(f"{parts.hostname} does not resolve") from exc
    for info in infos:
        if not is_public_address(info[4][0]):
            raise PrivateAddressError(f"{parts.hostname} resolves to a non-public address")


class _Watchdog:
    """The total deadline of one call: when it passes, the call's connections are shut down,
    so a server that answers one byte at a time (each read within the read timeout) is cut.

    The connections register themselves (`_Watched`) in the thread that makes the call.
    """

    _current = threading.local()

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.monotonic()
        self.expired = False
        self._stopped = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    @classmethod
    def current(cls) -> "_Watchdog | None":
        return getattr(cls._current, "watchdog", None)

    def __enter__(self) -> "_Watchdog":
        self._outer = self.current()
        self._current.watchdog = self
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
        self._current.watchdog = self._outer

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if not self.expired:
                self._sockets.append(sock)
                return
        _shut(sock)

    def stop(self) -> bool:
        """End the watch; True if the deadline passed first."""
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            return self.expired

    def _expire(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or handed over to TLS (then its TLS socket is watched)
        # The plain socket's shutdown, also under TLS: a read blocked in another thread returns at once.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watched:
    """A connection whose sockets a call's `_Watchdog` (if any) can cut. The sockets, not the
    connection: http.client drops `sock` from the connection when the answer says
    `Connection: close`, while the answer still reads from it."""

    def _new_conn(self):  # type: ignore[no-untyped-def]
        watchdog = _Watchdog.current()
        sock = super()._new_conn()  # type: ignore[misc]
        if watchdog is not None:
            if watchdog.expired:
                sock.close()
                raise NewConnectionError(self, "the call's deadline passed while connecting")  # type: ignore[arg-type]
            watchdog.watch(sock)
        return sock

    def request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        watchdog = _Watchdog.current()
        if watchdog is not None:
            watchdog.watch(self.sock)  # type: ignore[attr-defined]  # kept alive, or connected under TLS
        return super().request(*args, **kwargs)  # type: ignore[misc]


# The connected socket's peer is checked, not a name looked up beforehand, so
# a DNS answer that changes between the check and the connect cannot slip by.
class _PublicOnly:
    def _new_conn(self):  # type: ignore[no-untyped-def]
        sock = super()._new_conn()  # type: ignore[misc]
        if not is_public_address(sock.getpeername()[0]):
            sock.close()
            raise PrivateAddressError(f"{self.host} resolves to a non-public address")  # type: ignore[attr-defined]
        return sock


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _PublicOnlyHTTPConnection(_PublicOnly, _Watched, HTTPConnection):
    pass


class _PublicOnlyHTTPSConnection(_PublicOnly, _Watched, HTTPSConnection):
    pass


def _pool(base: type[HTTPConnectionPool], connection: type[HTTPConnection]) -> type[HTTPConnectionPool]:
    return type(f"{connection.__name__}Pool", (base,), {"ConnectionCls": connection})


POOL_CLASSES = {
    False: {"http": _pool(HTTPConnectionPool, _HTTPConnection), "https": _pool(HTTPSConnectionPool, _HTTPSConnection)},
    True: {
        "http": _pool(HTTPConnectionPool, _PublicOnlyHTTPConnection),
        "https": _pool(HTTPSConnectionPool, _PublicOnlyHTTPSConnection),
    },
}


class TimeoutAdapter(HTTPAdapter):
    """Sends every request with our (connect, read) timeout, whatever the caller passes
    (some SDKs pass none, others always their own); optionally refuses non-public peers.
    Inside an `HttpClient` call with a deadline, no timeout exceeds what is left of it."""

    def __init__(self, *, timeout: tuple[float, float] | None = None, public_only: bool = False):
        self.timeout = timeout or (settings.NETWORK_CONNECT_TIMEOUT, settings.NETWORK_READ_TIMEOUT)
        self.public_only = public_only
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = POOL_CLASSES[self.public_only]

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        timeout = self.timeout
        watchdog = _Watchdog.current()
        if watchdog is not None:
            left = max(watchdog.remaining(), 0.001)
            timeout = (min(timeout[0], left), min(timeout[1], left))
        kwargs["timeout"] = timeout
        return super().send(request, **kwargs)


def with_timeouts(
    session: requests.Session, *, timeout: tuple[float, float] | None = None, public_only: bool = False
) -> requests.Session:
    adapter = TimeoutAdapter(timeout=timeout, public_only=public_only)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def retry_after_seconds(headers: Mapping[str, str], default: float | None = None) -> float | None:
    """`Retry-After` as seconds (delta-seconds or an HTTP date); `default` when absent or unreadable."""
    raw = (headers.get("Retry-After") or "").strip()
    if not raw:
        return default
    if raw.isdigit():
        return float(raw)
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return default
    return max(0.0, (when - datetime.now(tz=UTC)).total_seconds())


def seconds_until(epoch_seconds: str | int | None, default: float | None = None) -> float | None:
    """Seconds from now until a Unix timestamp (X's `x-rate-limit-reset`)."""
    try:
        return max(0.0, float(epoch_seconds) - time.time())  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def body_excerpt(response: requests.Response, limit: int = 500) -> str:
    """The start of a response's text, for messages and logs; never raises."""
    try:
        return response.text[:limit]
    except (UnicodeDecodeError, RuntimeError):
        return ""


def error_for_status(response: requests.Response, *, safe_to_retry: bool, message: str | None = None) -> OutboundError:
    status = response.status_code
    text = message or f"HTTP {status}: {body_excerpt(response, 300)}"
    if status == 429:
        return RetryableError(text, retry_after=retry_after_seconds(response.headers), http_status=status)
    if status in (401, 403):
        return AuthError(text, http_status=status)
    if status in NOT_TAKEN_5XX or (status >= 500 and safe_to_retry):
        return RetryableError(text, retry_after=retry_after_seconds(response.headers), http_status=status)
    if status >= 500:
        return OutcomeUnknownError(text, http_status=status)
    return PermanentError(text, http_status=status)


def _nothing_was_sent(exc: BaseException) -> bool:
    """True when no connection was established (refused, DNS failure, connect timeout)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    pending, seen = [exc], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NewConnectionError | NameResolutionError | PrivateAddressError | ConnectionRefusedError):
            return True
        linked = (getattr(current, "reason", None), current.__cause__, current.__context__, *current.args)
        pending.extend(item for item in linked if isinstance(item, BaseException))
    return False


def error_for_exception(exc: requests.RequestException, *, safe_to_retry: bool) -> OutboundError:
    if _nothing_was_sent(exc):
        return RetryableError(f"could not connect: {type(exc).__name__}")
    if safe_to_retry:
        return RetryableError(f"no answer: {type(exc).__name__}")
    return OutcomeUnknownError(f"the request was sent but no answer came back ({type(exc).__name__})")


class HttpClient:
    """One network's HTTP client: a session with timeouts, a bounded body read, an optional
    total deadline per call and one place that classifies failures."""

    def __init__(
        self,
        *,
        classify: Classifier | None = None,
        public_only: bool = False,
        timeout: tuple[float, float] | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        truncate_body: bool = False,
        deadline: float | None = None,
    ):
        self.classify = classify
        self.max_body_bytes = max_body_bytes
        # Keep the first `max_body_bytes` of a longer answer instead of refusing it
        # (for callers that only record an excerpt, such as webhooks).
        self.truncate_body = truncate_body
        # Seconds one call may take in all (connecting, sending, the headers and the body read);
        # the (connect, read) timeout alone bounds each read, not a server that drips its answer.
        self.deadline = deadline
        self.session = with_timeouts(requests.Session(), timeout=timeout, public_only=public_only)

    def request(self, method: str, url: str, *, safe_to_retry: bool | None = None, **kwargs) -> requests.Response:
        """Send one request; return the 2xx response (its body read) or raise an `OutboundError`.

        `safe_to_retry` defaults to True for GET: say so explicitly for a POST
        that creates nothing visible (an unpublished container, an upload).
        """
        safe = method.upper() == "GET" if safe_to_retry is None else safe_to_retry
        response = self.send(method, url, safe_to_retry=safe, **kwargs)
        if response.ok:
            return response
        logger.info("%s %s answered %s", method, _without_query(url), response.status_code)
        error = self.classify(response) if self.classify else None
        raise error or error_for_status(response, safe_to_retry=safe)

    def send(self, method: str, url: str, *, safe_to_retry: bool, **kwargs) -> requests.Response:
        """Send one request and read its answer, whatever its status; raise an `OutboundError`
        only when no whole answer came back in time (or the target is a refused address)."""
        watchdog = _Watchdog(self.deadline) if self.deadline is not None else None
        with watchdog or contextlib.nullcontext():
            try:
                response = self.session.request(method, url, allow_redirects=False, stream=True, **kwargs)
                self._read_body(response, safe_to_retry=safe_to_retry)
            except PrivateAddressError as exc:
                raise PermanentError(f"refused: {exc}") from exc
            except requests.RequestException as exc:
                logger.warning("%s %s failed: %s", method, _without_query(url), type(exc).__name__)
                late = watchdog is not None and (watchdog.stop() or watchdog.remaining() <= 0)
                if late and not _nothing_was_sent(exc):
                    raise self._late(safe_to_retry) from exc
                raise error_for_exception(exc, safe_to_retry=safe_to_retry) from exc
            if watchdog is not None and watchdog.stop():
                # Cut at the deadline, and the cut looked like the end of a body read until closed.
                logger.warning("%s %s failed: past its deadline", method, _without_query(url))
                raise self._late(safe_to_retry)
        return response

    def _late(self, safe_to_retry: bool) -> OutboundError:
        message = f"no whole answer within {self.deadline:g} s"
        return RetryableError(message) if safe_to_retry else OutcomeUnknownError(f"{message}; the request was sent")

    def _read_body(self, response: requests.Response, *, safe_to_retry: bool) -> None:
        """Read a streamed body, never more than `max_body_bytes` into memory."""
        limit, chunks, size = self.max_body_bytes, [], 0
        with response:
            for chunk in response.iter_content(64 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
        if size > limit and not self.truncate_body:
            # The request itself was answered: for a call that publishes, it may have published.
            kind = PermanentError if safe_to_retry else OutcomeUnknownError
            raise kind(f"the answer is larger than {limit} bytes", http_status=response.status_code)
        response._content = b"".join(chunks)[:limit]  # what `response.content` returns from now on


def _without_query(url: str) -> str:
    # Query strings can carry tokens (Graph API access_token): never log them.
    return url.split("?", 1)[0]
