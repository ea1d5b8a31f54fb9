"""Notifications: e-mail through Django's e-mail framework, and the warnings' timing.

The embedded default prints e-mails on the console; set EMAIL_BACKEND to
`django.core.mail.backends.smtp.EmailBackend` and the EMAIL_* variables for SMTP.
`beat_schedule` holds the two sweeps' entries of CELERY_BEAT_SCHEDULE (beat.py).
"""

from celery.schedules import crontab

from socialtrend.env import env_bool, env_float, env_int, env_str

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
# Seconds an SMTP connection may take; without it a dead server would hold a worker.
EMAIL_TIMEOUT = env_float("EMAIL_TIMEOUT", 10.0)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SocialTrend <noreply@socialtrend.local>")
# The SPA's address, for the links in e-mails.
NOTIFY_APP_URL = env_str("NOTIFY_APP_URL", "http://localhost:8000")
# An account whose sign-in expires within this many days is announced (daily sweep).
NOTIFY_TOKEN_EXPIRY_DAYS = env_int("NOTIFY_TOKEN_EXPIRY_DAYS", 7)

beat_schedule = {
    "notifications.tokens_expiring": {"task": "notifications.tokens_expiring", "schedule": crontab(hour=7, minute=0)},
    "notifications.weekly_summaries": {
        "task": "notifications.weekly_summaries",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
}
