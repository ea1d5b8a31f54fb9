"""Editing like a scheduler: change a scheduled post while nothing started, drafts,
duplicate into a draft, delete a draft or a cancelled post, and media that stays
while a post that is not a draft uses it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import SocialAccount
from posts.models import Delivery, Media, Post, PostMedia
from posts.services import dispatch
from tests.conftest import client_for
from tests.factories import SocialAccountFactory, UserFactory
from tests.posts.helpers import make_media, make_post

pytestmark = pytest.mark.django_db

URL = "/api/v1/posts/"
S = Delivery.Status


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user)


def end_deliveries(post: Post, status: str) -> None:
    """Move a post's deliveries to an end state, as the pipeline would have."""
    now = timezone.now()
    Delivery.objects.filter(post=post).update(
        status=status, last_error="" if status == S.PUBLISHED else "it ended", finished_at=now, published_at=now
    )


def status_of(client, post_id: int) -> str:
    return client.get(f"{URL}{post_id}/").json()["status"]


# Editing a scheduled post


def test_edit_changes_everything_of_a_scheduled_post(auth_client, user, account):
    linkedin = SocialAccountFactory(owner=user, network="linkedin")
    first, second = make_media(user), make_media(user)
    post = make_post(accounts=[account], media_ids=[first.pk])
    when = timezone.now() + timedelta(days=3)

    response = auth_client.patch(
        f"{URL}{post.pk}/",
        {
            "caption": "Edited caption",
            "media_ids": [second.pk, first.pk],
            "account_ids": [account.pk, linkedin.pk],
            "variants": {str(account.pk): "Sandbox's own words"},
            "options": {str(linkedin.pk): {"visibility": "CONNECTIONS"}},
            "scheduled_at": when.isoformat(),
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["caption"], body["status"]) == ("Edited caption", "scheduled")
    assert [m["id"] for m in body["media"]] == [second.pk, first.pk]
    deliveries = {d.account_id: d for d in Delivery.objects.filter(post=post)}
    assert set(deliveries) == {account.pk, linkedin.pk}
    assert deliveries[account.pk].caption == "Sandbox's own words"
    assert deliveries[linkedin.pk].options == {"visibility": "CONNECTIONS"}
    assert {(d.status, d.due_at, d.network) for d in deliveries.values()} == {
        (S.PENDING, when, "sandbox"),
        (S.PENDING, when, "linkedin"),
    }


def test_an_account_taken_off_loses_its_delivery_and_one_put_on_gets_one(auth_client, user, account):
    kept, added = SocialAccountFactory(owner=user), SocialAccountFactory(owner=user)
    post = make_post(accounts=[account, kept])
    kept_delivery = Delivery.objects.get(post=post, account=kept)

    response = auth_client.patch(f"{URL}{post.pk}/", {"account_ids": [kept.pk, added.pk]}, format="json")

    assert response.status_code == 200, response.json()
    assert {d["account"]["id"] for d in response.json()["deliveries"]} == {kept.pk, added.pk}
    assert not Delivery.objects.filter(post=post, account=account).exists()
    # The delivery that stays is the same row, not a new one.
    assert Delivery.objects.get(post=post, account=kept).pk == kept_delivery.pk


def test_an_edit_that_fails_a_network_rule_changes_nothing(auth_client, user, account):
    x = SocialAccountFactory(owner=user, network="x")
    post = make_post(accounts=[account])

    response = auth_client.patch(
        f"{URL}{post.pk}/", {"account_ids": [account.pk, x.pk], "caption": "a" * 281}, format="json"
    )

    assert response.status_code == 400
    assert "allows 280 characters" in response.json()["errors"]["caption"][0]
    assert list(Delivery.objects.filter(post=post).values_list("account_id", flat=True)) == [account.pk]


@pytest.mark.parametrize("status", [S.QUEUED, S.PUBLISHING, S.PUBLISHED, S.FAILED, S.UNKNOWN])
def test_an_edit_once_one_delivery_started_is_409_and_changes_nothing(auth_client, user, account, status):
    other = SocialAccountFactory(owner=user)
    post = make_post(accounts=[account, other])
    now = timezone.now()
    Delivery.objects.filter(post=post, account=other).update(
        status=status, queued_at=now, started_at=now, published_at=now, last_error="x"
    )

    response = auth_client.patch(
        f"{URL}{post.pk}/", {"caption": "Too late", "account_ids": [account.pk]}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "Publishing has started or ended for this post; it can no longer be changed."
    assert Post.objects.get(pk=post.pk).caption == "Hello"
    assert Delivery.objects.filter(post=post).count() == 2


def test_an_edit_of_a_cancelled_post_is_409_saying_to_duplicate(auth_client, account):
    post = make_post(accounts=[account])
    auth_client.post(f"{URL}{post.pk}/cancel/")

    response = auth_client.patch(f"{URL}{post.pk}/", {"caption": "Back"}, format="json")

    assert response.status_code == 409
    assert response.json()["detail"] == "This post was cancelled; duplicate it to schedule it again."


def test_another_users_post_cannot_be_edited(account):
    post = make_post(accounts=[account])

    response = client_for(UserFactory()).patch(f"{URL}{post.pk}/", {"caption": "Mine now"}, format="json")

    assert response.status_code == 404
    assert Post.objects.get(pk=post.pk).caption == "Hello"


# Drafts


def test_a_draft_is_saved_without_a_time_listed_and_scheduled_later(auth_client, user, account):
    older = auth_client.post(URL, {"caption": "Idea one", "account_ids": [account.pk]}, format="json").json()
    newer = auth_client.post(URL, {"caption": "Idea two", "account_ids": [account.pk]}, format="json").json()
    make_post(accounts=[account], caption="Already scheduled")

    drafts = auth_client.get(URL, {"status": "draft", "ordering": "-updated_at"}).json()["results"]

    assert [d["id"] for d in drafts] == [newer["id"], older["id"]]  # the last edited first
    assert {d["scheduled_at"] for d in drafts} == {None}
    when = timezone.now() + timedelta(hours=5)
    scheduled = auth_client.patch(f"{URL}{older['id']}/", {"scheduled_at": when.isoformat()}, format="json")
    assert scheduled.status_code == 200
    assert scheduled.json()["status"] == "scheduled"
    assert Delivery.objects.get(post_id=older["id"]).due_at == when
    assert [d["id"] for d in auth_client.get(URL, {"status": "draft"}).json()["results"]] == [newer["id"]]


def test_a_draft_scheduled_in_the_past_is_400_naming_the_time(auth_client, account):
    draft = auth_client.post(URL, {"caption": "Idea", "account_ids": [account.pk]}, format="json").json()

    past = (timezone.now() - timedelta(minutes=5)).isoformat()
    response = auth_client.patch(f"{URL}{draft['id']}/", {"scheduled_at": past}, format="json")

    assert response.status_code == 400
    assert "is in the past" in response.json()["errors"]["scheduled_at"][0]
    assert status_of(auth_client, draft["id"]) == "draft"


def test_a_draft_is_never_claimed_by_the_dispatcher(account):
    draft = make_post(accounts=[account])
    Post.objects.filter(pk=draft.pk).update(scheduled_at=None)
    Delivery.objects.filter(post=draft).update(due_at=None)

    dispatch.dispatch_due()

    assert Delivery.objects.get(post=draft).status == S.PENDING


# Duplicate


@pytest.mark.parametrize("status", [S.PUBLISHED, S.FAILED, S.CANCELLED])
def test_duplicate_copies_any_post_into_a_new_draft(auth_client, user, account, status):
    linkedin = SocialAccountFactory(owner=user, network="linkedin")
    media = [make_media(user), make_media(user)]
    post = make_post(
        accounts=[account, linkedin],
        caption="Original",
        media_ids=[media[1].pk, media[0].pk],
        variants={str(account.pk): "Sandbox words"},
        options={str(linkedin.pk): {"visibility": "CONNECTIONS"}},
    )
    end_deliveries(post, status)

    response = auth_client.post(f"{URL}{post.pk}/duplicate/")

    assert response.status_code == 201, response.json()
    copy = response.json()
    assert copy["id"] != post.pk
    assert (copy["status"], copy["scheduled_at"], copy["caption"]) == ("draft", None, "Original")
    assert [m["id"] for m in copy["media"]] == [media[1].pk, media[0].pk]
    by_account = {d["account"]["id"]: d for d in copy["deliveries"]}
    assert by_account[account.pk]["caption"] == "Sandbox words"
    assert by_account[linkedin.pk]["options"] == {"visibility": "CONNECTIONS"}
    assert {(d["status"], d["due_at"], d["attempts"]) for d in copy["deliveries"]} == {("pending", None, 0)}
    # The original is untouched.
    assert set(Delivery.objects.filter(post=post).values_list("status", flat=True)) == {status}


def test_duplicate_leaves_out_accounts_no_longer_connected(auth_client, user, account):
    gone = SocialAccountFactory(owner=user)
    post = make_post(accounts=[account, gone])
    SocialAccount.objects.filter(pk=gone.pk).update(status=SocialAccount.Status.REVOKED)

    copy = auth_client.post(f"{URL}{post.pk}/duplicate/").json()

    assert [d["account"]["id"] for d in copy["deliveries"]] == [account.pk]


def test_duplicate_with_no_connected_account_left_is_409(auth_client, account):
    post = make_post(accounts=[account])
    SocialAccount.objects.filter(pk=account.pk).update(status=SocialAccount.Status.EXPIRED)

    response = auth_client.post(f"{URL}{post.pk}/duplicate/")

    assert response.status_code == 409
    assert "reconnect one" in response.json()["detail"]
    assert Post.objects.count() == 1


def test_duplicate_of_another_users_post_is_404(account):
    post = make_post(accounts=[account])

    assert client_for(UserFactory()).post(f"{URL}{post.pk}/duplicate/").status_code == 404
    assert Post.objects.count() == 1


# Delete


def test_delete_removes_a_draft_with_its_deliveries(auth_client, user, account):
    media = make_media(user)
    draft = auth_client.post(
        URL, {"caption": "Idea", "account_ids": [account.pk], "media_ids": [media.pk]}, format="json"
    )

    response = auth_client.delete(f"{URL}{draft.json()['id']}/")

    assert response.status_code == 204
    assert not Post.objects.exists()
    assert not Delivery.objects.exists()
    assert Media.objects.filter(pk=media.pk).exists()  # the media stays in the library
    assert auth_client.get(f"{URL}{draft.json()['id']}/").status_code == 404


def test_delete_removes_a_cancelled_post(auth_client, account):
    post = make_post(accounts=[account])
    auth_client.post(f"{URL}{post.pk}/cancel/")

    assert auth_client.delete(f"{URL}{post.pk}/").status_code == 204
    assert not Post.objects.filter(pk=post.pk).exists()


def test_delete_of_a_scheduled_post_is_409_saying_to_cancel_first(auth_client, account):
    post = make_post(accounts=[account])

    response = auth_client.delete(f"{URL}{post.pk}/")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Only a draft or a cancelled post can be deleted; this one is scheduled. "
        "Cancel it first if it has not been published."
    )
    assert Delivery.objects.get(post=post).status == S.PENDING


@pytest.mark.parametrize(("status", "label"), [(S.PUBLISHED, "published"), (S.FAILED, "failed")])
def test_delete_of_a_post_with_an_outcome_is_409(auth_client, account, status, label):
    post = make_post(accounts=[account])
    end_deliveries(post, status)

    response = auth_client.delete(f"{URL}{post.pk}/")

    assert response.status_code == 409
    assert response.json()["detail"] == f"Only a draft or a cancelled post can be deleted; this one is {label}."
    assert Post.objects.filter(pk=post.pk).exists()


def test_delete_of_another_users_draft_is_404(account):
    draft = make_post(accounts=[account])
    Post.objects.filter(pk=draft.pk).update(scheduled_at=None)

    assert client_for(UserFactory()).delete(f"{URL}{draft.pk}/").status_code == 404
    assert Post.objects.filter(pk=draft.pk).exists()


# Media in use


@pytest.mark.parametrize(
    ("status", "label"), [(S.PENDING, "scheduled"), (S.PUBLISHED, "published"), (S.FAILED, "failed")]
)
def test_media_used_by_a_post_that_is_not_a_draft_is_kept_409_naming_it(auth_client, user, account, status, label):
    media = make_media(user, name="launch.png")
    post = make_post(accounts=[account], media_ids=[media.pk])
    if status != S.PENDING:
        end_deliveries(post, status)

    response = auth_client.delete(f"/api/v1/media/{media.pk}/")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"launch.png is used by post {post.pk} ({label}), so it is kept: "
        "only media that drafts and cancelled posts alone use can be deleted."
    )
    assert list(PostMedia.objects.filter(post=post).values_list("media_id", flat=True)) == [media.pk]


def test_media_409_names_every_post_that_keeps_it(auth_client, user, account):
    media = make_media(user, name="launch.png")
    published, scheduled = (make_post(accounts=[account], media_ids=[media.pk]) for _ in range(2))
    end_deliveries(published, S.PUBLISHED)
    draft = make_post(accounts=[account], media_ids=[media.pk])
    Post.objects.filter(pk=draft.pk).update(scheduled_at=None)

    detail = auth_client.delete(f"/api/v1/media/{media.pk}/").json()["detail"]

    assert f"post {published.pk} (published), post {scheduled.pk} (scheduled)," in detail
    assert f"post {draft.pk}" not in detail


def test_media_used_only_by_drafts_and_cancelled_posts_is_deleted_from_them(
    auth_client, user, account, django_capture_on_commit_callbacks
):
    media, other = make_media(user), make_media(user)
    draft = auth_client.post(
        URL, {"caption": "Idea", "account_ids": [account.pk], "media_ids": [media.pk, other.pk]}, format="json"
    ).json()
    cancelled = make_post(accounts=[account], media_ids=[media.pk])
    auth_client.post(f"{URL}{cancelled.pk}/cancel/")

    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.delete(f"/api/v1/media/{media.pk}/")

    assert response.status_code == 204
    assert not Media.objects.filter(pk=media.pk).exists()
    assert [m["id"] for m in auth_client.get(f"{URL}{draft['id']}/").json()["media"]] == [other.pk]
    assert status_of(auth_client, draft["id"]) == "draft"
    assert status_of(auth_client, cancelled.pk) == "cancelled"
