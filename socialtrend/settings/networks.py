"""The social networks: where the site is reachable for them, call timeouts, OAuth
and token refresh; then every network's own settings, which each network declares
in its package (`networks/<name>/__init__.py`, read through the registry) so that
adding a network touches no settings module. `manage.py networks` lists them.

Every base URL is a setting so that tests (and staging) point the real clients
at local fakes.

Besides its settings it declares, in lower case, entries of settings that other
modules own: `publish_concurrency` (PUBLISH_CONCURRENCY's defaults, publishing.py),
`trend_intervals` (trends.py) and `beat_schedule` (entries of CELERY_BEAT_SCHEDULE, beat.py).
"""

import networks
from socialtrend.env import env_float, env_int, env_str

# --- Every network ----------------------------------------------------------------
# Public https origin of this site: networks that fetch media download it from signed links here.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where the SPA's accounts page lives (the OAuth callback redirects there).
SPA_ACCOUNTS_PATH = env_str("SPA_ACCOUNTS_PATH", "/accounts")
NETWORK_CONNECT_TIMEOUT = env_float("NETWORK_CONNECT_TIMEOUT", 5.0)
NETWORK_READ_TIMEOUT = env_float("NETWORK_READ_TIMEOUT", 30.0)
OAUTH_STATE_MAX_AGE = env_int("OAUTH_STATE_MAX_AGE", 600)
# Seconds a sign-in that offered several identities (pages, organizations) waits for the person's pick.
CONNECT_CHOICE_MAX_AGE = env_int("CONNECT_CHOICE_MAX_AGE", 900)
MEDIA_LINK_MAX_AGE = env_int("MEDIA_LINK_MAX_AGE", 6 * 3600)
# Tokens that expire within this many hours are refreshed by a beat entry
# (TOKEN_REFRESH_EVERY_SECONDS, below in `beat_schedule`).
TOKEN_REFRESH_WINDOW_HOURS = env_int("TOKEN_REFRESH_WINDOW_HOURS", 72)

# --- Each network's own -------------------------------------------------------------
globals().update(networks.settings_from_environment())

# --- Entries of settings that other modules own -------------------------------------
# Each network's default cap on deliveries in flight (queued + publishing), from its
# spec; publishing.py applies PUBLISH_CONCURRENCY's "network:cap" overrides.
publish_concurrency = {spec.name: spec.concurrency for spec in networks.publishing_specs()}
# Seconds between two refreshes of each trend source, from the network's own setting.
trend_intervals = {spec.name: globals()[spec.trends.interval_setting] for spec in networks.trend_specs()}
network_apps = networks.django_apps()
sdk_loggers = networks.sdk_loggers()
beat_schedule = {
    "social-accounts-refresh-tokens": {
        "task": "accounts.tasks.social_accounts_refresh_due",
        "schedule": env_float("TOKEN_REFRESH_EVERY_SECONDS", 3600.0),
    },
}
