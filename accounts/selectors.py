"""Read queries for users' connected social accounts."""

from django.db.models import QuerySet

from accounts.models import SocialAccount, User
from socialtrend.errors import NotFoundError


def social_account_list(*, owner: User) -> QuerySet[SocialAccount]:
    """The owner's accounts; disconnected (revoked) ones are history, not listed."""
    return SocialAccount.objects.filter(owner=owner).exclude(status=SocialAccount.Status.REVOKED)


def social_account_get(*, owner: User, pk: int) -> SocialAccount:
    account = social_account_list(owner=owner).filter(pk=pk).first()
    if account is None:
        raise NotFoundError("No such social account.")
    return account
