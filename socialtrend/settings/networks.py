"""The social networks: where the site is reachable for them, call timeouts,
OAuth and token refresh, then one block per network (sandbox, Instagram,
LinkedIn, X, Reddit) with its app credentials, endpoints, polling and its
default cap on deliveries in flight.

Self-contained: it imports nothing from the other settings modules. Every base
URL is a setting so that tests (and staging) point the real clients at local
fakes; tweepy alone hard-codes its host (api.twitter.com).

Besides its settings it declares, in lower case, entries of settings that other
modules own: `publish_concurrency` (PUBLISH_CONCURRENCY's defaults, publishing.py)
and `beat_schedule` (entries of CELERY_BEAT_SCHEDULE, beat.py).
"""

from socialtrend.env import env_float, env_int, env_str

# --- Every network ----------------------------------------------------------------
# Public https origin of this site: Instagram downloads media from signed links here.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where the SPA's accounts page lives (the OAuth callback redirects there).
SPA_ACCOUNTS_PATH = env_str("SPA_ACCOUNTS_PATH", "/accounts")
NETWORK_CONNECT_TIMEOUT = env_float("NETWORK_CONNECT_TIMEOUT", 5.0)
NETWORK_READ_TIMEOUT = env_float("NETWORK_READ_TIMEOUT", 30.0)
OAUTH_STATE_MAX_AGE = env_int("OAUTH_STATE_MAX_AGE", 600)
MEDIA_LINK_MAX_AGE = env_int("MEDIA_LINK_MAX_AGE", 6 * 3600)
# Tokens that expire within this many hours are refreshed by a beat entry
# (TOKEN_REFRESH_EVERY_SECONDS, below in `beat_schedule`).
TOKEN_REFRESH_WINDOW_HOURS = env_int("TOKEN_REFRESH_WINDOW_HOURS", 72)

# --- Sandbox ------------------------------------------------------------------------
# The simulated network: latency and injected faults (rates are 0..1).
SANDBOX_LATENCY_SECONDS = env_float("SANDBOX_LATENCY_SECONDS", 0.0)
SANDBOX_ERROR_RATE = env_float("SANDBOX_ERROR_RATE", 0.0)
SANDBOX_RATE_LIMIT_RATE = env_float("SANDBOX_RATE_LIMIT_RATE", 0.0)
SANDBOX_RETRY_AFTER_SECONDS = env_float("SANDBOX_RETRY_AFTER_SECONDS", 60.0)
SANDBOX_TIMEOUT_RATE = env_float("SANDBOX_TIMEOUT_RATE", 0.0)
SANDBOX_AUTH_FAILURE_RATE = env_float("SANDBOX_AUTH_FAILURE_RATE", 0.0)
sandbox_publish_concurrency = 1000

# --- Instagram ----------------------------------------------------------------------
# Instagram API with Instagram Login (Business Login): graph.instagram.com.
INSTAGRAM_CLIENT_ID = env_str("INSTAGRAM_CLIENT_ID")
INSTAGRAM_CLIENT_SECRET = env_str("INSTAGRAM_CLIENT_SECRET")
INSTAGRAM_REDIRECT_URI = env_str("INSTAGRAM_REDIRECT_URI")
INSTAGRAM_AUTHORIZE_URL = env_str("INSTAGRAM_AUTHORIZE_URL", "https://www.instagram.com/oauth/authorize")
INSTAGRAM_OAUTH_URL = env_str("INSTAGRAM_OAUTH_URL", "https://api.instagram.com").rstrip("/")
INSTAGRAM_GRAPH_URL = env_str("INSTAGRAM_GRAPH_URL", "https://graph.instagram.com").rstrip("/")
INSTAGRAM_GRAPH_VERSION = env_str("INSTAGRAM_GRAPH_VERSION", "v24.0")
INSTAGRAM_POLL_INTERVAL = env_float("INSTAGRAM_POLL_INTERVAL", 10.0)
# Keep the wait well inside CELERY_TASK_SOFT_TIME_LIMIT: a publish task that is cut off ends "unknown".
INSTAGRAM_POLL_MAX_WAIT = env_float("INSTAGRAM_POLL_MAX_WAIT", 60.0)
instagram_publish_concurrency = 10

# --- LinkedIn -----------------------------------------------------------------------
# LinkedIn Posts API (versioned REST) and OpenID Connect userinfo.
LINKEDIN_CLIENT_ID = env_str("LINKEDIN_CLIENT_ID")
LINKEDIN_CLIENT_SECRET = env_str("LINKEDIN_CLIENT_SECRET")
LINKEDIN_REDIRECT_URI = env_str("LINKEDIN_REDIRECT_URI")
LINKEDIN_AUTHORIZE_URL = env_str("LINKEDIN_AUTHORIZE_URL", "https://www.linkedin.com/oauth/v2/authorization")
LINKEDIN_OAUTH_URL = env_str("LINKEDIN_OAUTH_URL", "https://www.linkedin.com/oauth/v2").rstrip("/")
LINKEDIN_API_URL = env_str("LINKEDIN_API_URL", "https://api.linkedin.com").rstrip("/")
# Monthly YYYYMM; LinkedIn retires versions after about a year, so keep this current.
LINKEDIN_VERSION = env_str("LINKEDIN_VERSION", "202601")
# An uploaded video is polled until AVAILABLE before the post refers to it; like
# INSTAGRAM_POLL_MAX_WAIT, keep the wait well inside CELERY_TASK_SOFT_TIME_LIMIT.
LINKEDIN_VIDEO_POLL_INTERVAL = env_float("LINKEDIN_VIDEO_POLL_INTERVAL", 5.0)
LINKEDIN_VIDEO_POLL_MAX_WAIT = env_float("LINKEDIN_VIDEO_POLL_MAX_WAIT", 60.0)
linkedin_publish_concurrency = 4

# --- X ------------------------------------------------------------------------------
# X API v2 (OAuth 2.0 with PKCE). Tweets go through tweepy (api.twitter.com);
# token, profile and media upload calls use X_API_URL.
X_CLIENT_ID = env_str("X_CLIENT_ID")
X_CLIENT_SECRET = env_str("X_CLIENT_SECRET")
X_REDIRECT_URI = env_str("X_REDIRECT_URI")
X_AUTHORIZE_URL = env_str("X_AUTHORIZE_URL", "https://x.com/i/oauth2/authorize")
X_API_URL = env_str("X_API_URL", "https://api.x.com").rstrip("/")
# Longest wait for X to process an uploaded video before trying again later (seconds).
X_MEDIA_MAX_WAIT = env_float("X_MEDIA_MAX_WAIT", 60.0)
x_publish_concurrency = 20

# --- Reddit -------------------------------------------------------------------------
# Reddit through PRAW: REDDIT_URL serves OAuth (www.reddit.com), REDDIT_OAUTH_URL the API.
REDDIT_CLIENT_ID = env_str("REDDIT_CLIENT_ID")
REDDIT_CLIENT_SECRET = env_str("REDDIT_CLIENT_SECRET")
REDDIT_REDIRECT_URI = env_str("REDDIT_REDIRECT_URI")
REDDIT_USER_AGENT = env_str("REDDIT_USER_AGENT", "web:socialtrend:1.0 (self-hosted)")
REDDIT_URL = env_str("REDDIT_URL", "https://www.reddit.com").rstrip("/")
REDDIT_OAUTH_URL = env_str("REDDIT_OAUTH_URL", "https://oauth.reddit.com").rstrip("/")
reddit_publish_concurrency = 2

# --- Entries of settings that other modules own -------------------------------------
# Each network's default cap on deliveries in flight (queued + publishing), from its
# block above; publishing.py applies PUBLISH_CONCURRENCY's "network:cap" overrides.
publish_concurrency = {
    "sandbox": sandbox_publish_concurrency,
    "instagram": instagram_publish_concurrency,
    "linkedin": linkedin_publish_concurrency,
    "x": x_publish_concurrency,
    "reddit": reddit_publish_concurrency,
}
beat_schedule = {
    "social-accounts-refresh-tokens": {
        "task": "accounts.tasks.social_accounts_refresh_due",
        "schedule": env_float("TOKEN_REFRESH_EVERY_SECONDS", 3600.0),
    },
}
