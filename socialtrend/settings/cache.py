"""The cache, which also backs throttling: Redis with REDIS_URL, else local memory.

The `changes` cache holds each user's change token (posts.services.changes),
which every process must see: Redis with REDIS_URL, else files under VAR_DIR
(the embedded default runs its web, worker and beat processes on one machine).

REDIS_URL is also the Celery broker's default (celery.py).
"""

from socialtrend.env import env_int, env_str
from socialtrend.settings.core import VAR_DIR

REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "socialtrend")
if REDIS_URL:
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": CACHE_KEY_PREFIX},
        "changes": {**_redis, "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-changes"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "changes": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "changes"),
        },
    }

# Seconds a change token (and an answer cached under it) lives. A change that some code path
# failed to announce is seen by every poll within this time anyway.
CHANGES_TOKEN_TTL = env_int("CHANGES_TOKEN_TTL", 60)
