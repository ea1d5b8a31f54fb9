"""Celery beat: the scheduler and CELERY_BEAT_SCHEDULE, the one table of
periodic tasks, built from the entries each area declares in its module's
`beat_schedule` (publishing, networks, webhooks, notifications, trends, retention, planning).

The database scheduler copies these entries into django-celery-beat's tables,
where admins can tune them.
"""

from socialtrend.settings import networks, notifications, planning, publishing, retention, trends, webhooks

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    **publishing.beat_schedule,
    **networks.beat_schedule,
    **webhooks.beat_schedule,
    **notifications.beat_schedule,
    **trends.beat_schedule,
    **retention.beat_schedule,
    **planning.beat_schedule,
}
