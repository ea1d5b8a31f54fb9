"""Webhooks listen to the apps below them: delivery outcomes and expired accounts become events."""

from django.dispatch import receiver

from accounts.models import SocialAccount
from accounts.signals import social_account_expired
from posts.signals import delivery_outcomes_committed
from webhooks import services


@receiver(delivery_outcomes_committed)
def announce_delivery_outcomes(*, delivery_ids: list[int], owner_ids: set[int], **kwargs) -> None:
    services.delivery_outcomes_announce(delivery_ids=delivery_ids, owner_ids=owner_ids)


@receiver(social_account_expired, sender=SocialAccount)
def announce_expired_account(*, account: SocialAccount, reason: str, newly: bool, **kwargs) -> None:
    """Tell the owner's webhooks, once, that a person must reconnect this account."""
    if newly:
        services.account_expired_announce(account=account, reason=reason)
