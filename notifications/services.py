"""Telling people what needs them: write a notification once per event, e-mail it if
they want, mark it read. The only code that changes notifications.

Events come from the apps below through their signals (`receivers`) and from
two beat sweeps (tokens about to expire, the weekly summary).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, DurationField, F, Q, Value
from django.utils import timezone

import networks
from accounts.models import SocialAccount, User
from notifications.models import Notification, NotificationPreference
from posts.models import Delivery
from socialtrend.errors import ApplicationError
from socialtrend.humanize import human_time

logger = logging.getLogger(__name__)

K = Notification.Kind
S = Delivery.Status


def notification_create(*, user: User, kind: str, key: str, title: str, body: str = "", link: str = "") -> bool:
    """Record one event for `user` as they asked (in the app, by e-mail, both or neither);
    False when it was already recorded or they want neither."""
    prefs = preferences_get(user=user)
    in_app, by_email = kind in prefs.in_app, kind in prefs.email and bool(user.email)
    if not (in_app or by_email):
        return False
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                owner=user,
                kind=kind,
                key=key[:100],
                title=title[:200],
                body=body,
                link=link[:200],
                # Kept for the e-mail's record, never shown as new in the app.
                read_at=None if in_app else timezone.now(),
            )
    except IntegrityError:
        return False  # this event was told already
    if by_email:
        transaction.on_commit(lambda: _enqueue_email(notification.pk))
    return True


def _enqueue_email(notification_id: int) -> None:
    from notifications.tasks import notification_email_send  # tasks import the services they wrap

    notification_email_send.delay(notification_id)


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's e-mail, once (claimed by stamping `emailed_at`)."""
    now = timezone.now()
    if not Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=now):
        return False
    notification = Notification.objects.select_related("owner").get(pk=notification_id)
    link = f"\n\n{settings.NOTIFY_APP_URL.rstrip('/')}{notification.link}" if notification.link else ""
    try:
        send_mail(
            subject=f"SocialTrend: {notification.title}",
            message=f"{notification.body}{link}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.owner.email],
        )
    except Exception:  # an unreachable SMTP server must not fail what raised the event
        logger.exception("could not e-mail notification %s", notification_id)
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        return False
    return True


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(owner=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_get(*, user: User) -> NotificationPreference:
    prefs = NotificationPreference.objects.filter(user=user).first()
    return prefs or NotificationPreference(user=user)


def preferences_update(*, user: User, in_app: list[str] | None = None, email: list[str] | None = None):
    for field, kinds in (("in_app", in_app), ("email", email)):
        unknown = sorted(set(kinds or []) - set(K.values))
        if unknown:
            raise ApplicationError(f'"{unknown[0]}" is not a kind of notification.', field=field)
    prefs = preferences_get(user=user)
    if in_app is not None:
        prefs.in_app = sorted(set(in_app))
    if email is not None:
        prefs.email = sorted(set(email))
    prefs.save()
    return prefs


# --- Events ------------------------------------------------------------------------------


def deliveries_outcomes_notify(*, delivery_ids: list[int]) -> int:
    """Failed deliveries, and publications that went out past their window. One query for
    a batch of plain successes (the publishing hot path announces every batch)."""
    late = Q(
        status=S.PUBLISHED,
        published_at__gt=F("post__scheduled_at") + Value(_lateness_window(), output_field=DurationField()),
    )
    told = 0
    for delivery in _deliveries(delivery_ids).filter(Q(status=S.FAILED) | late):
        if delivery.status == S.FAILED:
            told += notification_create(
                user=delivery.post.owner,
                kind=K.DELIVERY_FAILED,
                key=f"delivery_failed:{delivery.pk}:{delivery.finished_at:%Y%m%d%H%M%S}",
                title=f"A post to {_where(delivery)} failed",
                body=f"{_quote(delivery)}\n\n{delivery.last_error}",
                link=f"/posts/{delivery.post_id}",
            )
        else:
            told += _published_late(delivery)
    return told


def _lateness_window() -> timedelta:
    return timedelta(seconds=settings.PUBLISH_LATENESS_WINDOW)


def _published_late(delivery: Delivery) -> bool:
    owner = delivery.post.owner
    return notification_create(
        user=owner,
        kind=K.PUBLISHED_LATE,
        key=f"published_late:{delivery.pk}",
        title=f"A post to {_where(delivery)} went out late",
        body=(
            f"{_quote(delivery)}\n\nScheduled for {human_time(delivery.post.scheduled_at, owner.timezone)}, "
            f"published {human_time(delivery.published_at, owner.timezone)}."
        ),
        link=f"/posts/{delivery.post_id}",
    )


def deliveries_checks_notify(*, delivery_ids: list[int]) -> int:
    """Publications the network does not show, and unknown outcomes no lookup could settle."""
    told = 0
    for delivery in _deliveries(delivery_ids):
        missing = delivery.verification == Delivery.Verification.MISSING
        told += notification_create(
            user=delivery.post.owner,
            kind=K.DELIVERY_NEEDS_CHECK,
            key=f"delivery_needs_check:{delivery.pk}:{delivery.verification}",
            title=f"A post to {_where(delivery)} needs a check",
            body=(
                f"{_quote(delivery)}\n\n"
                + (
                    f"{networks.label(delivery.network)} does not show this publication any more."
                    if missing
                    else delivery.last_error
                )
            ),
            link=f"/posts/{delivery.post_id}",
        )
    return told


def account_expired_notify(*, account: SocialAccount, reason: str) -> bool:
    return notification_create(
        user=account.owner,
        kind=K.ACCOUNT_EXPIRED,
        key=f"account_expired:{account.pk}:{timezone.now():%Y%m%d%H%M}",
        title=f"Reconnect {account}",
        body=f"{reason}\n\nIts posts wait until it is reconnected.",
        link="/accounts",
    )


def tokens_expiring_notify(*, now: datetime | None = None) -> int:
    """Beat, daily: active accounts whose sign-in expires within NOTIFY_TOKEN_EXPIRY_DAYS."""
    now = now or timezone.now()
    soon = now + timedelta(days=settings.NOTIFY_TOKEN_EXPIRY_DAYS)
    told = 0
    accounts = SocialAccount.objects.filter(
        status=SocialAccount.Status.ACTIVE, token_expires_at__gt=now, token_expires_at__lte=soon
    ).select_related("owner")
    for account in accounts:
        told += notification_create(
            user=account.owner,
            kind=K.TOKEN_EXPIRING,
            key=f"token_expiring:{account.pk}:{account.token_expires_at:%Y%m%d}",
            title=f"{account}'s sign-in expires soon",
            body=(
                f"{networks.label(account.network)} ends SocialTrend's access to {account} on "
                f"{human_time(account.token_expires_at, account.owner.timezone)}. Reconnect it before then "
                "so its posts go out."
            ),
            link="/accounts",
        )
    return told


def weekly_summaries_notify(*, now: datetime | None = None) -> int:
    """Beat, weekly: what each person published (and what failed) in the last seven days."""
    now = now or timezone.now()
    week = now.isocalendar()
    since = now - timedelta(days=7)
    counts = (
        Delivery.objects.filter(finished_at__gte=since, status__in=[S.PUBLISHED, S.FAILED, S.UNKNOWN])
        .values("post__owner")
        .annotate(
            published=Count("pk", filter=Q(status=S.PUBLISHED)),
            failed=Count("pk", filter=Q(status=S.FAILED)),
            unknown=Count("pk", filter=Q(status=S.UNKNOWN)),
        )
        .order_by()
    )
    owners = User.objects.in_bulk([row["post__owner"] for row in counts])
    told = 0
    for row in counts:
        told += notification_create(
            user=owners[row["post__owner"]],
            kind=K.WEEKLY_SUMMARY,
            key=f"weekly_summary:{week.year}-W{week.week:02d}",
            title=f"Your week: {row['published']} published",
            body=(
                f"In the last seven days {row['published']} publications went out, {row['failed']} failed "
                f"and {row['unknown']} need a check."
            ),
            link="/",
        )
    return told


def _deliveries(ids: list[int]):
    return Delivery.objects.filter(pk__in=ids).select_related("post__owner", "account")


def _where(delivery: Delivery) -> str:
    return f"{networks.label(delivery.network)} ({delivery.account.handle})"


def _quote(delivery: Delivery) -> str:
    text = delivery.text
    return f"“{text[:120]}{'…' if len(text) > 120 else ''}”"
