"""The daily prune forgets refresh tokens past their expiry: each rotation adds a row."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from socialtrend import retention
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def token(user, *, expires_in: timedelta, jti: str) -> OutstandingToken:
    now = timezone.now()
    return OutstandingToken.objects.create(
        user=user, jti=jti, token=f"token-{jti}", created_at=now - timedelta(days=8), expires_at=now + expires_in
    )


def test_expired_refresh_tokens_and_their_blacklist_rows_are_pruned():
    user = UserFactory()
    expired = token(user, expires_in=-timedelta(hours=1), jti="expired")
    BlacklistedToken.objects.create(token=token(user, expires_in=-timedelta(days=1), jti="expired-blacklisted"))
    alive = token(user, expires_in=timedelta(days=6), jti="alive")
    BlacklistedToken.objects.create(token=alive)

    deleted = retention.prune_all(older_than_days=30)

    assert deleted["token_blacklist.OutstandingToken"] == 2
    assert deleted["token_blacklist.BlacklistedToken"] == 1
    assert list(OutstandingToken.objects.all()) == [alive]
    assert not OutstandingToken.objects.filter(pk=expired.pk).exists()
    assert BlacklistedToken.objects.get().token == alive  # a revoked token that still could be presented stays
