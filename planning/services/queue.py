"""Change slots and queues. Times are set through the posts services, so every
rule of editing a post (owner, limits, nothing started yet) holds for the queue too.

A post on several accounts takes the first time that is a free slot of all of
them: one post has one time, so its outcomes on every network appear together,
and "add to queue" never splits what the person composed as one post.
"""

import random
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import SocialAccount
from planning import selectors
from planning.models import AccountQueue, PostingSlot, QueueEntry
from planning.selectors import Slot
from posts.models import Delivery, Post
from posts.services import posts as post_services
from socialtrend.errors import ApplicationError, ConflictError

# How far ahead a free slot is looked for before the queue is called full.
SEARCH_HORIZON = timedelta(days=366)
MAX_SLOTS = 70


def slots_set(*, account: SocialAccount, slots: Sequence[Slot]) -> None:
    """Replace the account's weekly slots. Posts already placed keep their times
    (`queue_reslot` moves them, when the person asks)."""
    if len(slots) > MAX_SLOTS:
        raise ApplicationError(f"At most {MAX_SLOTS} slots a week.", field="slots")
    if len(set(slots)) != len(slots):
        day, at = next(slot for slot in slots if list(slots).count(slot) > 1)
        raise ApplicationError(f"{PostingSlot.Weekday(day).label} {at:%H:%M} is listed twice.", field="slots")
    with transaction.atomic():
        queue = _lock_queues([account])[0]
        PostingSlot.objects.filter(account=account).delete()
        PostingSlot.objects.bulk_create(PostingSlot(account=account, weekday=day, time=at) for day, at in slots)
        queue.slots_saved = True
        queue.save(update_fields=["slots_saved"])


def queue_add(*, post: Post) -> Post:
    """Place a draft or scheduled post in the next slot free on all its accounts."""
    accounts = _accounts_of(post)
    if QueueEntry.objects.filter(post=post).exists():
        raise ConflictError("This post is already in the queue.")
    now = timezone.now()
    with transaction.atomic():
        queues = _lock_queues(accounts)
        if any(queue.paused for queue in queues):
            post_services.post_update(post=post, scheduled_at=None)
            QueueEntry.objects.create(post=post, order_at=_after_last_entry(accounts, now))
            return post
        when = _first_free_time(accounts, after=now)
        post_services.post_update(post=post, scheduled_at=when)
        QueueEntry.objects.create(post=post, order_at=when)
    return post


def queue_reorder(*, account: SocialAccount, post_ids: Sequence[int]) -> int:
    """Give the account's scheduled queue the order `post_ids`: the same times, handed out in that order.
    A post on several accounts moves on all of them."""
    with transaction.atomic():
        _lock_queues([account])
        entries = _scheduled_entries(account)
        by_post = {entry.post_id: entry for entry in entries}
        if sorted(post_ids) != sorted(by_post):
            raise ConflictError("The queue changed meanwhile; reload it and try again.")
        return _assign_times([by_post[pk] for pk in post_ids], sorted(entry.post.scheduled_at for entry in entries))


def queue_shuffle(*, account: SocialAccount, rng: random.Random | None = None) -> int:
    with transaction.atomic():
        _lock_queues([account])
        entries = _scheduled_entries(account)
        order = list(entries)
        (rng or random.SystemRandom()).shuffle(order)
        return _assign_times(order, sorted(entry.post.scheduled_at for entry in entries))


def queue_pause(*, account: SocialAccount) -> int:
    """Stop the queue: its posts lose their times (nothing goes out) and keep their order."""
    with transaction.atomic():
        queue = _lock_queues([account])[0]
        if queue.paused:
            raise ConflictError("This queue is already paused.")
        queue.paused_at = timezone.now()
        queue.save(update_fields=["paused_at"])
        entries = _scheduled_entries(account)
        for entry in entries:
            post_services.post_update(post=entry.post, scheduled_at=None)
    return len(entries)


def queue_resume(*, account: SocialAccount) -> int:
    """Start the queue again: its waiting posts take the next free slots, in their order."""
    with transaction.atomic():
        queue = _lock_queues([account])[0]
        if not queue.paused:
            raise ConflictError("This queue is not paused.")
        queue.paused_at = None
        queue.save(update_fields=["paused_at"])
        waiting = [e for e in selectors.queue_entries(account) if e.post.scheduled_at is None]
        return _place(waiting)


def queue_reslot(*, account: SocialAccount) -> int:
    """Move the account's queued posts that no longer sit on one of its slots into the next free ones."""
    with transaction.atomic():
        _lock_queues([account])
        slots = selectors.slots_of(account)
        zone = account.owner.timezone
        off_slot = [e for e in _scheduled_entries(account) if not selectors.on_slot(e.post, slots, zone)]
        return _place(off_slot)


def _place(entries: Sequence[QueueEntry]) -> int:
    """Give each entry, in order, the first free slot of its accounts after the previous one's."""
    after = timezone.now()
    placed = 0
    for entry in entries:
        accounts = _accounts_of(entry.post)
        if any(selectors.queue_paused(account) for account in accounts):
            continue  # it waits for the other paused queue
        if entry.post.scheduled_at is not None:
            post_services.post_update(post=entry.post, scheduled_at=None)  # frees its old time
        after = _first_free_time(accounts, after=after)
        post_services.post_update(post=entry.post, scheduled_at=after)
        entry.order_at = after
        entry.save(update_fields=["order_at"])
        placed += 1
    return placed


def _assign_times(entries: Sequence[QueueEntry], times: Sequence[datetime]) -> int:
    moving = [(entry, at) for entry, at in zip(entries, times, strict=True) if entry.post.scheduled_at != at]
    for entry, _ in moving:  # free every time first: two posts may swap
        post_services.post_update(post=entry.post, scheduled_at=None)
    for entry, at in moving:
        post_services.post_update(post=entry.post, scheduled_at=at)
        entry.order_at = at
        entry.save(update_fields=["order_at"])
    return len(moving)


def _first_free_time(accounts: Sequence[SocialAccount], *, after: datetime) -> datetime:
    owner_zone = accounts[0].owner.timezone
    slots = [set(selectors.slots_of(account)) for account in accounts]
    common = sorted(set.intersection(*slots))
    if not common:
        names = ", ".join(str(account) for account in accounts)
        raise ApplicationError(
            f"{names} share no posting slot; add a common slot, or queue a post per account.", field="account_ids"
        )
    taken = selectors.taken_times(accounts, after=after)
    for when in selectors.slot_times(common, timezone=owner_zone, after=after):
        if when - after > SEARCH_HORIZON:
            break
        if all((account.pk, when) not in taken for account in accounts):
            return when
    raise ConflictError("Every posting slot of the coming year is taken; add slots to the queue.")


def _scheduled_entries(account: SocialAccount) -> list[QueueEntry]:
    return [entry for entry in selectors.queue_entries(account) if entry.post.scheduled_at is not None]


def _accounts_of(post: Post) -> list[SocialAccount]:
    deliveries = post.deliveries.exclude(status=Delivery.Status.CANCELLED).select_related("account__owner")
    accounts = [delivery.account for delivery in deliveries]
    if not accounts:
        raise ConflictError("This post has no account left to publish to.")
    return accounts


def _lock_queues(accounts: Iterable[SocialAccount]) -> list[AccountQueue]:
    """The accounts' queue rows, locked in id order: placements on one account run one at a time."""
    ids = sorted(account.pk for account in accounts)
    for pk in ids:
        AccountQueue.objects.get_or_create(account_id=pk)
    queues = AccountQueue.objects.select_for_update().filter(account_id__in=ids).order_by("account_id")
    return list(queues)


def _after_last_entry(accounts: Sequence[SocialAccount], now: datetime) -> datetime:
    last = QueueEntry.objects.filter(post__deliveries__account__in=accounts).order_by("-order_at").first()
    return max(now, last.order_at) + timedelta(seconds=1) if last else now
