"""Planning: how far ahead recurring posts are created, and how often the series are extended.

`beat_schedule` holds the extension's entry of CELERY_BEAT_SCHEDULE (beat.py).
"""

from django.core.exceptions import ImproperlyConfigured

from socialtrend.env import env_float, env_int

# Occurrences of a recurring post exist as posts this many days ahead (the calendar shows them).
SERIES_HORIZON_DAYS = env_int("SERIES_HORIZON_DAYS", 30)
if not 1 <= SERIES_HORIZON_DAYS <= 366:
    raise ImproperlyConfigured(f"SERIES_HORIZON_DAYS must be 1 to 366 days, got {SERIES_HORIZON_DAYS}")

beat_schedule = {
    "planning-extend-series": {
        "task": "planning.extend_series",
        "schedule": env_float("SERIES_EXTEND_INTERVAL", 3600.0),
    },
}
