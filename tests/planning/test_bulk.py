"""Bulk actions: each post alone, each outcome said, another person's post refuses the whole request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from posts.models import Delivery, Post
from posts.services import posts as post_services
from tests.conftest import client_for
from tests.factories import SocialAccountFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user)


def make(user, account, *, hours: float | None = None, caption: str = "Post") -> Post:
    at = timezone.now() + timedelta(hours=hours) if hours is not None else None
    return post_services.post_create(owner=user, account_ids=[account.pk], caption=caption, scheduled_at=at)


def bulk(client, **body):
    return client.post("/api/v1/posts/bulk/", body, format="json")


def test_a_shift_moves_each_post_and_one_that_would_land_in_the_past_says_so(auth_client, user, account):
    soon, later, draft = make(user, account, hours=1), make(user, account, hours=48), make(user, account)
    answer = bulk(auth_client, action="reschedule", post_ids=[soon.pk, later.pk, draft.pk], shift_minutes=-120)
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["done"], body["failed"]) == (1, 2)
    by_id = {r["post_id"]: r for r in body["results"]}
    assert by_id[later.pk]["ok"] and by_id[later.pk]["message"].startswith("Rescheduled to")
    assert "in the past" in by_id[soon.pk]["message"] and "draft" in by_id[draft.pk]["message"]
    assert Post.objects.get(pk=later.pk).scheduled_at == later.scheduled_at - timedelta(minutes=120)
    assert Post.objects.get(pk=soon.pk).scheduled_at == soon.scheduled_at  # untouched


def test_a_set_time_schedules_drafts_too(auth_client, user, account):
    draft = make(user, account)
    when = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    body = bulk(auth_client, action="reschedule", post_ids=[draft.pk], scheduled_at=when.isoformat()).json()
    assert body["done"] == 1 and Post.objects.get(pk=draft.pk).scheduled_at == when


def test_cancel_and_add_to_queue_report_per_post(auth_client, user, account):
    first, second = make(user, account, hours=5), make(user, account)
    body = bulk(auth_client, action="cancel", post_ids=[first.pk]).json()
    assert body["results"] == [{"post_id": first.pk, "ok": True, "message": "Cancelled (1 delivery)."}]
    again = bulk(auth_client, action="cancel", post_ids=[first.pk]).json()
    assert again["failed"] == 1 and "Nothing left to cancel" in again["results"][0]["message"]
    queued = bulk(auth_client, action="add_to_queue", post_ids=[second.pk]).json()
    assert queued["done"] == 1 and queued["results"][0]["message"].startswith("Queued for")


def test_another_persons_post_in_the_list_changes_nothing(auth_client, user, account):
    mine = make(user, account, hours=5)
    stranger = UserFactory()
    theirs = make(stranger, SocialAccountFactory(owner=stranger), hours=5)
    answer = bulk(auth_client, action="cancel", post_ids=[mine.pk, theirs.pk])
    assert answer.status_code == 404
    assert Post.objects.get(pk=mine.pk).deliveries.get().status == "pending"
    assert (
        client_for(stranger)
        .post("/api/v1/posts/bulk/", {"action": "cancel", "post_ids": [mine.pk]}, format="json")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "explode", "post_ids": [1]}, "action"),
        ({"action": "cancel", "post_ids": []}, "post_ids"),
        ({"action": "cancel"}, "post_ids"),
        ({"action": "cancel", "post_ids": ["x"]}, "post_ids.0"),
        ({"action": "reschedule", "post_ids": [1]}, "shift_minutes"),
        ({"action": "reschedule", "post_ids": [1], "shift_minutes": "soon"}, "shift_minutes"),
        ({"action": "reschedule", "post_ids": [1], "scheduled_at": "tomorrow"}, "scheduled_at"),
    ],
)
def test_bad_input_names_its_field(auth_client, body, field):
    response = bulk(auth_client, **body)
    assert response.status_code == 400 and field in response.json()["errors"], response.json()


def test_a_post_listed_twice_is_refused(auth_client, user, account):
    post = make(user, account, hours=3)
    response = bulk(auth_client, action="cancel", post_ids=[post.pk, post.pk])
    assert response.status_code == 400 and "post_ids" in response.json()["errors"]


def test_the_list_filters_by_network_words_and_sorts(auth_client, user, account):
    make(user, account, hours=1, caption="Espresso beans from Brazil")
    make(user, account, hours=2, caption="Tea time")
    make(user, account, hours=3, caption="More espresso, darker BEANS")
    found = auth_client.get("/api/v1/posts/", {"q": "beans espresso", "ordering": "-scheduled_at"}).json()["results"]
    assert [p["caption"] for p in found] == ["More espresso, darker BEANS", "Espresso beans from Brazil"]
    assert auth_client.get("/api/v1/posts/", {"network": "sandbox"}).json()["count"] == 3
    assert auth_client.get("/api/v1/posts/", {"network": "x"}).json()["count"] == 0
    assert auth_client.get("/api/v1/posts/", {"network": "myspace"}).status_code == 400
    assert auth_client.get("/api/v1/posts/", {"ordering": "caption"}).status_code == 400


def test_retry_failed_puts_failed_deliveries_back_at_their_time_and_says_when_nothing_failed(
    auth_client, user, account
):
    failed, fine = make(user, account, hours=6), make(user, account, hours=7)
    failed.deliveries.update(status=Delivery.Status.FAILED, finished_at=timezone.now(), last_error="boom")
    body = bulk(auth_client, action="retry_failed", post_ids=[failed.pk, fine.pk]).json()
    by_id = {r["post_id"]: r for r in body["results"]}
    assert by_id[failed.pk] == {"post_id": failed.pk, "ok": True, "message": "1 failed delivery back in line."}
    assert by_id[fine.pk]["ok"] is False and "nothing has failed" in by_id[fine.pk]["message"]
    retried = failed.deliveries.get()
    assert retried.status == Delivery.Status.PENDING and retried.due_at == failed.scheduled_at  # not early


def test_duplicate_copies_any_post_and_delete_takes_only_drafts_and_cancelled_ones(auth_client, user, account):
    scheduled, draft = make(user, account, hours=4, caption="Keep me"), make(user, account, caption="Old draft")
    copies = bulk(auth_client, action="duplicate", post_ids=[scheduled.pk]).json()
    assert copies["done"] == 1 and copies["results"][0]["message"].startswith("Copied into draft")
    assert Post.objects.filter(caption="Keep me").count() == 2

    deleted = bulk(auth_client, action="delete", post_ids=[draft.pk, scheduled.pk]).json()
    by_id = {r["post_id"]: r for r in deleted["results"]}
    assert by_id[draft.pk]["ok"] and not Post.objects.filter(pk=draft.pk).exists()
    assert not by_id[scheduled.pk]["ok"] and Post.objects.filter(pk=scheduled.pk).exists()
