"""Outgoing HTTP for trend sources: explicit timeouts and one classification of failures."""

import time
from email.utils import parsedate_to_datetime

import requests
from requests.adapters import HTTPAdapter

from trends.sources.base import SourceError, SourceRateLimited

USER_AGENT = "SocialTrend/1.0 (+trends refresher)"


def http_get(url: str, *, params: dict, timeout: float) -> requests.Response:
    try:
        response = requests.get(url, params=params, timeout=timeout, headers={"User-Agent": USER_AGENT})
    except requests.RequestException as exc:
        raise request_failure(exc, timeout) from exc
    if response.status_code == 429:
        raise SourceRateLimited(
            "rate limited (HTTP 429)", retry_after_seconds=retry_after_seconds(response.headers.get("Retry-After"))
        )
    if response.status_code != 200:
        raise SourceError(f"answered HTTP {response.status_code}")
    return response


def request_failure(exc: Exception, timeout: float) -> SourceError:
    if isinstance(exc, requests.Timeout):
        return SourceError(f"timed out after {timeout:g} s")
    if isinstance(exc, requests.ConnectionError):
        return SourceError(f"unreachable ({type(exc).__name__})")
    return SourceError(f"request failed ({type(exc).__name__}: {exc})")


def retry_after_seconds(header: str | None) -> float | None:
    """`Retry-After` is either seconds or an HTTP date."""
    if not header:
        return None
    try:
        return max(float(header), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(header).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


def seconds_until(epoch_seconds: float | None) -> float | None:
    return None if epoch_seconds is None else max(epoch_seconds - time.time(), 0.0)


class FixedTimeoutAdapter(HTTPAdapter):
    """Sends every request with our timeout, whatever the SDK passes: tweepy
    passes none, and prawcore always passes its own 16 s (PRAW 8 ignores its
    `timeout` setting)."""

    def __init__(self, *, timeout: float, **kwargs):
        self.timeout = timeout
        super().__init__(**kwargs)

    def send(self, request, timeout=None, **kwargs):  # type: ignore[no-untyped-def]
        return super().send(request, timeout=self.timeout, **kwargs)


def with_timeout(session: requests.Session, timeout: float) -> requests.Session:
    adapter = FixedTimeoutAdapter(timeout=timeout)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
