"""Retention: how many days each kind of record is kept before the prune deletes it
(0 keeps it for ever), and how often the prune runs.

`beat_schedule` holds the prune's entry of CELERY_BEAT_SCHEDULE (beat.py).
"""

from django.core.exceptions import ImproperlyConfigured

from socialtrend.env import env_float, env_int

# Webhook events with their deliveries and attempts (an event with a delivery still pending is kept).
WEBHOOK_RETENTION_DAYS = env_int("WEBHOOK_RETENTION_DAYS", 30)
# Caption requests: each user's caption history (the daily quota only counts today's).
CAPTION_RETENTION_DAYS = env_int("CAPTION_RETENTION_DAYS", 365)
for _name in ("WEBHOOK_RETENTION_DAYS", "CAPTION_RETENTION_DAYS"):
    if globals()[_name] < 0:
        raise ImproperlyConfigured(f"{_name} must be 0 (keep for ever) or a number of days, got {globals()[_name]}")

beat_schedule = {
    "retention-prune": {
        "task": "socialtrend.prune",
        "schedule": env_float("RETENTION_PRUNE_INTERVAL", 24 * 3600.0),
    },
}
