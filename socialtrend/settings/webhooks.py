"""Outgoing webhooks: call timeout, attempts and backoff, private targets.

`beat_schedule` holds the retry sweep's entry of CELERY_BEAT_SCHEDULE (beat.py).
"""

from socialtrend.env import env_bool, env_float, env_int

WEBHOOK_TIMEOUT = env_float("WEBHOOK_TIMEOUT", 10.0)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_BACKOFF_BASE = env_float("WEBHOOK_BACKOFF_BASE", 30.0)
# Only for development and tests: let webhooks reach private and loopback addresses.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)

beat_schedule = {
    "webhooks-retry-due": {
        "task": "webhooks.tasks.webhook_deliveries_retry_due",
        "schedule": 30.0,
    },
}
