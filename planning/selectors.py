"""Read queries: an account's slots (stored or its network's default), its queue, its free slot times; series."""

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, rruleset

import networks
from accounts.models import SocialAccount, User
from planning.models import AccountQueue, PostingSlot, QueueEntry, Series
from posts.models import Delivery, Post
from posts.selectors import with_status
from socialtrend.errors import NotFoundError

Slot = tuple[int, time]  # (weekday, local wall time)


def slots_of(account: SocialAccount) -> list[Slot]:
    """The stored slots once the person saved some, else the network's default."""
    queue = AccountQueue.objects.filter(account=account).first()
    if queue is not None and queue.slots_saved:
        return list(PostingSlot.objects.filter(account=account).values_list("weekday", "time"))
    default = networks.get(account.network).posting_times
    return sorted((day, time.fromisoformat(at)) for day in default.days for at in default.times)


def slots_are_default(account: SocialAccount) -> bool:
    return not AccountQueue.objects.filter(account=account, slots_saved=True).exists()


def queue_paused(account: SocialAccount) -> bool:
    return AccountQueue.objects.filter(account=account, paused_at__isnull=False).exists()


def slot_times(slots: Sequence[Slot], *, timezone: str, after: datetime) -> Iterator[datetime]:
    """Every slot time strictly after `after`, in order, as aware datetimes.

    The rules run on local wall times, so a 09:00 slot stays 09:00 across
    daylight-saving changes. A slot in the hour skipped in spring lands an hour
    later on the clock (the same instant as the hour after); in autumn's repeated
    hour it takes the first of the two. Times are given in UTC.
    """
    if not slots:
        return
    zone = ZoneInfo(timezone)
    start = after.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    rules = rruleset()
    for at in sorted({at for _, at in slots}):
        days = sorted(day for day, slot_at in slots if slot_at == at)
        rules.rrule(rrule(WEEKLY, byweekday=days, byhour=at.hour, byminute=at.minute, bysecond=0, dtstart=start))
    for local in rules:
        when = local.replace(tzinfo=zone).astimezone(UTC)  # an imaginary local time becomes a real instant
        if when > after:
            yield when


def taken_times(accounts: Iterable[SocialAccount], *, after: datetime) -> set[tuple[int, datetime]]:
    """(account id, time) pairs already held by a post that has not been cancelled."""
    rows = (
        Delivery.objects.filter(account__in=list(accounts), post__scheduled_at__gt=after)
        .exclude(status=Delivery.Status.CANCELLED)
        .values_list("account_id", "post__scheduled_at")
    )
    return set(rows)


def queue_entries(account: SocialAccount) -> list[QueueEntry]:
    """The account's queued posts still waiting to go out, in queue order."""
    return list(
        QueueEntry.objects.filter(post__deliveries__account=account, post__deliveries__status=Delivery.Status.PENDING)
        .select_related("post")
        .prefetch_related("post__deliveries")
        .distinct()
        .order_by("order_at", "id")
    )


def on_slot(post: Post, slots: Iterable[Slot], timezone: str) -> bool:
    local = post.scheduled_at.astimezone(ZoneInfo(timezone))
    return (local.weekday(), time(local.hour, local.minute)) in set(slots)


def free_times(account: SocialAccount, *, after: datetime, count: int) -> list[datetime]:
    taken = {at for account_id, at in taken_times([account], after=after)}
    times = slot_times(slots_of(account), timezone=account.owner.timezone, after=after)
    return list(islice((at for at in times if at not in taken), count))


def queue_view(account: SocialAccount, *, now: datetime) -> dict:
    """What the queue page shows of one account."""
    slots = slots_of(account)
    zone = account.owner.timezone
    entries = queue_entries(account)
    return {
        "account_id": account.pk,
        "timezone": zone,
        "paused": queue_paused(account),
        "slots": [{"weekday": day, "time": at} for day, at in slots],
        "slots_are_default": slots_are_default(account),
        "next_free": free_times(account, after=now, count=5),
        "entries": [
            {
                "post_id": entry.post_id,
                "scheduled_at": entry.post.scheduled_at,
                "caption": entry.post.caption,
                "account_ids": sorted(
                    d.account_id for d in entry.post.deliveries.all() if d.status != Delivery.Status.CANCELLED
                ),
                "on_slot": entry.post.scheduled_at is None or on_slot(entry.post, slots, zone),
            }
            for entry in entries
        ],
    }


def _account_ids(post: Post) -> list[int]:
    return sorted(d.account_id for d in post.deliveries.all() if d.status != Delivery.Status.CANCELLED)


def series_get(*, owner: User, pk: int) -> Series:
    found = Series.objects.filter(owner=owner, pk=pk).first()
    if found is None:
        raise NotFoundError("No such series.")
    return found


def series_of_post(*, owner: User, post_id: int) -> list[Series]:
    return list(Series.objects.filter(owner=owner, occurrences__post_id=post_id))


def series_view(series: Series) -> dict:
    occurrences = list(series.occurrences.all())
    statuses = dict(
        with_status(Post.objects.filter(pk__in=[o.post_id for o in occurrences if o.post_id])).values_list(
            "id", "status"
        )
    )
    return {
        "id": series.pk,
        "rule": series.rule,
        "starts_at": series.starts_at,
        "timezone": series.timezone,
        "ended_at": series.ended_at,
        "last_error": series.last_error,
        "occurrences": [
            {"post_id": o.post_id, "at": o.at, "status": statuses.get(o.post_id, "deleted")} for o in occurrences
        ],
    }
