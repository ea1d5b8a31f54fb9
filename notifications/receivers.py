"""Notifications listen to the apps below them, as webhooks do: delivery outcomes and
checks, and expired accounts, become notifications (posts and accounts never import this app).

A receiver's failure is logged and swallowed: telling a person must never disturb publishing.
"""

import logging

from django.dispatch import receiver

from accounts.models import SocialAccount
from accounts.signals import social_account_expired
from notifications import services
from posts.signals import delivery_checks_committed, delivery_outcomes_committed

logger = logging.getLogger(__name__)


@receiver(delivery_outcomes_committed, dispatch_uid="notifications.delivery_outcomes")
def notify_delivery_outcomes(*, delivery_ids: list[int], **kwargs) -> None:
    try:
        services.deliveries_outcomes_notify(delivery_ids=delivery_ids)
    except Exception:
        logger.exception("could not notify about the outcomes of deliveries %s", delivery_ids)


@receiver(delivery_checks_committed, dispatch_uid="notifications.delivery_checks")
def notify_delivery_checks(*, delivery_ids: list[int], **kwargs) -> None:
    try:
        services.deliveries_checks_notify(delivery_ids=delivery_ids)
    except Exception:
        logger.exception("could not notify about the checks of deliveries %s", delivery_ids)


@receiver(social_account_expired, sender=SocialAccount, dispatch_uid="notifications.account_expired")
def notify_expired_account(*, account: SocialAccount, reason: str, newly: bool, **kwargs) -> None:
    if newly:
        services.account_expired_notify(account=account, reason=reason)
