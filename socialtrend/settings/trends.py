"""Trends: tracked keywords, HTTP timeout and backoff, caching, scoring, history
and watchlist limits. Each source (a network with a trend source) declares its
own credentials, switch and refresh interval in its package.

`beat_schedule` holds one entry of CELERY_BEAT_SCHEDULE (beat.py) per source.
"""

from datetime import timedelta

from socialtrend.env import env_float, env_int, env_list
from socialtrend.settings import networks

# --- Sources ----------------------------------------------------------------------
# Each source's switch or credentials and its refresh interval are its network's
# own settings (networks.py). Keywords whose interest the keyword-tracking sources
# record, besides every user's watchlist:
TRENDS_KEYWORDS = env_list("TRENDS_KEYWORDS")

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
    for name, seconds in networks.trend_intervals.items()
}
