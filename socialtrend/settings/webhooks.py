"""Outgoing webhooks: call deadline, attempts and backoff, private targets, test sends.

`beat_schedule` holds the retry sweep's entry of CELERY_BEAT_SCHEDULE (beat.py).
"""

from socialtrend.env import env_bool, env_float, env_int, env_str

# Seconds one attempt may take in all: connecting, sending and reading the answer.
WEBHOOK_TIMEOUT = env_float("WEBHOOK_TIMEOUT", 10.0)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_BACKOFF_BASE = env_float("WEBHOOK_BACKOFF_BASE", 30.0)
# Only for development and tests: let webhooks reach private and loopback addresses.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
# Test events one user may send (POST /webhooks/{id}/test/), as a DRF rate: N/sec, N/min, N/hour.
WEBHOOK_TEST_RATE = env_str("WEBHOOK_TEST_RATE", "5/min")

beat_schedule = {
    "webhooks-retry-due": {
        "task": "webhooks.tasks.webhook_deliveries_retry_due",
        "schedule": 30.0,
    },
}
