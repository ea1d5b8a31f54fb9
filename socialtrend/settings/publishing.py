"""Posts and publishing: the dispatcher's tick and batch, per-network caps on
deliveries in flight, publish messages and call threads, retries and backoff,
the lateness window, the reaper of lost and stuck deliveries, and the upload
limits per media kind.

`beat_schedule` holds the dispatcher's and the reaper's entries of
CELERY_BEAT_SCHEDULE (beat.py); CELERY_TASK_ROUTES (celery.py) sends both to
the schedule queue.
"""

from django.core.exceptions import ImproperlyConfigured

from socialtrend.env import env_float, env_int, env_list
from socialtrend.settings import networks
from socialtrend.settings.celery import CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT


def _concurrency_overrides() -> dict[str, int]:
    """PUBLISH_CONCURRENCY from the environment: "network:cap" pairs, e.g. "sandbox:50"."""
    overrides = {}
    for pair in env_list("PUBLISH_CONCURRENCY"):
        network, _, cap = pair.partition(":")
        if network.strip() not in networks.publish_concurrency or not cap.strip().isdigit():
            raise ImproperlyConfigured(f'PUBLISH_CONCURRENCY wants "network:cap" pairs of known networks, got {pair!r}')
        overrides[network.strip()] = int(cap)
    return overrides


# --- Dispatch ---------------------------------------------------------------------
# The dispatcher claims due deliveries every PUBLISH_DISPATCH_INTERVAL seconds,
# at most PUBLISH_DISPATCH_BATCH per network per tick, and never more than the
# network's cap in flight (queued + publishing) at once. The caps' defaults are
# each network's (networks.py).
PUBLISH_DISPATCH_INTERVAL = env_float("PUBLISH_DISPATCH_INTERVAL", 1.0)
PUBLISH_DISPATCH_BATCH = env_int("PUBLISH_DISPATCH_BATCH", 1000)
PUBLISH_CONCURRENCY = {**networks.publish_concurrency, **_concurrency_overrides()}

# --- Publish tasks ----------------------------------------------------------------
# A publish message carries up to PUBLISH_MESSAGE_BATCH deliveries of one tick;
# each worker process makes up to PUBLISH_CALL_THREADS network calls at once
# (a network that records in the database also holds a connection per call thread).
PUBLISH_MESSAGE_BATCH = env_int("PUBLISH_MESSAGE_BATCH", 32)
PUBLISH_CALL_THREADS = env_int("PUBLISH_CALL_THREADS", 32)
# How long a publish task waits for its calls; a call still running then records
# its own outcome. Below the soft time limit, which the prefork pool enforces.
PUBLISH_CALL_WAIT = env_float("PUBLISH_CALL_WAIT", CELERY_TASK_SOFT_TIME_LIMIT - 5)
if not 0 < PUBLISH_CALL_WAIT < CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("PUBLISH_CALL_WAIT must be positive and below CELERY_TASK_SOFT_TIME_LIMIT")

# --- Retries ----------------------------------------------------------------------
PUBLISH_MAX_ATTEMPTS = env_int("PUBLISH_MAX_ATTEMPTS", 5)
# Exponential backoff between retryable failures: base * 2^(attempt-1), capped, with jitter.
PUBLISH_RETRY_BASE_SECONDS = env_float("PUBLISH_RETRY_BASE_SECONDS", 30.0)
PUBLISH_RETRY_MAX_SECONDS = env_float("PUBLISH_RETRY_MAX_SECONDS", 3600.0)
# A delivery due longer ago than this (the system was down) fails with "missed its window".
PUBLISH_LATENESS_WINDOW = env_float("PUBLISH_LATENESS_WINDOW", 900.0)

# --- Reaper -----------------------------------------------------------------------
# A queued delivery whose task has not started after this long is enqueued again (lost message).
PUBLISH_QUEUED_TIMEOUT = env_float("PUBLISH_QUEUED_TIMEOUT", 120.0)
# A delivery publishing for longer than this (its worker died) becomes `unknown`;
# longer than the task's hard time limit, so a live call is never reaped.
PUBLISH_STUCK_TIMEOUT = env_float("PUBLISH_STUCK_TIMEOUT", CELERY_TASK_TIME_LIMIT + 60)
PUBLISH_REAPER_INTERVAL = env_float("PUBLISH_REAPER_INTERVAL", 30.0)
if PUBLISH_STUCK_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("PUBLISH_STUCK_TIMEOUT must be longer than CELERY_TASK_TIME_LIMIT")

# --- Verification -----------------------------------------------------------------
# Seconds between verification sweeps, and between two lookups of one delivery.
PUBLISH_VERIFY_INTERVAL = env_float("PUBLISH_VERIFY_INTERVAL", 30.0)
# Seconds past the network's `visible_after` that a publication may still take to
# show: not shown by then, it is flagged `missing` (an unknown one: not published).
PUBLISH_VERIFY_PATIENCE = env_float("PUBLISH_VERIFY_PATIENCE", 600.0)
# Most deliveries looked up per network per sweep.
PUBLISH_VERIFY_BATCH = env_int("PUBLISH_VERIFY_BATCH", 100)

# --- Uploads ----------------------------------------------------------------------
# Per-kind size limits in bytes (over them: 413 naming the limit).
MEDIA_MAX_IMAGE_BYTES = env_int("MEDIA_MAX_IMAGE_BYTES", 8 * 1024 * 1024)
MEDIA_MAX_VIDEO_BYTES = env_int("MEDIA_MAX_VIDEO_BYTES", 100 * 1024 * 1024)
# Most pixels an image may have (over them: 400 naming the limit). The default is the
# most that every publishing network accepts (the strictest one's limit); Pillow's
# decompression-bomb guard follows it, so nothing decodes a larger image.
MEDIA_MAX_IMAGE_PIXELS = env_int("MEDIA_MAX_IMAGE_PIXELS", 36_152_320)
# Bytes of media each user may keep (over them: 413 naming the limit); 0 means no quota.
MEDIA_USER_QUOTA_BYTES = env_int("MEDIA_USER_QUOTA_BYTES", 2 * 1024 * 1024 * 1024)

# --- Entries of CELERY_BEAT_SCHEDULE (beat.py) --------------------------------------
beat_schedule = {
    "posts.dispatch_due": {
        "task": "posts.dispatch_due",
        "schedule": PUBLISH_DISPATCH_INTERVAL,
        # A tick that waited this long behind other work is dropped: the next one replaces it.
        # (`expire_seconds` is how django-celery-beat's scheduler passes `expires`.)
        "options": {"expire_seconds": max(5, round(5 * PUBLISH_DISPATCH_INTERVAL))},
    },
    "posts.reap_stuck": {
        "task": "posts.reap_stuck",
        "schedule": PUBLISH_REAPER_INTERVAL,
        "options": {"expire_seconds": max(1, round(PUBLISH_REAPER_INTERVAL))},
    },
    "posts.verify_due": {
        "task": "posts.verify_due",
        "schedule": PUBLISH_VERIFY_INTERVAL,
        "options": {"expire_seconds": max(1, round(PUBLISH_VERIFY_INTERVAL))},
    },
}
