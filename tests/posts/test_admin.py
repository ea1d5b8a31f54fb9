"""Admin: moderators see everyone's deliveries and act on them through the services."""

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

    response = moderator_client.get("/admin/posts/post/", {"status": "failed"})

    assert [p.pk for p in response.context["cl"].result_list] == [delivery.post_id]
    assert moderator_client.get(f"/admin/posts/post/{delivery.post_id}/change/").status_code == 200


def test_retry_action_requeues_only_failed_and_unknown(moderator_client):
    unknown, published = ended("unknown"), ended("published")

    response = act(moderator_client, "retry", unknown, published)

    assert "1 deliveries queued for a retry; 1 skipped" in response.content.decode()
    assert Delivery.objects.get(pk=unknown.pk).status == "pending"
    assert Delivery.objects.get(pk=published.pk).status == "published"


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
