"""Google Trends: the trending-now RSS feed per region, and pytrends for keyword interest.

Methods used:
- Trending searches: `GET {TRENDS_GOOGLE_RSS_URL}?geo=XX` (the feed behind
  trends.google.com/trending), parsed with defusedxml. It needs no key and is
  the part that still works; pytrends' `trending_searches`,
  `realtime_trending_searches` and `today_searches` hit endpoints Google has
  removed or emptied.
- Interest over time of tracked and watched keywords: pytrends
  `build_payload` + `interest_over_time` (also used by backfill). pytrends
  4.9.2 is unmaintained and Google answers it with 429s most days, so every
  failure becomes a `SourceError`. It is built with `retries=0` and
  `backoff_factor=0`: any other value makes it construct urllib3's `Retry`
  with `method_whitelist`, a TypeError on urllib3 2. Google marks the newest
  point `isPartial` while its hour or day is still counting (an estimate it
  revises; pytrends' `isPartial` column): scores and history use complete
  points only.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import partial
from urllib.parse import urlencode

import requests
from defusedxml import DefusedXmlException, ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from pytrends.exceptions import ResponseError, TooManyRequestsError
from pytrends.request import TrendReq

from networks.trends import (
    FetchedTrend,
    KeywordHistorySource,
    Part,
    SourceError,
    SourceRateLimited,
    TrendSource,
    normalize_keyword,
    request_failure,
    source_error,
)
from socialtrend.outbound import HttpClient, OutboundError

FEED_NS = {"ht": "https://trends.google.com/trending/rss"}
# Google compares at most five keywords per request.
KEYWORDS_PER_REQUEST = 5
CURRENT_TIMEFRAME = "now 7-d"
USER_AGENT = "SocialTrend/1.0 (+trends refresher)"
NEWS_PER_TREND = 3


class GoogleTrendsSource(TrendSource, KeywordHistorySource):
    name = "google"

    def __init__(self, *, rss_url: str, regions: list[str], keywords: list[str], timeout: float, language: str):
        self.rss_url = rss_url
        self.regions = [region.upper() for region in regions]
        self.keywords = keywords
        self.timeout = timeout
        self.language = language
        self.http = HttpClient(timeout=(timeout, timeout))

    def parts(self) -> Iterable[Part]:
        for region in self.regions:
            yield f"trending RSS {region}", partial(self._trending, region)
        # pytrends last: it is the part most likely to be rate limited.
        for start in range(0, len(self.keywords), KEYWORDS_PER_REQUEST):
            batch = self.keywords[start : start + KEYWORDS_PER_REQUEST]
            yield f"interest over time ({', '.join(batch)})", partial(self._interest, batch)

    def _trending(self, region: str) -> list[FetchedTrend]:
        try:
            response = self.http.request(
                "GET", self.rss_url, params={"geo": region}, headers={"User-Agent": USER_AGENT}
            )
        except OutboundError as exc:
            raise source_error(exc, self.timeout) from exc
        return parse_trending_feed(response.content, region=region)

    def _interest(self, keywords: list[str]) -> list[FetchedTrend]:
        frame = self._interest_frame(keywords, timeframe=CURRENT_TIMEFRAME)
        if frame.empty:
            return []  # too little search volume for Google to report (or only a partial point)
        latest = frame.iloc[-1]
        return [
            FetchedTrend(
                key=keyword,
                title=keyword,
                value=float(latest[keyword]),
                url=explore_url(keyword, region=""),
                category="keyword",
                metrics={"interest": int(latest[keyword]), "timeframe": CURRENT_TIMEFRAME},
            )
            for keyword in keywords
        ]

    def keyword_history(self, keyword: str, *, start: date, end: date) -> list[tuple[datetime, float]]:
        # A range up to today ends in a partial day: left out like any partial point, since a
        # backfilled point is never stored again (backfill adds only what is not there yet), so
        # the estimate would stay as if final; the next backfill or refresh brings the full day.
        frame = self._interest_frame([keyword], timeframe=f"{start:%Y-%m-%d} {end:%Y-%m-%d}")
        if frame.empty:
            return []
        return [(stamp.to_pydatetime().replace(tzinfo=UTC), float(value)) for stamp, value in frame[keyword].items()]

    def _interest_frame(self, keywords: list[str], *, timeframe: str):  # -> pandas.DataFrame
        try:
            client = TrendReq(hl=self.language, tz=0, timeout=(self.timeout, self.timeout), retries=0, backoff_factor=0)
            client.build_payload(keywords, timeframe=timeframe, geo="")
            frame = client.interest_over_time()
        except TooManyRequestsError as exc:
            raise SourceRateLimited("rate limited (HTTP 429)") from exc
        except ResponseError as exc:
            raise SourceError(f"answered HTTP {exc.response.status_code}") from exc
        except requests.RequestException as exc:
            raise request_failure(exc, self.timeout) from exc
        except (KeyError, IndexError, TypeError, ValueError) as exc:  # JSON errors are ValueErrors
            raise SourceError(f"malformed answer ({type(exc).__name__})") from exc
        return complete_points(frame)


def complete_points(frame):  # frame: pandas.DataFrame -> pandas.DataFrame
    """The frame without the points Google marks `isPartial` (the newest one, while its hour or
    day is still counting: an estimate it revises), and without that column."""
    if "isPartial" not in frame:
        return frame
    return frame[~frame["isPartial"].astype(bool)].drop(columns="isPartial")


def parse_trending_feed(content: bytes, *, region: str) -> list[FetchedTrend]:
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise SourceError("malformed feed (not XML)") from exc
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise SourceError("malformed feed (no RSS channel)")
    trends = []
    for item in channel.findall("item"):
        title = " ".join((item.findtext("title") or "").split())
        if not title:
            continue
        traffic = (item.findtext("ht:approx_traffic", default="", namespaces=FEED_NS) or "").strip()
        news = [_news_item(node) for node in item.findall("ht:news_item", FEED_NS)][:NEWS_PER_TREND]
        link = next((entry["url"] for entry in news if _is_url(entry["url"])), "")
        trends.append(
            FetchedTrend(
                key=normalize_keyword(title)[:255],
                title=title[:300],
                value=parse_traffic(traffic),
                url=link or explore_url(title, region=region),
                region=region,
                category="search",
                metrics={"approx_traffic": traffic, "published": item.findtext("pubDate") or "", "news": news},
            )
        )
    return trends


def _news_item(node) -> dict[str, str]:  # node: an ElementTree element
    def text(tag: str) -> str:
        return (node.findtext(f"ht:{tag}", default="", namespaces=FEED_NS) or "").strip()

    return {"title": text("news_item_title"), "url": text("news_item_url"), "source": text("news_item_source")}


def parse_traffic(text: str) -> float:
    """`"200+"`, `"2K+"`, `"1.5M+"` -> 200, 2000, 1500000; anything else -> 0."""
    cleaned = text.replace(",", "").rstrip("+").strip().upper()
    multiplier = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}.get(cleaned[-1:], 1)
    number = cleaned[:-1] if multiplier > 1 else cleaned
    try:
        return float(number) * multiplier
    except ValueError:
        return 0.0


def explore_url(query: str, *, region: str) -> str:
    params = {"q": query, "date": CURRENT_TIMEFRAME, **({"geo": region} if region else {})}
    return f"https://trends.google.com/trends/explore?{urlencode(params)}"


def _is_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return len(value) <= 1000


def build_source(*, keywords: list[str]) -> GoogleTrendsSource:
    return GoogleTrendsSource(
        rss_url=settings.TRENDS_GOOGLE_RSS_URL,
        regions=settings.TRENDS_GOOGLE_REGIONS,
        keywords=keywords,
        timeout=settings.TRENDS_HTTP_TIMEOUT,
        language=settings.TRENDS_GOOGLE_LANGUAGE,
    )


def enabled() -> bool:
    return settings.TRENDS_GOOGLE_ENABLED
