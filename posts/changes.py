"""Whose posts changed: a token per owner, renewed once a change to their posts or
deliveries is committed.

Polled answers (the calendar, a post, the dashboard) build their ETag from the
token, so an unchanged poll reads one cache key instead of the database. The
token lives in the `changes` cache, which every process shares; it expires after
CHANGES_TOKEN_TTL seconds, so a change some code path forgot to announce still
shows within that time.
"""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from posts.models import Delivery


def token_key(owner_id: int) -> str:
    """The cache key of an owner's token."""
    return f"posts:changes:{owner_id}"


def owners_changed(owner_ids: Iterable[int]) -> None:
    """Renew these owners' tokens after the current transaction commits (at once outside one).

    After, not before: a poll between the two would read the old rows under the new token
    and keep them."""
    keys = {token_key(owner_id) for owner_id in owner_ids}
    if keys:
        transaction.on_commit(lambda: _renew(keys))


def deliveries_changed(delivery_ids: Iterable[int]) -> None:
    """The same for deliveries whose owners are not at hand (one query by primary key)."""
    ids = list(delivery_ids)
    if ids:
        owners_changed(
            Delivery.objects.filter(pk__in=ids).values_list("post__owner_id", flat=True).order_by().distinct()
        )


def change_token(*, owner_id: int) -> str:
    """The owner's current token; a missing one (expired, or never set) is made now."""
    changes, key = caches["changes"], token_key(owner_id)
    token = changes.get(key)
    if token is None:
        # add, not set: a renewal that lands meanwhile must win.
        changes.add(key, uuid.uuid4().hex, timeout=settings.CHANGES_TOKEN_TTL)
        token = changes.get(key)
    return token


def _renew(keys: set[str]) -> None:
    caches["changes"].set_many({key: uuid.uuid4().hex for key in keys}, timeout=settings.CHANGES_TOKEN_TTL)
