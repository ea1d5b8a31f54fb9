"""The `TrendSource` interface every source implements, and the errors its parts raise.

A source is a list of parts (one per region, subreddit or keyword batch). Each
part calls the network through the source's real client and either returns
normalised trends or raises `SourceError` with a message a moderator can act
on. A failing part never stops the others; a 429 stops the run, because the
next part would only hit the same limit, and tells the caller how long to back
off.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

import requests

from socialtrend.outbound import OutboundError


@dataclass(frozen=True)
class FetchedTrend:
    """One trend as a source reports it, before storage and scoring."""

    key: str
    title: str
    value: float
    url: str = ""
    region: str = ""
    category: str = ""
    metrics: dict = field(default_factory=dict)


class SourceError(Exception):
    """A part of a source failed; the message says which call and why."""


class SourceRateLimited(SourceError):
    def __init__(self, message: str, *, retry_after_seconds: float | None = None):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


@dataclass
class FetchResult:
    trends: list[FetchedTrend]
    errors: list[str]
    rate_limited: bool = False
    retry_after_seconds: float | None = None


Part = tuple[str, Callable[[], list[FetchedTrend]]]


class TrendSource(ABC):
    name: ClassVar[str]

    @abstractmethod
    def parts(self) -> Iterable[Part]:
        """The calls one refresh makes, each labelled for error messages."""

    def fetch(self) -> FetchResult:
        result = FetchResult(trends=[], errors=[])
        for label, fetch_part in self.parts():
            try:
                result.trends.extend(fetch_part())
            except SourceRateLimited as exc:
                result.errors.append(f"{label}: {exc}")
                result.rate_limited = True
                result.retry_after_seconds = exc.retry_after_seconds
                break
            except SourceError as exc:
                result.errors.append(f"{label}: {exc}")
        return result


class KeywordHistorySource(ABC):
    """A source that can tell a keyword's interest over past dates (for backfill)."""

    @abstractmethod
    def keyword_history(self, keyword: str, *, start: date, end: date) -> list[tuple[datetime, float]]:
        """Points `(time, value)` in time order; raises `SourceError`."""


def request_failure(exc: Exception, timeout: float) -> SourceError:
    """A failed request of an SDK (or of `HttpClient`, its cause) as a moderator reads it."""
    if isinstance(exc, requests.Timeout):
        return SourceError(f"timed out after {timeout:g} s")
    if isinstance(exc, requests.ConnectionError):
        return SourceError(f"unreachable ({type(exc).__name__})")
    return SourceError(f"request failed ({type(exc).__name__}: {exc})")


def source_error(exc: OutboundError, timeout: float) -> SourceError:
    """An `HttpClient` failure as a source's error: a 429 stops the run with its delay."""
    if exc.http_status == 429:
        return SourceRateLimited("rate limited (HTTP 429)", retry_after_seconds=getattr(exc, "retry_after", None))
    if exc.http_status:
        return SourceError(f"answered HTTP {exc.http_status}")
    if isinstance(exc.__cause__, requests.RequestException):
        return request_failure(exc.__cause__, timeout)
    return SourceError(exc.message)


def normalize_keyword(keyword: str) -> str:
    """Keywords compare case-insensitively and ignore repeated spaces."""
    return " ".join(keyword.split()).lower()
