"""Posts' side of what accounts announce: an account that goes away takes with it the
deliveries that have not reached a worker yet; one that expires pauses them until
it is reconnected."""

from django.dispatch import receiver

from accounts.models import SocialAccount
from accounts.signals import social_account_disconnected, social_account_expired, social_account_reconnected
from posts.services import deliveries


@receiver(social_account_disconnected, sender=SocialAccount)
def cancel_deliveries_of_disconnected(*, account: SocialAccount, reason: str, **kwargs) -> int:
    return deliveries.deliveries_cancel_for_account(account=account, reason=reason)


@receiver(social_account_expired, sender=SocialAccount)
def pause_deliveries_of_expired(*, account: SocialAccount, reason: str, **kwargs) -> int:
    return deliveries.deliveries_pause_for_account(account=account, reason=reason)


@receiver(social_account_reconnected, sender=SocialAccount)
def resume_deliveries_of_reconnected(*, account: SocialAccount, **kwargs) -> int:
    return deliveries.deliveries_resume_for_account(account=account)
