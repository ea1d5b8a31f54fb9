"""The queue through its services and API: placing, ordering, pausing, slots edited."""

import random
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from planning import selectors
from planning.models import QueueEntry
from planning.services import queue as queue_services
from posts.models import Delivery, Post
from posts.services import posts as post_services
from socialtrend.errors import ApplicationError, ConflictError
from tests.factories import SocialAccountFactory, UserFactory

pytestmark = pytest.mark.django_db
WEEKDAY_SLOTS = 15  # the default: Monday to Friday at 09:00, 12:30 and 17:00


def draft(owner, *accounts, caption: str = "Queued") -> Post:
    return post_services.post_create(owner=owner, account_ids=[a.pk for a in accounts], caption=caption)


def refreshed(post: Post) -> Post:
    return Post.objects.get(pk=post.pk)


def local_slot(post: Post, zone: str) -> tuple[int, time]:
    local = refreshed(post).scheduled_at.astimezone(ZoneInfo(zone))
    return local.weekday(), time(local.hour, local.minute)


@pytest.fixture
def owner():
    return UserFactory(timezone="Europe/Paris")


@pytest.fixture
def account(owner):
    return SocialAccountFactory(owner=owner)


def test_a_queue_fills_a_week_of_default_slots_in_order_then_the_next_week(owner, account):
    posts = [queue_services.queue_add(post=draft(owner, account)) for _ in range(WEEKDAY_SLOTS + 1)]
    times = [refreshed(p).scheduled_at for p in posts]
    assert times == sorted(times) and len(set(times)) == len(times)
    default = set(selectors.slots_of(account))
    assert all(local_slot(p, owner.timezone) in default for p in posts)
    assert times[-1] - times[0] >= timedelta(days=7)  # 15 slots a week: the 16th waits a week
    # Every delivery carries the post's time: the pipeline publishes them like any scheduled post.
    assert set(Delivery.objects.values_list("due_at", flat=True)) == set(times)


def test_a_slot_already_taken_by_a_post_scheduled_by_hand_is_skipped(owner, account):
    next_slot = selectors.free_times(account, after=timezone.now(), count=1)[0]
    by_hand = post_services.post_create(owner=owner, account_ids=[account.pk], caption="Mine", scheduled_at=next_slot)
    queued = queue_services.queue_add(post=draft(owner, account))
    assert refreshed(by_hand).scheduled_at == next_slot
    assert refreshed(queued).scheduled_at > next_slot


def test_a_post_on_two_accounts_takes_the_first_slot_free_on_both(owner, account):
    other = SocialAccountFactory(owner=owner)
    first_free = selectors.free_times(account, after=timezone.now(), count=2)
    post_services.post_create(owner=owner, account_ids=[other.pk], caption="Busy", scheduled_at=first_free[0])
    both = queue_services.queue_add(post=draft(owner, account, other))
    assert refreshed(both).scheduled_at == first_free[1]


def test_accounts_that_share_no_slot_are_told_so_and_the_post_stays_a_draft(owner, account):
    other = SocialAccountFactory(owner=owner)
    queue_services.slots_set(account=account, slots=[(0, time(9))])
    queue_services.slots_set(account=other, slots=[(1, time(9))])
    post = draft(owner, account, other)
    with pytest.raises(ApplicationError) as refused:
        queue_services.queue_add(post=post)
    assert "share no posting slot" in refused.value.message and "account_ids" in refused.value.errors
    assert refreshed(post).scheduled_at is None and not QueueEntry.objects.exists()


def test_a_post_whose_publishing_started_cannot_be_queued(owner, account):
    post = draft(owner, account)
    Delivery.objects.filter(post=post).update(status=Delivery.Status.PUBLISHING, started_at=timezone.now())
    with pytest.raises(ConflictError):
        queue_services.queue_add(post=post)
    assert not QueueEntry.objects.exists()


def test_reorder_hands_the_same_times_out_in_the_new_order(owner, account):
    posts = [queue_services.queue_add(post=draft(owner, account, caption=f"P{i}")) for i in range(3)]
    times = [refreshed(p).scheduled_at for p in posts]
    moved = queue_services.queue_reorder(account=account, post_ids=[posts[2].pk, posts[0].pk, posts[1].pk])
    assert moved == 3
    assert [refreshed(p).scheduled_at for p in (posts[2], posts[0], posts[1])] == times


def test_reorder_with_a_stale_list_changes_nothing(owner, account):
    posts = [queue_services.queue_add(post=draft(owner, account)) for _ in range(2)]
    times = [refreshed(p).scheduled_at for p in posts]
    with pytest.raises(ConflictError):
        queue_services.queue_reorder(account=account, post_ids=[posts[1].pk])
    assert [refreshed(p).scheduled_at for p in posts] == times


def test_shuffle_keeps_the_set_of_times(owner, account):
    posts = [queue_services.queue_add(post=draft(owner, account)) for _ in range(6)]
    before = sorted(refreshed(p).scheduled_at for p in posts)
    queue_services.queue_shuffle(account=account, rng=random.Random(7))
    after = [refreshed(p).scheduled_at for p in posts]
    assert sorted(after) == before and after != before


def test_a_paused_queue_sends_nothing_keeps_its_order_and_resumes_in_order(owner, account):
    posts = [queue_services.queue_add(post=draft(owner, account, caption=f"P{i}")) for i in range(3)]
    assert queue_services.queue_pause(account=account) == 3
    assert not Delivery.objects.filter(due_at__isnull=False).exists()  # nothing can be dispatched
    late = queue_services.queue_add(post=draft(owner, account, caption="Added while paused"))
    assert refreshed(late).scheduled_at is None
    with pytest.raises(ConflictError):
        queue_services.queue_pause(account=account)

    assert queue_services.queue_resume(account=account) == 4
    times = [refreshed(p).scheduled_at for p in [*posts, late]]
    assert times == sorted(times) and None not in times
    assert [e.post.caption for e in selectors.queue_entries(account)] == ["P0", "P1", "P2", "Added while paused"]


def test_removing_a_slot_moves_nothing_until_asked(owner, account):
    queue_services.slots_set(account=account, slots=[(0, time(9)), (2, time(9))])
    posts = [queue_services.queue_add(post=draft(owner, account)) for _ in range(2)]
    on_monday = next(p for p in posts if local_slot(p, owner.timezone)[0] == 0)
    kept_time = refreshed(on_monday).scheduled_at

    queue_services.slots_set(account=account, slots=[(2, time(9)), (4, time(9))])
    assert refreshed(on_monday).scheduled_at == kept_time
    view = selectors.queue_view(account, now=timezone.now())
    assert [e["on_slot"] for e in view["entries"] if e["post_id"] == on_monday.pk] == [False]

    assert queue_services.queue_reslot(account=account) == 1
    assert local_slot(on_monday, owner.timezone) in {(2, time(9)), (4, time(9))}


def test_slots_listed_twice_are_refused(account):
    with pytest.raises(ApplicationError) as refused:
        queue_services.slots_set(account=account, slots=[(0, time(9)), (0, time(9))])
    assert refused.value.errors == {"slots": ["Monday 09:00 is listed twice."]}


def test_the_default_slots_come_from_the_network_until_the_person_saves_some(account):
    assert selectors.slots_are_default(account)
    assert len(selectors.slots_of(account)) == WEEKDAY_SLOTS
    queue_services.slots_set(account=account, slots=[])
    assert not selectors.slots_are_default(account) and selectors.slots_of(account) == []
