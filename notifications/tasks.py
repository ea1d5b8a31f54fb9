"""Celery wrappers over the notification services."""

from celery import shared_task

from notifications import services


@shared_task(name="notifications.email_send")
def notification_email_send(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@shared_task(name="notifications.tokens_expiring")
def tokens_expiring() -> int:
    return services.tokens_expiring_notify()


@shared_task(name="notifications.weekly_summaries")
def weekly_summaries() -> int:
    return services.weekly_summaries_notify()
