"""Cached answers of the trends list (Redis when `REDIS_URL` is set).

Every key carries a version; storing new trend data replaces the version, so
all cached pages go stale at once without scanning keys. Old entries simply
expire after `TRENDS_CACHE_SECONDS`.
"""

import hashlib
import json
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "trends:list:version"


def list_answer(params: dict, build: Callable[[], dict]) -> dict:
    """The cached answer for `params`, built (and stored) on a miss."""
    key = list_key(params)
    answer = cache.get(key)
    if answer is None:
        answer = build()
        cache.set(key, answer, settings.TRENDS_CACHE_SECONDS)
    return answer


def list_key(params: dict) -> str:
    cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    return f"trends:list:{cache.get(VERSION_KEY)}:{digest}"


def invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
