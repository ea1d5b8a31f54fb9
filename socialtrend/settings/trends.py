"""Trends: the sources (sandbox, Google's trending-now feed, Reddit, X), their
credentials and refresh intervals, HTTP timeout and backoff, caching, scoring,
history and watchlist limits.

`beat_schedule` holds one entry of CELERY_BEAT_SCHEDULE (beat.py) per source.
"""

from datetime import timedelta

from socialtrend.env import env_bool, env_float, env_int, env_list, env_str

# --- Sources ----------------------------------------------------------------------
# Reddit and X turn on once their credentials are set, the sandbox and
# Google's public RSS feed need none.
TRENDS_SANDBOX_ENABLED = env_bool("TRENDS_SANDBOX_ENABLED", default=True)
TRENDS_GOOGLE_ENABLED = env_bool("TRENDS_GOOGLE_ENABLED", default=True)
TRENDS_GOOGLE_RSS_URL = env_str("TRENDS_GOOGLE_RSS_URL", "https://trends.google.com/trending/rss")
TRENDS_GOOGLE_REGIONS = env_list("TRENDS_GOOGLE_REGIONS", ["US"])
TRENDS_GOOGLE_LANGUAGE = env_str("TRENDS_GOOGLE_LANGUAGE", "en-US")
TRENDS_REDDIT_CLIENT_ID = env_str("TRENDS_REDDIT_CLIENT_ID")
TRENDS_REDDIT_CLIENT_SECRET = env_str("TRENDS_REDDIT_CLIENT_SECRET")
TRENDS_REDDIT_USER_AGENT = env_str("TRENDS_REDDIT_USER_AGENT", "server:socialtrend:1.0 (trends refresher)")
TRENDS_REDDIT_SUBREDDITS = env_list("TRENDS_REDDIT_SUBREDDITS", ["popular"])
TRENDS_REDDIT_LIMIT = env_int("TRENDS_REDDIT_LIMIT", 25)
TRENDS_REDDIT_OAUTH_URL = env_str("TRENDS_REDDIT_OAUTH_URL", "https://oauth.reddit.com")
TRENDS_REDDIT_URL = env_str("TRENDS_REDDIT_URL", "https://www.reddit.com")
TRENDS_X_BEARER_TOKEN = env_str("TRENDS_X_BEARER_TOKEN")
# Keywords whose interest Google, X and the sandbox record, besides every user's watchlist.
TRENDS_KEYWORDS = env_list("TRENDS_KEYWORDS")
# Seconds between refreshes, per source; each source refreshes on its own beat entry.
TRENDS_INTERVALS = {
    "sandbox": env_int("TRENDS_SANDBOX_INTERVAL", 120),
    "google": env_int("TRENDS_GOOGLE_INTERVAL", 1800),
    "reddit": env_int("TRENDS_REDDIT_INTERVAL", 900),
    "x": env_int("TRENDS_X_INTERVAL", 900),
}

# --- Calls, caching, scoring --------------------------------------------------------
TRENDS_HTTP_TIMEOUT = env_float("TRENDS_HTTP_TIMEOUT", 10.0)
TRENDS_BACKOFF_SECONDS = env_int("TRENDS_BACKOFF_SECONDS", 900)
TRENDS_CACHE_SECONDS = env_int("TRENDS_CACHE_SECONDS", 300)
TRENDS_SCORE_WINDOW = env_int("TRENDS_SCORE_WINDOW", 6)
TRENDS_HISTORY_POINTS = env_int("TRENDS_HISTORY_POINTS", 500)
TRENDS_WATCHLIST_MAX = env_int("TRENDS_WATCHLIST_MAX", 20)

# --- Entries of CELERY_BEAT_SCHEDULE (beat.py) --------------------------------------
# One entry per source; beat runs an interval entry at once on its first start.
beat_schedule = {
    f"trends-refresh-{name}": {
        "task": "trends.refresh_source",
        "schedule": timedelta(seconds=seconds),
        "args": [name],
    }
    for name, seconds in TRENDS_INTERVALS.items()
}
