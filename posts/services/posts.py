"""Compose, edit, reschedule, publish now and cancel posts.

A post fans out into one delivery per account. Edits are allowed only while
no delivery has started; the deliveries are locked while they are checked, so
a dispatcher tick cannot claim one halfway through an edit.
"""

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import SocialAccount, User
from posts.models import Delivery, Media, Post, PostMedia
from posts.services import deliveries as delivery_services
from posts.services.validation import validate_for_networks
from socialtrend.errors import ApplicationError, ConflictError
from socialtrend.humanize import human_time

S = Delivery.Status
UNSET: Any = object()
ACCOUNT_KEY = re.compile(r"[0-9]{1,18}")


def post_create(
    *,
    owner: User,
    account_ids: Sequence[int],
    caption: str = "",
    media_ids: Sequence[int] = (),
    scheduled_at: datetime | None = None,
    variants: Mapping[str, str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    publish_now: bool = False,
) -> Post:
    now = timezone.now()
    due = now if publish_now else _future_or_none(scheduled_at, now, owner)
    accounts = _owned_accounts(owner, account_ids)
    media = _owned_media(owner, media_ids)
    variants_by_account = _per_account(variants or {}, accounts, "variants")
    options_by_account = _per_account(options or {}, accounts, "options")
    validate_for_networks(
        accounts=accounts,
        caption=caption,
        variants=variants_by_account,
        options=options_by_account,
        media_kinds=[m.kind for m in media],
    )
    with transaction.atomic():
        post = Post.objects.create(owner=owner, caption=caption, scheduled_at=due)
        _set_media(post, media)
        Delivery.objects.bulk_create(
            Delivery(
                post=post,
                account=account,
                network=account.network,
                caption=variants_by_account.get(account.pk, ""),
                options=dict(options_by_account.get(account.pk, {})),
                due_at=due,
            )
            for account in accounts
        )
    return post


def post_update(
    *,
    post: Post,
    caption: str | None = None,
    media_ids: Sequence[int] | None = None,
    account_ids: Sequence[int] | None = None,
    scheduled_at: datetime | None = UNSET,
    variants: Mapping[str, str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Post:
    """Edit or reschedule; `scheduled_at=None` makes it a draft again. 409 once any delivery started.

    An account taken off the post loses its delivery (it never started: no attempt, no
    event, nothing to keep), so the post's deliveries are always exactly its accounts;
    an account put on it gets a new one.
    """
    now = timezone.now()
    with transaction.atomic():
        current = _lock_unstarted_deliveries(post)
        by_account = {d.account_id: d for d in current}
        caption = post.caption if caption is None else caption
        due = post.scheduled_at if scheduled_at is UNSET else _future_or_none(scheduled_at, now, post.owner)
        accounts = _owned_accounts(post.owner, account_ids) if account_ids is not None else [d.account for d in current]
        media = _owned_media(post.owner, media_ids) if media_ids is not None else list(_post_media(post))
        variants_by_account = (
            _per_account(variants, accounts, "variants")
            if variants is not None
            else {pk: d.caption for pk, d in by_account.items() if d.caption}
        )
        options_by_account = (
            _per_account(options, accounts, "options")
            if options is not None
            else {pk: d.options for pk, d in by_account.items() if d.options}
        )
        validate_for_networks(
            accounts=accounts,
            caption=caption,
            variants=variants_by_account,
            options=options_by_account,
            media_kinds=[m.kind for m in media],
        )
        post.caption, post.scheduled_at = caption, due
        post.save(update_fields=["caption", "scheduled_at", "updated_at"])
        if media_ids is not None:
            post.post_media.all().delete()
            _set_media(post, media)
        keep = {a.pk for a in accounts}
        Delivery.objects.filter(post=post).exclude(account_id__in=keep).delete()
        for account in accounts:
            fields = {
                "caption": variants_by_account.get(account.pk, ""),
                "options": dict(options_by_account.get(account.pk, {})),
                "due_at": due,
                "status": S.PENDING,
            }
            Delivery.objects.update_or_create(
                post=post, account=account, defaults=fields, create_defaults={**fields, "network": account.network}
            )
    return post


def post_publish_now(*, post: Post) -> Post:
    now = timezone.now()
    with transaction.atomic():
        waiting = [d.pk for d in _lock_unstarted_deliveries(post) if d.status == S.PENDING]
        if not waiting:
            raise ConflictError("This post has no delivery waiting to be published.")
        Delivery.objects.filter(pk__in=waiting, status=S.PENDING).update(due_at=now, updated_at=now)
        post.scheduled_at = now
        post.save(update_fields=["scheduled_at", "updated_at"])
    return post


def post_cancel(*, post: Post, reason: str = "Cancelled by the user.") -> int:
    """Cancel every delivery that has not reached a worker; 409 when none is left."""
    cancelled = delivery_services.deliveries_cancel_not_started(post.deliveries.all(), reason=reason)
    if not cancelled:
        raise ConflictError("Nothing left to cancel: every delivery has started or ended.")
    return cancelled


def _lock_unstarted_deliveries(post: Post) -> list[Delivery]:
    deliveries = list(post.deliveries.select_for_update(of=("self",)).select_related("account"))
    if deliveries and all(d.status == S.CANCELLED for d in deliveries):
        raise ConflictError("This post was cancelled; duplicate it to schedule it again.")
    if any(d.status != S.PENDING or d.attempts for d in deliveries):
        raise ConflictError("Publishing has started or ended for this post; it can no longer be changed.")
    return deliveries


def _future_or_none(scheduled_at: datetime | None, now: datetime, owner: User) -> datetime | None:
    if scheduled_at is not None and scheduled_at < now:
        when = human_time(scheduled_at, owner.timezone)
        raise ApplicationError(f"{when} is in the past; choose a later time or publish now.", field="scheduled_at")
    return scheduled_at


def _owned_accounts(owner: User, account_ids: Sequence[int]) -> list[SocialAccount]:
    if not account_ids:
        raise ApplicationError("Choose at least one account.", field="account_ids")
    if len(set(account_ids)) != len(account_ids):
        raise ApplicationError("An account is listed twice.", field="account_ids")
    found = SocialAccount.objects.filter(owner=owner, pk__in=account_ids).in_bulk()
    missing = [pk for pk in account_ids if pk not in found or found[pk].status == SocialAccount.Status.REVOKED]
    if missing:
        raise ApplicationError(f"No connected account with id {missing[0]}.", field="account_ids")
    inactive = [found[pk] for pk in account_ids if not found[pk].is_active]
    if inactive:
        raise ApplicationError(f"{inactive[0]} is {inactive[0].status}; reconnect it first.", field="account_ids")
    return [found[pk] for pk in account_ids]


def _owned_media(owner: User, media_ids: Sequence[int]) -> list[Media]:
    if len(set(media_ids)) != len(media_ids):
        raise ApplicationError("A media item is listed twice.", field="media_ids")
    found = Media.objects.filter(owner=owner, pk__in=media_ids).in_bulk()
    missing = [pk for pk in media_ids if pk not in found]
    if missing:
        raise ApplicationError(f"No media with id {missing[0]}.", field="media_ids")
    return [found[pk] for pk in media_ids]


def _per_account(values: Mapping[str, Any], accounts: Sequence[SocialAccount], field: str) -> dict[int, Any]:
    """Keys of `variants` / `options` are account ids (strings in JSON) among the post's accounts."""
    chosen = {a.pk for a in accounts}
    result: dict[int, Any] = {}
    for key, value in values.items():
        # ASCII digits only: str.isdigit() also takes "²" and "①", which int() refuses,
        # and a fullwidth "1" or an Arabic-Indic "٣", which it reads as 1 and 3.
        pk = int(key) if ACCOUNT_KEY.fullmatch(str(key)) else None
        if pk not in chosen:
            raise ApplicationError(f"{key} is not one of this post's account_ids.", field=f"{field}.{key}")
        result[pk] = value
    return result


def _set_media(post: Post, media: Sequence[Media]) -> None:
    PostMedia.objects.bulk_create(PostMedia(post=post, media=m, position=i) for i, m in enumerate(media))


def _post_media(post: Post):
    return post.media.order_by("post_media__position")
