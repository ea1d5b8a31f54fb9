"""Reads of a person's notifications."""

from django.db.models import QuerySet

from accounts.models import User
from notifications.models import Notification
from socialtrend.errors import NotFoundError


def notification_list(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(owner=user)
    return notifications.filter(read_at__isnull=True) if unread else notifications


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(owner=user, read_at__isnull=True).count()


def notification_get(*, user: User, pk: int) -> Notification:
    notification = Notification.objects.filter(owner=user, pk=pk).first()
    if notification is None:
        raise NotFoundError("No such notification.")
    return notification
