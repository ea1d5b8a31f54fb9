"""Builds each trend source from settings; the one place that knows which are enabled.

Sources with credentials (Reddit, X) are enabled once their credentials are
set. The sandbox and Google's public feed need none and are switched by
`TRENDS_SANDBOX_ENABLED` and `TRENDS_GOOGLE_ENABLED` (both on by default).
"""

from django.conf import settings
from django.utils import timezone

from socialtrend.errors import ApplicationError
from trends.models import Source
from trends.sources.base import KeywordHistorySource, TrendSource

METHODS = {
    Source.SANDBOX: "Generated demo topics and keyword interest; no network.",
    Source.GOOGLE: "Trending-now RSS feed per region; pytrends interest_over_time for tracked keywords.",
    Source.REDDIT: "PRAW subreddit.hot() and subreddit.rising() of the configured subreddits.",
    Source.X: "tweepy Client.get_recent_tweets_count (GET /2/tweets/counts/recent) per tracked keyword.",
}


def source_enabled(name: str) -> bool:
    return {
        Source.SANDBOX: settings.TRENDS_SANDBOX_ENABLED,
        Source.GOOGLE: settings.TRENDS_GOOGLE_ENABLED,
        Source.REDDIT: bool(settings.TRENDS_REDDIT_CLIENT_ID and settings.TRENDS_REDDIT_CLIENT_SECRET),
        Source.X: bool(settings.TRENDS_X_BEARER_TOKEN),
    }[Source(name)]


def enabled_sources() -> list[str]:
    return [name for name in Source.values if source_enabled(name)]


def build_source(name: str) -> TrendSource:
    # Imported on use: the SDKs are heavy (pytrends pulls in pandas) and only
    # the worker needs them; selectors import this module.
    from trends.selectors import tracked_keywords

    timeout = settings.TRENDS_HTTP_TIMEOUT
    if name == Source.SANDBOX:
        from trends.sources.sandbox import SandboxSource

        return SandboxSource(keywords=tracked_keywords(), clock=timezone.now)
    if name == Source.GOOGLE:
        from trends.sources.google import GoogleTrendsSource

        return GoogleTrendsSource(
            rss_url=settings.TRENDS_GOOGLE_RSS_URL,
            regions=settings.TRENDS_GOOGLE_REGIONS,
            keywords=tracked_keywords(),
            timeout=timeout,
            language=settings.TRENDS_GOOGLE_LANGUAGE,
        )
    if name == Source.REDDIT:
        from trends.sources.reddit import RedditSource

        return RedditSource(
            client_id=settings.TRENDS_REDDIT_CLIENT_ID,
            client_secret=settings.TRENDS_REDDIT_CLIENT_SECRET,
            user_agent=settings.TRENDS_REDDIT_USER_AGENT,
            subreddits=settings.TRENDS_REDDIT_SUBREDDITS,
            limit=settings.TRENDS_REDDIT_LIMIT,
            timeout=timeout,
            oauth_url=settings.TRENDS_REDDIT_OAUTH_URL,
            reddit_url=settings.TRENDS_REDDIT_URL,
        )
    if name == Source.X:
        from trends.sources.x import XSource

        return XSource(bearer_token=settings.TRENDS_X_BEARER_TOKEN, keywords=tracked_keywords(), timeout=timeout)
    raise ApplicationError(f'Unknown trend source "{name}".', field="source")


def history_source(name: str) -> KeywordHistorySource:
    """The source as a keyword-history provider, for backfill."""
    source = build_source(name)
    if not isinstance(source, KeywordHistorySource):
        raise ApplicationError(f'The "{name}" source cannot tell past interest.', field="source")
    return source
