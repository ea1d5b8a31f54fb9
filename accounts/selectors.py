"""Read queries for users' connected social accounts and the sign-ins waiting for their pick."""

import json
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import PendingConnection, SocialAccount, User
from networks.oauth import Identity, Profile, TokenSet
from socialtrend.errors import NotFoundError


def social_account_list(*, owner: User) -> QuerySet[SocialAccount]:
    """The owner's accounts; disconnected (revoked) ones are history, not listed."""
    return SocialAccount.objects.filter(owner=owner).exclude(status=SocialAccount.Status.REVOKED)


def social_account_get(*, owner: User, pk: int) -> SocialAccount:
    account = social_account_list(owner=owner).filter(pk=pk).first()
    if account is None:
        raise NotFoundError("No such social account.")
    return account


def pending_connection_get(*, owner: User, pk: UUID) -> PendingConnection:
    pending = PendingConnection.objects.filter(pk=pk, owner=owner, expires_at__gt=timezone.now()).first()
    if pending is None:
        raise NotFoundError("This choice of accounts expired or was already made. Connect again.")
    return pending


@dataclass(frozen=True)
class Choice:
    """One identity of a pending connection, as the picker shows it (no tokens)."""

    identity: Identity
    expires_at: datetime | None

    @property
    def remote_id(self) -> str:
        return self.identity.profile.remote_id


def pending_connection_choices(pending: PendingConnection) -> list[Choice]:
    choices = []
    for item in json.loads(pending.choices):
        tokens = TokenSet(access_token=item["access_token"], refresh_token=item["refresh_token"], scopes=item["scopes"])
        expires_at = datetime.fromisoformat(item["expires_at"]) if item["expires_at"] else None
        choices.append(
            Choice(Identity(profile=Profile(**item["profile"]), tokens=tokens, kind=item["kind"]), expires_at)
        )
    return choices


def connected_remote_ids(*, owner: User, network: str) -> set[str]:
    """The owner's active accounts of a network, by remote id: the picker marks them."""
    return set(
        SocialAccount.objects.filter(owner=owner, network=network, status=SocialAccount.Status.ACTIVE).values_list(
            "remote_id", flat=True
        )
    )
