"""Mastodon: the trending hashtags of one instance (`TRENDS_MASTODON_INSTANCE`).

Method used: `GET /api/v1/trends/tags?limit=N` (public, no token), each tag with
its `history`: one entry a day, newest first, `uses` and `accounts` as strings.
A tag's value is its uses of the last day. Trending statuses
(`/api/v1/trends/statuses`) are posts rather than topics a caption could ride,
so they are not read. An instance that turned trends off answers an empty list.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from networks.mastodon.client import MastodonAPI
from networks.mastodon.errors import classify
from networks.mastodon.instances import instance_host
from networks.trends import FetchedTrend, Part, SourceError, TrendSource, source_error
from socialtrend.outbound import HttpClient, OutboundError


class MastodonTrendsSource(TrendSource):
    name = "mastodon"

    def __init__(self, *, instance: str, limit: int, timeout: float):
        self.timeout = timeout
        self.limit = limit
        # The operator's own setting, not a person's input: reached as any configured API.
        self.api = MastodonAPI(instance, http=HttpClient(classify=classify, timeout=(timeout, timeout)))

    def parts(self) -> Iterable[Part]:
        yield f"trending tags on {instance_host(self.api.base_url)}", self._tags

    def _tags(self) -> list[FetchedTrend]:
        try:
            tags = self.api.json("GET", "/api/v1/trends/tags", params={"limit": self.limit})
        except OutboundError as exc:
            raise source_error(exc, self.timeout) from exc
        if not isinstance(tags, list):
            raise SourceError("malformed answer (not a list of tags)")
        try:
            return [self._trend(tag) for tag in tags]
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceError(f"malformed answer ({type(exc).__name__})") from exc

    def _trend(self, tag: dict[str, Any]) -> FetchedTrend:
        history = tag.get("history") or []
        today = history[0] if history else {}
        uses_today = int(today.get("uses", 0))
        return FetchedTrend(
            key=str(tag["name"]).lower(),
            title=f"#{tag['name']}",
            value=float(uses_today),
            url=str(tag.get("url") or ""),
            category="hashtag",
            metrics={
                "instance": instance_host(self.api.base_url),
                "uses_today": uses_today,
                "accounts_today": int(today.get("accounts", 0)),
                "uses_7d": sum(int(day.get("uses", 0)) for day in history),
            },
        )


def build_source(*, keywords: list[str]) -> MastodonTrendsSource:
    return MastodonTrendsSource(
        instance=settings.TRENDS_MASTODON_INSTANCE,
        limit=settings.TRENDS_MASTODON_LIMIT,
        timeout=settings.TRENDS_HTTP_TIMEOUT,
    )


def enabled() -> bool:
    return bool(settings.TRENDS_MASTODON_INSTANCE)
