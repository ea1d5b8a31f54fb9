"""Admin: moderators see everyone's deliveries and act on them through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from posts.models import Delivery, Post
from tests.factories import SocialAccountFactory, UserFactory
from tests.posts.helpers import make_post

pytestmark = pytest.mark.django_db

DELIVERIES = "/admin/posts/delivery/"


@pytest.fixture
def moderator_client(client):
    client.force_login(UserFactory(role=Role.MODERATOR))
    return client


def ended(status: str) -> Delivery:
    post = make_post(accounts=[SocialAccountFactory()])
    now = timezone.now()
    Delivery.objects.filter(post=post).update(status=status, last_error="boom", finished_at=now, published_at=now)
    return Delivery.objects.get(post=post)


def act(client, action: str, *deliveries: Delivery):
    return client.post(DELIVERIES, {"action": action, "_selected_action": [d.pk for d in deliveries]}, follow=True)


def test_moderator_lists_and_filters_everyones_deliveries(moderator_client):
    unknown, failed = ended("unknown"), ended("failed")

    everything = moderator_client.get(DELIVERIES)
    only_unknown = moderator_client.get(DELIVERIES, {"status__exact": "unknown"})
    by_network = moderator_client.get(DELIVERIES, {"network__exact": "x"})

    assert everything.status_code == 200
    assert {unknown.pk, failed.pk} <= {d.pk for d in everything.context["cl"].result_list}
    assert [d.pk for d in only_unknown.context["cl"].result_list] == [unknown.pk]
    assert list(by_network.context["cl"].result_list) == []


def test_moderator_sees_posts_with_their_status(moderator_client):
    delivery = ended("unknown")

    response = moderator_client.get("/admin/posts/post/", {"status": "needs_check"})

    assert [p.pk for p in response.context["cl"].result_list] == [delivery.post_id]
    assert moderator_client.get(f"/admin/posts/post/{delivery.post_id}/change/").status_code == 200


def test_retry_action_requeues_failed_and_counts_each_skip_by_reason(moderator_client):
    failed, unknown, published = ended("failed"), ended("unknown"), ended("published")

    response = act(moderator_client, "retry", failed, unknown, published)

    assert (
        "1 deliveries retried; skipped: 1 not failed or unknown, 1 unknown outcome, not confirmed."
        in response.content.decode()
    )
    assert [Delivery.objects.get(pk=d.pk).status for d in (failed, unknown, published)] == [
        "pending",
        "unknown",
        "published",
    ]


def test_confirmed_retry_action_requeues_an_unknown_delivery(moderator_client):
    unknown = ended("unknown")

    response = act(moderator_client, "retry_confirmed", unknown)

    assert "1 deliveries retried." in response.content.decode()
    assert Delivery.objects.get(pk=unknown.pk).status == "pending"


def test_retry_action_keeps_the_schedule_and_publish_now_does_not(moderator_client):
    later, now = ended("failed"), ended("failed")
    scheduled = timezone.now() + timedelta(days=9)
    Post.objects.filter(pk=later.post_id).update(scheduled_at=scheduled)
    Post.objects.filter(pk=now.post_id).update(scheduled_at=scheduled)

    act(moderator_client, "retry", later)
    act(moderator_client, "publish_now", now)

    assert Delivery.objects.get(pk=later.pk).due_at == scheduled
    assert Delivery.objects.get(pk=now.pk).due_at <= timezone.now()


def test_mark_failed_action_settles_an_unknown_delivery(moderator_client):
    unknown = ended("unknown")

    act(moderator_client, "mark_failed", unknown)

    delivery = Delivery.objects.get(pk=unknown.pk)
    assert delivery.status == "failed"
    assert delivery.last_error.startswith("Marked failed by")


def test_cancel_action_stops_a_pending_delivery(moderator_client):
    post = make_post(accounts=[SocialAccountFactory()])
    delivery = Delivery.objects.get(post=post)

    act(moderator_client, "cancel", delivery)

    assert Delivery.objects.get(pk=delivery.pk).status == "cancelled"


def test_social_account_admin_never_shows_tokens(moderator_client):
    account = SocialAccountFactory(access_token="very-secret-token")

    response = moderator_client.get(f"/admin/accounts/socialaccount/{account.pk}/change/")

    assert response.status_code == 200
    assert "very-secret-token" not in response.content.decode()


def test_plain_user_cannot_reach_delivery_admin(client):
    client.force_login(UserFactory())

    assert client.get(DELIVERIES).status_code == 302


def post_action(client, action: str, *posts):
    return client.post("/admin/posts/post/", {"action": action, "_selected_action": [p.pk for p in posts]}, follow=True)


def test_duplicate_action_makes_a_draft_for_the_same_owner(moderator_client):
    delivery = ended("published")

    response = post_action(moderator_client, "duplicate", delivery.post)

    assert "1 posts duplicated as drafts." in response.content.decode()
    copy = Post.objects.exclude(pk=delivery.post_id).get()
    assert (copy.owner_id, copy.scheduled_at) == (delivery.post.owner_id, None)
    assert list(copy.deliveries.values_list("account_id", "status")) == [(delivery.account_id, "pending")]


def test_delete_action_deletes_only_drafts_and_cancelled_posts(moderator_client):
    published, cancelled = ended("published"), ended("cancelled")
    scheduled = make_post(accounts=[SocialAccountFactory()])

    response = post_action(moderator_client, "delete_unpublished", published.post, cancelled.post, scheduled)

    assert "1 posts deleted; 2 skipped (only drafts and cancelled posts can be deleted)." in response.content.decode()
    assert set(Post.objects.values_list("pk", flat=True)) == {published.post_id, scheduled.pk}
